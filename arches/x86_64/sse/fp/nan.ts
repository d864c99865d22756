/**
 * NaN handling on raw bit patterns, as QEMU 7.2 does it for SSE (`pickNaN` in
 * `fpu/softfloat-specialize.c.inc`, the x87 rules, which QEMU applies to SSE too):
 * - a signalling NaN operand raises IE and is quieted;
 * - SNaN and QNaN: the QNaN; two SNaNs or two QNaNs: the larger significand (on a tie the
 *   positive one, else the second); one NaN: that NaN.
 * Real processors return the first source operand's NaN for SSE instead; Chimera follows QEMU
 * here, as for every result (see docs/arch-x86_64.md).
 * The invalid-operation result is the QNaN indefinite, negative: 0xFFC00000 /
 * 0xFFF80000_00000000. Double-precision helpers return bits 31:0 and leave 63:32 in
 * {@link nanOut}.
 * @module
 */
import { IE, fp } from './mxcsr.js';

export const INDEFINITE32 = 0xffc00000;
export const INDEFINITE64_HI = 0xfff80000;

/** High word of the last double-precision NaN result. */
export const nanOut = { hi: 0 };

export function isNaN32(b: number): boolean {
  return (b & 0x7fffffff) > 0x7f800000;
}
export function isSNaN32(b: number): boolean {
  return (b & 0x7fc00000) === 0x7f800000 && (b & 0x003fffff) !== 0;
}
export function isNaN64(lo: number, hi: number): boolean {
  const h = hi & 0x7fffffff;
  return h > 0x7ff00000 || (h === 0x7ff00000 && lo !== 0);
}
export function isSNaN64(lo: number, hi: number): boolean {
  return (hi & 0x7ff80000) === 0x7ff00000 && ((hi & 0x0007ffff) | lo) !== 0;
}

/** A NaN operand of a one-operand operation: IE when signalling, quieted. */
export function quiet32(b: number): number {
  if ((b & 0x00400000) === 0) fp.flags |= IE;
  return (b | 0x00400000) >>> 0;
}

/** Double-precision {@link quiet32}; high word in nanOut.hi. */
export function quiet64(lo: number, hi: number): number {
  if ((hi & 0x00080000) === 0) fp.flags |= IE;
  nanOut.hi = (hi | 0x00080000) >>> 0;
  return lo >>> 0;
}

/**
 * Does QEMU's pickNaN choose the second operand? `aKind`/`bKind`: 0 not a NaN, 1 QNaN,
 * 2 SNaN; `aLarger`: a's significand is the larger (sign breaks ties, only when both are NaNs).
 */
function pickSecond(aKind: number, bKind: number, aLarger: boolean): boolean {
  if (aKind === 2) {
    if (bKind === 2) return !aLarger;
    return bKind === 1;
  }
  if (aKind === 1) {
    if (bKind !== 1) return false;
    return !aLarger;
  }
  return true;
}

function kind32(b: number): number {
  return !isNaN32(b) ? 0 : (b & 0x00400000) !== 0 ? 1 : 2;
}

/** The NaN result of a two-operand single-precision operation with at least one NaN operand. */
export function pickNaN32(a: number, b: number): number {
  const ka = kind32(a);
  const kb = kind32(b);
  if (ka === 2 || kb === 2) fp.flags |= IE;
  const fa = a & 0x7fffff;
  const fb = b & 0x7fffff;
  const aLarger = fa > fb || (fa === fb && (a | 0) >= 0 && (b | 0) < 0);
  return ((pickSecond(ka, kb, aLarger) ? b : a) | 0x00400000) >>> 0;
}

function kind64(lo: number, hi: number): number {
  return !isNaN64(lo, hi) ? 0 : (hi & 0x00080000) !== 0 ? 1 : 2;
}

/** {@link pickNaN32} for doubles; high word in nanOut.hi. */
export function pickNaN64(alo: number, ahi: number, blo: number, bhi: number): number {
  const ka = kind64(alo, ahi);
  const kb = kind64(blo, bhi);
  if (ka === 2 || kb === 2) fp.flags |= IE;
  const fa = ahi & 0xfffff;
  const fb = bhi & 0xfffff;
  const alo32 = alo >>> 0;
  const blo32 = blo >>> 0;
  const aLarger =
    fa > fb || (fa === fb && (alo32 > blo32 || (alo32 === blo32 && (ahi | 0) >= 0 && (bhi | 0) < 0)));
  if (pickSecond(ka, kb, aLarger)) {
    nanOut.hi = (bhi | 0x00080000) >>> 0;
    return blo32;
  }
  nanOut.hi = (ahi | 0x00080000) >>> 0;
  return alo32;
}
