import { PS_PER_S, ticksAt, timeOfTick, type Device, type DeviceContext, type Scheduler, type Signal, type TimerHandle } from '../../src/api/index.js';
import { readBytes, writeBytes } from '../isa/byte-wide.js';
import { decode, decodeHour, encode, encodeHour, fromCalendar, isDontCare, secondsToAlarm, toCalendar } from './calendar.js';
import { pcCmosBytes } from './cmos-layout.js';

/** Options of the `mc146818-rtc` plugin. */
export interface RtcOptions {
  /** Unix time the clock shows at power-on (default 0: 1970-01-01 00:00:00); never the host clock. */
  readonly epoch?: number;
  /** RAM size for the CMOS memory bytes: bytes, or a string such as "128MiB" (default 128 MiB). */
  readonly memory?: number | string;
  /** CPU count for CMOS byte 0x5F (default: the board's CPU count). */
  readonly cpus?: number;
}

/** CMOS indexes of the clock. */
const enum Reg {
  SECONDS = 0x00,
  SECONDS_ALARM = 0x01,
  MINUTES = 0x02,
  MINUTES_ALARM = 0x03,
  HOURS = 0x04,
  HOURS_ALARM = 0x05,
  DAY_OF_WEEK = 0x06,
  DAY_OF_MONTH = 0x07,
  MONTH = 0x08,
  YEAR = 0x09,
  A = 0x0a,
  B = 0x0b,
  C = 0x0c,
  D = 0x0d,
  CENTURY = 0x32,
  PS2_CENTURY = 0x37,
}

const A_UIP = 0x80;
const B_SET = 0x80;
const B_PIE = 0x40;
const B_AIE = 0x20;
const B_UIE = 0x10;
const C_IRQF = 0x80;
const C_PF = 0x40;
const C_AF = 0x20;
const C_UF = 0x10;
const D_VRT = 0x80;

/** The divider's input: 32.768 kHz. UIP rises 8 of its cycles (244.140625 us) before each update. */
const DIVIDER_HZ = 32768;
const UIP_HOLD_PS = (8 * PS_PER_S) / DIVIDER_HZ;
const HALF_SECOND_PS = PS_PER_S / 2;
const NONE = -1;

/** Port offsets from the base (0x70). */
export const RTC_PORTS = { INDEX: 0, DATA: 1 } as const;

/**
 * MC146818 RTC and CMOS memory at ports 0x70/0x71, with QEMU 7.2's pc contents and behaviour:
 * time registers in BCD or binary and 12- or 24-hour form, the update-in-progress window,
 * periodic, alarm and update-ended interrupts on `irq` (IRQ 8), register C cleared by reading,
 * SET and the divider reset, and the NMI-mask bit of port 0x70 (output `nmimask`).
 *
 * The clock is virtual time from `epoch`: the second that began at `phaseTime` (a boundary of
 * the divider chain) shows `secondsAtPhase`, and each 10^12 ps after it adds one. Flags are
 * worked out for the interval since `flagsCheckedAt` whenever the guest looks, so no event is
 * needed unless an interrupt is enabled; then one event is armed for the earliest.
 */
export class Mc146818Rtc implements Device {
  private readonly irq: Signal;
  private readonly nmiMask: Signal;
  private readonly scheduler: Scheduler;
  readonly cmos = new Uint8Array(128);
  private index = 0;
  private phaseTime = 0;
  private secondsAtPhase = 0;
  private flagsCheckedAt = 0;
  private event: TimerHandle | undefined;
  private eventAt = NONE;

  constructor(private readonly ctx: DeviceContext<RtcOptions>) {
    memoryBytes(ctx.options.memory); // refuse a bad size when the board loads
    this.irq = ctx.output('irq');
    this.nmiMask = ctx.output('nmimask');
    this.scheduler = ctx.scheduler;
  }

  reset(): void {
    const now = this.scheduler.now();
    const epoch = this.ctx.options.epoch ?? 0;
    this.cmos.fill(0);
    const century = Math.floor(toCalendar(epoch).year / 100);
    const bytes = pcCmosBytes({ memory: memoryBytes(this.ctx.options.memory), cpus: this.ctx.options.cpus ?? this.ctx.cpuCount, century });
    for (const [i, v] of bytes) this.cmos[i] = v;
    this.cmos[Reg.A] = 0x26; // 32.768 kHz divider, 1024 Hz periodic rate
    this.cmos[Reg.B] = 0x02; // 24-hour, BCD
    this.cmos[Reg.D] = D_VRT;
    this.index = 0;
    this.phaseTime = now;
    this.secondsAtPhase = epoch;
    this.flagsCheckedAt = now;
    this.storeTime(epoch);
    this.nmiMask.lower();
    this.settle();
  }

  ioRead(offset: number, size: 1 | 2 | 4): number {
    return readBytes(size, offset, (o) => (o === RTC_PORTS.DATA ? this.readData() : 0xff));
  }

