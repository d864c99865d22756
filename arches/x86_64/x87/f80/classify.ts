/**
 * Predicates on packed floatx80 bits, for the instructions whose special cases QEMU decides on
 * the raw encoding rather than after unpacking (FSCALE, FXTRACT, FPREM, the transcendentals).
 * @module
 */

export function isZeroX80(se: number, hi: number, lo: number): boolean {
  return (se & 0x7fff) === 0 && hi === 0 && lo === 0;
}

/** Exponent all ones with any fraction bit below the integer bit. */
export function isAnyNaNX80(se: number, hi: number, lo: number): boolean {
  return (se & 0x7fff) === 0x7fff && ((hi & 0x7fffffff) !== 0 || lo !== 0);
}

/** Quiet bit clear and some lower fraction bit set (the integer bit is not looked at). */
export function isSNaNX80(se: number, hi: number, lo: number): boolean {
  return (se & 0x7fff) === 0x7fff && (hi & 0x40000000) === 0 && ((hi & 0x3fffffff) !== 0 || lo !== 0);
}

/** Exactly the canonical infinity encoding (integer bit set, fraction zero). */
export function isInfX80(se: number, hi: number, lo: number): boolean {
  return (se & 0x7fff) === 0x7fff && hi === 0x80000000 && lo === 0;
}
