/**
 * NaN handling on raw bit patterns (Arm FPProcessNaN / FPProcessNaNs / FPProcessNaNs3):
 * a signalling NaN raises Invalid Operation and is quieted; the first operand in priority
 * order wins (any SNaN before any QNaN); FPCR.DN replaces the result by the default NaN.
 * Numbers cannot carry signalling NaNs through the host reliably, so this works on bits.
 * Double-precision results return bits [31:0]; bits [63:32] are left in {@link nanOut}.
 * @module
 */
import { FPCR_DN, FPSR_IOC, type FpEnv } from './fp-env.js';

/** Default NaN patterns. */
export const DEFAULT_NAN16 = 0x7e00;
export const DEFAULT_NAN32 = 0x7fc00000;
export const DEFAULT_NAN64_HI = 0x7ff80000;

/** High word of the last double-precision NaN result. */
export const nanOut = { hi: 0 };

/** Is a single-precision pattern a NaN? */
export function isNaN32(b: number): boolean {
  return (b & 0x7f800000) === 0x7f800000 && (b & 0x007fffff) !== 0;
}
/** Is a single-precision pattern a signalling NaN? */
export function isSNaN32(b: number): boolean {
  return (b & 0x7fc00000) === 0x7f800000 && (b & 0x003fffff) !== 0;
}
/** Is a double-precision pattern (hi, lo) a NaN? */
export function isNaN64(lo: number, hi: number): boolean {
  return (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0x000fffff) | lo) !== 0;
}
/** Is a double-precision pattern a signalling NaN? */
export function isSNaN64(lo: number, hi: number): boolean {
  return (hi & 0x7ff80000) === 0x7ff00000 && ((hi & 0x0007ffff) | lo) !== 0;
}
/** Is a half-precision pattern a NaN (IEEE format)? */
export function isNaN16(b: number): boolean {
  return (b & 0x7c00) === 0x7c00 && (b & 0x03ff) !== 0;
}
/** Is a half-precision pattern a signalling NaN? */
export function isSNaN16(b: number): boolean {
  return (b & 0x7e00) === 0x7c00 && (b & 0x01ff) !== 0;
}

/** FPProcessNaN for a single-precision NaN pattern. */
export function processNaN32(b: number, env: FpEnv): number {
  if ((b & 0x00400000) === 0) env.fpsr |= FPSR_IOC;
  if ((env.fpcr & FPCR_DN) !== 0) return DEFAULT_NAN32;
  return (b | 0x00400000) >>> 0;
}

/** FPProcessNaN for a double-precision NaN pattern; high word in nanOut.hi. */
export function processNaN64(lo: number, hi: number, env: FpEnv): number {
  if ((hi & 0x00080000) === 0) env.fpsr |= FPSR_IOC;
  if ((env.fpcr & FPCR_DN) !== 0) {
    nanOut.hi = DEFAULT_NAN64_HI;
    return 0;
  }
  nanOut.hi = (hi | 0x00080000) >>> 0;
  return lo >>> 0;
}

/** FPProcessNaNs for two single-precision operands, at least one of them a NaN. */
export function processNaNs32(a: number, b: number, env: FpEnv): number {
  if (isSNaN32(a)) return processNaN32(a, env);
  if (isSNaN32(b)) return processNaN32(b, env);
  if (isNaN32(a)) return processNaN32(a, env);
  return processNaN32(b, env);
}

/** FPProcessNaNs3 for three single-precision operands, at least one of them a NaN. */
export function processNaNs3_32(a: number, b: number, c: number, env: FpEnv): number {
  if (isSNaN32(a)) return processNaN32(a, env);
  if (isSNaN32(b)) return processNaN32(b, env);
  if (isSNaN32(c)) return processNaN32(c, env);
  if (isNaN32(a)) return processNaN32(a, env);
  if (isNaN32(b)) return processNaN32(b, env);
  return processNaN32(c, env);
}

/** FPProcessNaNs for two double-precision operands; high word in nanOut.hi. */
export function processNaNs64(alo: number, ahi: number, blo: number, bhi: number, env: FpEnv): number {
  if (isSNaN64(alo, ahi)) return processNaN64(alo, ahi, env);
  if (isSNaN64(blo, bhi)) return processNaN64(blo, bhi, env);
  if (isNaN64(alo, ahi)) return processNaN64(alo, ahi, env);
  return processNaN64(blo, bhi, env);
}

/** FPProcessNaNs3 for three double-precision operands; high word in nanOut.hi. */
export function processNaNs3_64(
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
  clo: number,
  chi: number,
  env: FpEnv,
): number {
  if (isSNaN64(alo, ahi)) return processNaN64(alo, ahi, env);
  if (isSNaN64(blo, bhi)) return processNaN64(blo, bhi, env);
  if (isSNaN64(clo, chi)) return processNaN64(clo, chi, env);
  if (isNaN64(alo, ahi)) return processNaN64(alo, ahi, env);
  if (isNaN64(blo, bhi)) return processNaN64(blo, bhi, env);
  return processNaN64(clo, chi, env);
}
