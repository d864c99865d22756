import { fromBcd, toBcd } from '../isa/byte-wide.js';

/** Register B bits that change how time registers are encoded. */
export const REG_B_24H = 0x02;
export const REG_B_DM = 0x04;

/** Broken-down time, as the RTC registers hold it (month 1–12, day of week 1–7 with Sunday = 1). */
export interface RtcTime {
  second: number;
  minute: number;
  hour: number;
  dayOfWeek: number;
  day: number;
  month: number;
  year: number;
}

/** Seconds since 1970-01-01 00:00:00 to calendar fields (proleptic Gregorian, no time zone). Pure arithmetic, never the host clock. */
export function toCalendar(seconds: number): RtcTime {
  const d = new Date(seconds * 1000);
  return {
    second: d.getUTCSeconds(),
    minute: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    dayOfWeek: d.getUTCDay() + 1,
    day: d.getUTCDate(),
    month: d.getUTCMonth() + 1,
    year: d.getUTCFullYear(),
  };
}

/** Calendar fields to seconds; out-of-range fields carry over (as QEMU's mktimegm does). */
export function fromCalendar(t: RtcTime): number {
  return Math.floor(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) / 1000);
}

/** A value as the registers hold it: BCD unless register B has DM (binary). */
export function encode(value: number, regB: number): number {
  return regB & REG_B_DM ? value & 0xff : toBcd(value % 100);
}

export function decode(raw: number, regB: number): number {
  return regB & REG_B_DM ? raw : fromBcd(raw);
}

/** The hours register: 24-hour, or 12-hour with bit 7 for PM (12 AM is 12). */
export function encodeHour(hour: number, regB: number): number {
  if (regB & REG_B_24H) return encode(hour, regB);
  const h12 = hour % 12 || 12;
  return encode(h12, regB) | (hour >= 12 ? 0x80 : 0);
}

export function decodeHour(raw: number, regB: number): number {
  const h = decode(raw & 0x7f, regB);
  if (regB & REG_B_24H) return h;
  return (h % 12) + (raw & 0x80 ? 12 : 0);
}

/** An alarm byte with bits 7:6 set matches every value. */
export const isDontCare = (raw: number): boolean => (raw & 0xc0) === 0xc0;

/**
 * Seconds from `now` (a time of day in seconds, 0–86399) to the next second strictly after it
 * whose hour, minute and second match the alarm (each a value or `undefined` for don't care);
 * -1 if no time of day matches.
 */
export function secondsToAlarm(now: number, hour: number | undefined, minute: number | undefined, second: number | undefined): number {
  const start = now + 1;
  for (let i = 0; i <= 1440; i++) {
    const minuteOfDay = (Math.floor(start / 60) + i) % 1440;
    const h = Math.floor(minuteOfDay / 60);
    const m = minuteOfDay % 60;
    if ((hour !== undefined && hour !== h) || (minute !== undefined && minute !== m)) continue;
    const from = i === 0 ? start % 60 : 0;
    const s = second === undefined ? from : second >= from && second < 60 ? second : -1;
    if (s < 0) continue;
    return (Math.floor(start / 60) + i) * 60 + s - now;
  }
  return -1;
}
