/**
 * Exact results of the basic operations on doubles, described for the rounding core
 * (`round.ts`): |value| = (hi + tiny * loSign) * 2^k with hi the round-to-nearest double of
 * |value| / 2^k. Operands are finite and non-zero (special cases are the caller's: they differ
 * between architectures only in flags, not in arithmetic). No allocation: the description of
 * the last call is in {@link exactOut}.
 * @module
 */
import { exponentOf, mantissaOf, scalb, sgn } from './bits.js';
import { twoProdErr, twoSumErr } from './exact.js';

/** The exact result of the last exact* call. */
export const exactOut = {
  /** Sign of the result. */
  neg: false,
  /** Round-to-nearest double of |exact| / 2^k, > 0. */
  hi: 0,
  /** Sign of |exact| / 2^k - hi. */
  loSign: 0,
  /** Binary scale. */
  k: 0,
};

/** Record |exact| = mag + err (err the exact error of the double mag) with sign `neg`. */
function describe(neg: boolean, mag: number, err: number, k: number): void {
  exactOut.neg = neg;
  exactOut.hi = mag;
  exactOut.loSign = sgn(err);
  exactOut.k = k;
}

/**
 * a + b for finite operands. Returns false (and describes nothing) when the exact sum is
 * zero, whose sign is the caller's rule.
 */
export function exactSum(a: number, b: number): boolean {
  let s = a + b;
  let k = 0;
  if (s - s !== 0) {
    // The sum overflows a double: both operands are large, so a quarter of each is exact.
    a *= 0.25;
    b *= 0.25;
    s = a + b;
    k = 2;
  }
  if (s === 0) return false;
  const err = twoSumErr(a, b, s);
  if (s < 0) describe(true, -s, -err, k);
  else describe(false, s, err, k);
  return true;
}

/** a * b for finite non-zero operands (significands multiplied in [1, 4), exponents added). */
export function exactProduct(a: number, b: number): void {
  const ma = mantissaOf(a);
  const mb = mantissaOf(b);
  const p = ma * mb;
  describe((a < 0) !== (b < 0), p, twoProdErr(ma, mb, p), exponentOf(a) + exponentOf(b));
}

/** a / b for finite non-zero operands; the sign of the remainder ma - q*mb decides. */
export function exactQuotient(a: number, b: number): void {
  const ma = mantissaOf(a);
  const mb = mantissaOf(b);
  const q = ma / mb;
  const ph = q * mb;
  const r = ma - ph - twoProdErr(q, mb, ph);
  describe((a < 0) !== (b < 0), q, r, exponentOf(a) - exponentOf(b));
}

/** sqrt(a) for finite a > 0; the sign of the remainder m - s^2 decides. */
export function exactSqrt(a: number): void {
  let e = exponentOf(a);
  if (e & 1) e -= 1;
  const m = scalb(a, -e); // [1, 4)
  const s = Math.sqrt(m);
  const ph = s * s;
  describe(false, s, m - ph - twoProdErr(s, s, ph), e / 2);
}
