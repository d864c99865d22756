import { Either, left, right } from 'fp-ts/lib/Either.js';

/** Virtual time is an integer count of picoseconds held in a Number: exact up to 2^53 ps (about 2.5 hours). */
export const PS_PER_S = 1_000_000_000_000;
export const MAX_VIRTUAL_TIME_PS = Number.MAX_SAFE_INTEGER;

const TIME_UNITS: Record<string, number> = { ps: 1, ns: 1e3, us: 1e6, 'µs': 1e6, ms: 1e9, s: 1e12, min: 60e12 };
const FREQ_UNITS: Record<string, number> = { hz: 1, khz: 1e3, mhz: 1e6, ghz: 1e9 };

/** Parse "10us", "1.5ms", "2s", "250ns" into picoseconds. */
export function parseDuration(text: string): Either<string, number> {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(ps|ns|us|µs|ms|s|min)\s*$/.exec(text);
  if (!m) return left(`"${text}" is not a duration; write a number and a unit, e.g. 10us, 5ms, 2s`);
  const ps = Math.round(parseFloat(m[1]) * TIME_UNITS[m[2]]);
  if (!Number.isSafeInteger(ps)) return left(`"${text}" is longer than virtual time can count exactly (about 2.5 hours)`);
  return right(ps);
}

/** Parse "1GHz", "40MHz", "62.5MHz" or a plain number of hertz. */
export function parseFrequency(text: string | number): Either<string, number> {
  if (typeof text === 'number') return text > 0 ? right(text) : left(`${text} is not a positive frequency`);
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(hz|khz|mhz|ghz)?\s*$/i.exec(text);
  if (!m) return left(`"${text}" is not a frequency; write e.g. 1GHz, 40MHz`);
  const hz = parseFloat(m[1]) * FREQ_UNITS[(m[2] ?? 'hz').toLowerCase()];
  return hz > 0 ? right(hz) : left(`"${text}" is not a positive frequency`);
}

/** Clock period in whole picoseconds; frequencies are rounded to the nearest picosecond period. */
export function periodPs(hz: number): number {
  return Math.max(1, Math.round(PS_PER_S / hz));
}

export function formatTime(ps: number): string {
  if (ps >= 1e12) return `${(ps / 1e12).toFixed(6)} s`;
  if (ps >= 1e9) return `${(ps / 1e9).toFixed(3)} ms`;
  if (ps >= 1e6) return `${(ps / 1e6).toFixed(3)} us`;
  return `${ps} ps`;
}
