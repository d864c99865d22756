/**
 * Exact multi-word multiply and divide in base 2^16, for the significand products and
 * quotients of the soft-float. Base 2^16 keeps every partial product and every trial quotient
 * exact in a double, so the code needs no carry tricks. Operands and results live in the
 * module's scratch arrays (little-endian digits); nothing allocates.
 *
 * Division is Knuth's Algorithm D (TAOCP vol. 2, 4.3.1): the divisor must be normalised
 * (top digit ≥ 2^15), which every significand is.
 * @module
 */

/** Dividend on entry, remainder (low `vlen` digits) after {@link divDigits}; one spare digit on top. */
export const U = new Float64Array(48);
/** Divisor. */
export const V = new Float64Array(20);
/** Quotient digits. */
export const Q = new Float64Array(48);
/** Multiplication operands and product. */
export const MA = new Float64Array(20);
export const MB = new Float64Array(20);
export const MR = new Float64Array(40);

const B = 65536;

/**
 * Q = floor(U / V), U = U mod V, for U of `ulen` digits and V of `vlen` ≥ 2 digits with
 * V[vlen-1] ≥ 2^15. Writes Q[0 .. ulen-vlen].
 */
export function divDigits(ulen: number, vlen: number): void {
  U[ulen] = 0;
  const vt = V[vlen - 1];
  const vs = V[vlen - 2];
  for (let j = ulen - vlen; j >= 0; j--) {
    const num = U[j + vlen] * B + U[j + vlen - 1];
    let qhat = Math.floor(num / vt);
    let rhat = num - qhat * vt;
    while (qhat >= B || qhat * vs > rhat * B + U[j + vlen - 2]) {
      qhat--;
      rhat += vt;
      if (rhat >= B) break;
    }
    let borrow = 0;
    let carry = 0;
    for (let i = 0; i < vlen; i++) {
      const p = qhat * V[i] + carry;
      carry = Math.floor(p / B);
      const t = U[i + j] - (p - carry * B) - borrow;
      if (t < 0) {
        U[i + j] = t + B;
        borrow = 1;
      } else {
        U[i + j] = t;
        borrow = 0;
      }
    }
    const top = U[j + vlen] - carry - borrow;
    if (top < 0) {
      // qhat was one too large (Knuth's step D6): add the divisor back.
      qhat--;
      let c = 0;
      for (let i = 0; i < vlen; i++) {
        const s = U[i + j] + V[i] + c;
        if (s >= B) {
          U[i + j] = s - B;
          c = 1;
        } else {
          U[i + j] = s;
          c = 0;
        }
      }
      U[j + vlen] = 0;
    } else {
      U[j + vlen] = top;
    }
    Q[j] = qhat;
  }
}

/** MR[0 .. alen+blen-1] = MA[0 .. alen-1] × MB[0 .. blen-1]. */
export function mulDigits(alen: number, blen: number): void {
  const n = alen + blen;
  for (let k = 0; k < n; k++) MR[k] = 0;
  // Column sums first (each product < 2^32, at most 20 per column: exact), one carry pass after.
  for (let i = 0; i < alen; i++) {
    const a = MA[i];
    if (a === 0) continue;
    for (let j = 0; j < blen; j++) MR[i + j] += a * MB[j];
  }
  let carry = 0;
  for (let k = 0; k < n; k++) {
    const t = MR[k] + carry;
    carry = Math.floor(t / B);
    MR[k] = t - carry * B;
  }
}

/** Are U[0 .. n-1] all zero (a zero remainder)? */
export function remainderIsZero(n: number): boolean {
  for (let i = 0; i < n; i++) if (U[i] !== 0) return false;
  return true;
}

/** Write a 32-bit word as two digits at `at` of `arr`. */
export function putWord(arr: Float64Array, at: number, w: number): void {
  arr[at] = w & 0xffff;
  arr[at + 1] = w >>> 16;
}

/** Read two digits at `at` of `arr` as a 32-bit word. */
export function getWord(arr: Float64Array, at: number): number {
  return (arr[at] + arr[at + 1] * B) >>> 0;
}
