/**
 * Error-free transformations: the exact rounding error of a sum or a product, so that
 * directed rounding and the inexact flag can be derived from round-to-nearest results.
 * @module
 */

/** Veltkamp splitter for 53-bit significands: 2^27 + 1. */
const SPLITTER = 134217729;

/**
 * Exact error of s = RN(a + b): a + b = s + err (Knuth's TwoSum). Exact for all finite inputs
 * whose sum does not overflow, subnormals included.
 */
export function twoSumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/**
 * Exact error of p = RN(a * b): a * b = p + err (Dekker). Valid when |a|, |b| < 2^995 and
 * |p| >= 2^-960 (no overflow in the split, no lost low bits in the partial products).
 */
export function twoProdErr(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Is s = RN(a + b) exact? (A boolean, so that no boxed double crosses a call.) */
export function sumIsExact(a: number, b: number, s: number): boolean {
  return twoSumErr(a, b, s) === 0;
}

/** Is p = RN(a * b) exact? (A boolean; same validity range as {@link twoProdErr}.) */
export function productIsExact(a: number, b: number, p: number): boolean {
  return twoProdErr(a, b, p) === 0;
}