  ioWrite(offset: number, size: 1 | 2 | 4, value: number): void {
    writeBytes(size, offset, value, (o, v) => {
      if (o === RTC_PORTS.INDEX) {
        this.index = v & 0x7f;
        this.nmiMask.set(v >> 7);
      } else if (o === RTC_PORTS.DATA) this.writeData(v);
    });
  }

  // --- clock ---------------------------------------------------------------------------------

  /** Updates happen: SET clear and the divider counting (DV 000, 001 or 010, as QEMU accepts). */
  private running(): boolean {
    return !(this.cmos[Reg.B] & B_SET) && (this.cmos[Reg.A] & 0x70) <= 0x20;
  }

  /** The divider chain runs unless DV holds it in reset (11x): the periodic rate comes from it. */
  private dividerRunning(): boolean {
    return (this.cmos[Reg.A] & 0x60) !== 0x60;
  }

  /** Second boundaries of the divider chain since `phaseTime`, up to `now`. */
  private boundaries(now: number): number {
    return Math.floor((now - this.phaseTime) / PS_PER_S);
  }

  private seconds(now: number): number {
    return this.secondsAtPhase + this.boundaries(now);
  }

  private nextBoundary(now: number): number {
    return this.phaseTime + (this.boundaries(now) + 1) * PS_PER_S;
  }

  /** Set the clock: `seconds` from now on, keeping the divider's phase. */
  private setClock(seconds: number, now: number): void {
    this.secondsAtPhase = seconds - this.boundaries(now);
  }

  /** Write `seconds` into the time registers in the current format. */
  private storeTime(seconds: number): void {
    const b = this.cmos[Reg.B];
    const t = toCalendar(seconds);
    this.cmos[Reg.SECONDS] = encode(t.second, b);
    this.cmos[Reg.MINUTES] = encode(t.minute, b);
    this.cmos[Reg.HOURS] = encodeHour(t.hour, b);
    this.cmos[Reg.DAY_OF_WEEK] = encode(t.dayOfWeek, b);
    this.cmos[Reg.DAY_OF_MONTH] = encode(t.day, b);
    this.cmos[Reg.MONTH] = encode(t.month, b);
    this.cmos[Reg.YEAR] = encode(t.year % 100, b);
    this.cmos[Reg.CENTURY] = encode(Math.floor(t.year / 100), b);
  }

  /** The time the registers hold (the day of week is derived from the date, as QEMU does). */
  private loadTime(): number {
    const b = this.cmos[Reg.B];
    return fromCalendar({
      second: decode(this.cmos[Reg.SECONDS], b),
      minute: decode(this.cmos[Reg.MINUTES], b),
      hour: decodeHour(this.cmos[Reg.HOURS], b),
      dayOfWeek: 0,
      day: decode(this.cmos[Reg.DAY_OF_MONTH], b),
      month: decode(this.cmos[Reg.MONTH], b),
      year: decode(this.cmos[Reg.YEAR], b) + 100 * decode(this.cmos[Reg.CENTURY], b),
    });
  }

  // --- registers ---------------------------------------------------------------------------

  private readData(): number {
    const now = this.scheduler.now();
    this.account(now);
    const i = this.index;
    let value = this.cmos[i];
    if (isTimeRegister(i)) {
      if (this.running()) this.storeTime(this.seconds(now));
      value = this.cmos[i];
    } else if (i === Reg.A) {
      if (this.running() && now >= this.nextBoundary(now) - UIP_HOLD_PS) value |= A_UIP;
    } else if (i === Reg.C) {
      this.cmos[Reg.C] = 0;
    }
    this.settle();
    return value;
  }

  private writeData(value: number): void {
    const now = this.scheduler.now();
    this.account(now);
    let i = this.index;
    if (i === Reg.PS2_CENTURY) i = this.index = Reg.CENTURY; // QEMU redirects it, for good
    if (isTimeRegister(i)) {
      if (this.running()) {
        this.storeTime(this.seconds(now));
        this.cmos[i] = value;
        this.setClock(this.loadTime(), now);
      } else {
        this.cmos[i] = value;
      }
    } else if (i === Reg.A) {
      this.writeA(value, now);
    } else if (i === Reg.B) {
      this.writeB(value, now);
    } else if (i !== Reg.C && i !== Reg.D) {
      this.cmos[i] = value;
    }
    this.settle();
  }

  private writeA(value: number, now: number): void {
    const old = this.cmos[Reg.A];
    if ((value & 0x60) === 0x60) {
      // Divider reset: the clock stops where it is.
      if (this.running()) this.storeTime(this.seconds(now));
    } else if ((old & 0x60) === 0x60 && (value & 0x70) <= 0x20 && !(this.cmos[Reg.B] & B_SET)) {
      // Released: the first update comes half a second later.
      this.phaseTime = now - HALF_SECOND_PS;
      this.cmos[Reg.A] = value & ~A_UIP;
      this.setClock(this.loadTime(), now);
      return;
    }
    this.cmos[Reg.A] = value & ~A_UIP;
  }

