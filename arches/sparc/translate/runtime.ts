import { FCC_TAKEN, ICC_TAKEN } from '../conditions.js';

/** icc (N<<3 | Z<<2 | V<<1 | C) of a lazy state: kind 1 = fa - fb, kind 2 = logical result fa. */
function iccOf(kind: number, a: number, b: number): number {
  if (kind === 1) {
    const r = (a - b) | 0;
    return ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | ((((a ^ b) & (a ^ r)) >>> 30) & 2) | ((a >>> 0) < (b >>> 0) ? 1 : 0);
  }
  return ((a >>> 28) & 8) | (a === 0 ? 4 : 0);
}

/** Bits [63:32] of the 64-bit product of two 32-bit numbers (UMUL, SMUL write them to %y). */
function mulHigh(a: number, b: number, signed: boolean): number {
  const ua = a >>> 0;
  const ub = b >>> 0;
  const al = ua & 0xffff;
  const ah = ua >>> 16;
  const bl = ub & 0xffff;
  const bh = ub >>> 16;
  const mid = ((al * bl) >>> 16) + ((al * bh) & 0xffff) + ((ah * bl) & 0xffff);
  let hi = ah * bh + ((al * bh) >>> 16) + ((ah * bl) >>> 16) + (mid >>> 16);
  if (signed) hi = hi - (a < 0 ? ub : 0) - (b < 0 ? ua : 0);
  return hi | 0;
}

/** Helpers of translated SPARC code (`H`). One frozen object, so V8 sees a stable shape. */
export const SPARC_RUNTIME = Object.freeze({ iccOf, mulHigh, ICC: ICC_TAKEN, FCC: FCC_TAKEN });
