/**
 * 64-bit integer helpers on (lo, hi) uint32 halves without BigInt. Results go to `r64`.
 * @module
 */

/** Result of the last 64-bit helper. */
export const r64 = { lo: 0, hi: 0 };

/** a + b (mod 2^64). */
export function add64(alo: number, ahi: number, blo: number, bhi: number): void {
  const lo = (alo >>> 0) + (blo >>> 0);
  r64.lo = lo >>> 0;
  r64.hi = (ahi + bhi + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/** a - b (mod 2^64). */
export function sub64(alo: number, ahi: number, blo: number, bhi: number): void {
  const lo = (alo >>> 0) - (blo >>> 0);
  r64.lo = lo >>> 0;
  r64.hi = (ahi - bhi - (lo < 0 ? 1 : 0)) >>> 0;
}

/** Signed compare: -1, 0, 1. */
export function cmpS64(alo: number, ahi: number, blo: number, bhi: number): number {
  if ((ahi | 0) !== (bhi | 0)) return (ahi | 0) < (bhi | 0) ? -1 : 1;
  if (alo >>> 0 !== blo >>> 0) return alo >>> 0 < blo >>> 0 ? -1 : 1;
  return 0;
}

/** Unsigned compare: -1, 0, 1. */
export function cmpU64(alo: number, ahi: number, blo: number, bhi: number): number {
  if (ahi >>> 0 !== bhi >>> 0) return ahi >>> 0 < bhi >>> 0 ? -1 : 1;
  if (alo >>> 0 !== blo >>> 0) return alo >>> 0 < blo >>> 0 ? -1 : 1;
  return 0;
}

/** a << n for n in [0, 63]; n >= 64 gives 0. */
export function shl64(lo: number, hi: number, n: number): void {
  if (n >= 64) {
    r64.lo = 0;
    r64.hi = 0;
  } else if (n >= 32) {
    r64.hi = (lo << (n - 32)) >>> 0;
    r64.lo = 0;
  } else if (n === 0) {
    r64.lo = lo >>> 0;
    r64.hi = hi >>> 0;
  } else {
    r64.hi = ((hi << n) | (lo >>> (32 - n))) >>> 0;
    r64.lo = (lo << n) >>> 0;
  }
}

/** Logical a >> n; n >= 64 gives 0. */
export function lsr64(lo: number, hi: number, n: number): void {
  if (n >= 64) {
    r64.lo = 0;
    r64.hi = 0;
  } else if (n >= 32) {
    r64.lo = (hi >>> (n - 32)) >>> 0;
    r64.hi = 0;
  } else if (n === 0) {
    r64.lo = lo >>> 0;
    r64.hi = hi >>> 0;
  } else {
    r64.lo = ((lo >>> n) | (hi << (32 - n))) >>> 0;
    r64.hi = hi >>> n;
  }
}

/** Arithmetic a >> n; n >= 64 gives the sign fill. */
export function asr64(lo: number, hi: number, n: number): void {
  if (n >= 64) n = 63;
  if (n >= 32) {
    r64.lo = (hi >> (n - 32)) >>> 0;
    r64.hi = (hi >> 31) >>> 0;
  } else if (n === 0) {
    r64.lo = lo >>> 0;
    r64.hi = hi >>> 0;
  } else {
    r64.lo = ((lo >>> n) | (hi << (32 - n))) >>> 0;
    r64.hi = (hi >> n) >>> 0;
  }
}

/** Signed 32 x 32 -> 64 product (exact) into r64. */
export function smul32(a: number, b: number): void {
  a |= 0;
  b |= 0;
  mulParts(a, b);
}

/** Unsigned 32 x 32 -> 64 product (exact) into r64. */
export function umul32(a: number, b: number): void {
  mulParts(a >>> 0, b >>> 0);
}

function mulParts(a: number, b: number): void {
  // Split b into 16-bit halves so every partial product is exact in a double.
  const bh = Math.floor(b / 65536);
  const bl = b - bh * 65536;
  const y = a * bh; // |y| < 2^48
  const x = a * bl;
  const yh = Math.floor(y / 65536);
  const yl = y - yh * 65536;
  let low = yl * 65536 + x; // |low| < 2^49
  const carry = Math.floor(low / 4294967296);
  low -= carry * 4294967296;
  r64.lo = low >>> 0;
  r64.hi = (yh + carry) >>> 0;
}

/** Saturation bounds check helpers for signed 64-bit addition: did a + b overflow? */
export function addOverflowS64(ahi: number, bhi: number, rhi: number): boolean {
  return ((~(ahi ^ bhi) & (ahi ^ rhi)) & 0x80000000) !== 0;
}
/** Did a - b overflow (signed)? */
export function subOverflowS64(ahi: number, bhi: number, rhi: number): boolean {
  return (((ahi ^ bhi) & (ahi ^ rhi)) & 0x80000000) !== 0;
}