  private writeB(value: number, now: number): void {
    const old = this.cmos[Reg.B];
    if (value & B_SET) {
      if (this.running()) this.storeTime(this.seconds(now));
      value &= ~B_UIE; // SET clears UIE
      this.cmos[Reg.B] = value;
      return;
    }
    this.cmos[Reg.B] = value;
    // SET cleared: the clock resumes from the registers, on the divider's phase.
    if (old & B_SET && this.running()) this.setClock(this.loadTime(), now);
  }

  // --- flags and interrupts ----------------------------------------------------------------

  /** Set the flags of everything that happened in (flagsCheckedAt, now]. */
  private account(now: number): void {
    const from = this.flagsCheckedAt;
    if (now <= from) return;
    this.flagsCheckedAt = now;
    let flags = 0;
    if (this.running() && this.boundaries(now) > this.boundaries(from)) {
      flags |= C_UF;
      const alarm = this.alarmAfter(from);
      if (alarm !== NONE && alarm <= now) flags |= C_AF;
    }
    const period = this.periodTicks();
    if (period && this.periodIndex(now, period) > this.periodIndex(from, period)) flags |= C_PF;
    this.cmos[Reg.C] |= flags;
  }

  /** Periodic interrupt period in divider cycles (QEMU: rates 1 and 2 are 256 and 128 Hz), 0 when off. */
  private periodTicks(): number {
    let code = this.cmos[Reg.A] & 0x0f;
    if (code === 0 || !this.dividerRunning()) return 0;
    if (code <= 2) code += 7;
    return 1 << (code - 1);
  }

  private periodIndex(now: number, period: number): number {
    return Math.floor(ticksAt(now - this.phaseTime, DIVIDER_HZ) / period);
  }

  private nextPeriodic(now: number, period: number): number {
    return this.phaseTime + timeOfTick((this.periodIndex(now, period) + 1) * period, DIVIDER_HZ);
  }

  /** Time of the first update after `time` at which the clock matches the alarm, or NONE. */
  private alarmAfter(time: number): number {
    const b = this.cmos[Reg.B];
    const field = (raw: number, hour = false) => (isDontCare(raw) ? undefined : hour ? decodeHour(raw, b) : decode(raw, b));
    const s = this.seconds(time);
    const timeOfDay = ((s % 86400) + 86400) % 86400;
    const wait = secondsToAlarm(timeOfDay, field(this.cmos[Reg.HOURS_ALARM], true), field(this.cmos[Reg.MINUTES_ALARM]), field(this.cmos[Reg.SECONDS_ALARM]));
    if (wait < 0) return NONE;
    return this.phaseTime + (this.boundaries(time) + wait) * PS_PER_S;
  }

  /** Drive `irq` from register C and B, and arm one event for the earliest enabled flag still clear. */
  private settle(): void {
    const now = this.scheduler.now();
    const b = this.cmos[Reg.B];
    const c = this.cmos[Reg.C];
    const pending = c & b & (C_PF | C_AF | C_UF);
    this.cmos[Reg.C] = pending ? c | C_IRQF : c & ~C_IRQF;
    this.irq.set(pending ? 1 : 0);

    let next = NONE;
    const consider = (t: number) => {
      if (t !== NONE && (next === NONE || t < next)) next = t;
    };
    if (this.running()) {
      if (b & B_UIE && !(c & C_UF)) consider(this.nextBoundary(now));
      if (b & B_AIE && !(c & C_AF)) consider(this.alarmAfter(now));
    }
    const period = this.periodTicks();
    if (b & B_PIE && period && !(c & C_PF)) consider(this.nextPeriodic(now, period));
    if (next === this.eventAt && this.event) return;
    this.scheduler.cancel(this.event);
    this.event = undefined;
    this.eventAt = next;
    if (next !== NONE) this.event = this.scheduler.at(next, () => this.onEvent(), `${this.ctx.id} rtc`);
  }

  private onEvent(): void {
    this.event = undefined;
    this.eventAt = NONE;
    this.account(this.scheduler.now());
    this.settle();
  }
}

function isTimeRegister(i: number): boolean {
  return i === Reg.SECONDS || i === Reg.MINUTES || i === Reg.HOURS || (i >= Reg.DAY_OF_WEEK && i <= Reg.YEAR) || i === Reg.CENTURY;
}

/** RAM size from the `memory` option: bytes, or "128MiB", "1GiB", "128M". */
export function memoryBytes(option: number | string | undefined): number {
  if (option === undefined) return 128 * 2 ** 20;
  if (typeof option === 'number') return option;
  const m = MEMORY_SIZE.exec(option);
  if (!m) throw new Error(`options.memory: "${option}" is not a size; write bytes or e.g. 128MiB`);
  const shift = m[2] ? { K: 10, M: 20, G: 30 }[m[2].toUpperCase() as 'K' | 'M' | 'G'] : 0;
  return Number(m[1]) * 2 ** shift;
}

/** A size with an optional binary unit: 134217728, 128MiB, 128M, 1GiB. */
export const MEMORY_SIZE = /^\s*([0-9]+)\s*(?:([KMGkmg])(?:iB)?)?\s*$/;
