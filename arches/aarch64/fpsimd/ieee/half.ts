/**
 * Half precision (IEEE binary16 and Arm's alternative format) to and from numbers.
 * @module
 */

/** Value of a half-precision pattern that is not a NaN (AHP: exponent 31 is a normal binade). */
export function f16ToNumber(b: number, ahp: boolean): number {
  const sign = (b & 0x8000) !== 0;
  const e = (b >>> 10) & 0x1f;
  const f = b & 0x3ff;
  let v: number;
  if (e === 0) v = f * 2 ** -24;
  else if (e === 31 && !ahp) v = f === 0 ? Infinity : NaN;
  else v = (1024 + f) * 2 ** (e - 25);
  return sign ? -v : v;
}

/** Pattern of a number exactly representable in half precision (or ±Inf in IEEE format). */
export function numberToF16(x: number): number {
  let sign = 0;
  if (x < 0 || (x === 0 && 1 / x < 0)) {
    sign = 0x8000;
    x = -x;
  }
  if (x === 0) return sign;
  if (x === Infinity) return sign | 0x7c00;
  if (x < 2 ** -14) return sign | Math.round(x * 2 ** 24);
  let e = Math.floor(Math.log2(x));
  // log2 can be off by one near binade edges: correct it exactly.
  if (2 ** e > x) e--;
  else if (2 ** (e + 1) <= x) e++;
  const f = x * 2 ** (10 - e) - 1024;
  return sign | ((e + 15) << 10) | f;
}
