/**
 * Elementary functions on {@link Wide} numbers, for F2XM1, FYL2X, FYL2XP1, FPATAN (rounded to
 * floatx80) and FSIN/FCOS/FPTAN/FSINCOS (rounded to float64, as QEMU 7.2 computes those in host
 * double precision). Plain series after argument reduction, evaluated to about 300 bits:
 * e^y − 1 by Taylor's series (|y| < 0.7); ln through atanh((m − 1)/(m + 1)) with m in
 * [√½, √2); atan through atan(k/8) + atan((z − k/8)/(1 + zk/8)); sin and cos by Taylor's series
 * after reduction by π/2 with a 320-bit π (enough for every double up to 2^63).
 * The constants are computed once, when the module loads (BigInt is fine there).
 * @module
 */
import { WD, Wide, setWideDigits, wAdd, wDiv, wDivSmall, wFromBigInt, wFromInt, wMul, wToNumber, wideDigits } from './wide.js';

const PREC = 400;
const ONE = 1n << BigInt(PREC);

/** atan(p/q) × 2^PREC by the alternating series (|p/q| < 1). */
function atanFixed(p: bigint, q: bigint): bigint {
  let sum = 0n;
  let pow = (ONE * p) / q;
  const x2n = p * p;
  const x2d = q * q;
  for (let k = 0n; pow !== 0n; k++) {
    const term = pow / (2n * k + 1n);
    sum += k % 2n === 0n ? term : -term;
    pow = (pow * x2n) / x2d;
  }
  return sum;
}

/** atanh(1/q) × 2^PREC. */
function atanhInv(q: bigint): bigint {
  let sum = 0n;
  let pow = ONE / q;
  const q2 = q * q;
  for (let k = 0n; pow !== 0n; k++) {
    sum += pow / (2n * k + 1n);
    pow /= q2;
  }
  return sum;
}

const PI_FIXED = 16n * atanFixed(1n, 5n) - 4n * atanFixed(1n, 239n);
const LN2_FIXED = 2n * atanhInv(3n);

const fromFixed = (v: bigint): Wide => wFromBigInt(new Wide(), v, -PREC);

export const PI = fromFixed(PI_FIXED);
export const PI_2 = fromFixed(PI_FIXED / 2n);
export const PI_4 = fromFixed(PI_FIXED / 4n);
export const PI_3_4 = fromFixed((3n * PI_FIXED) / 4n);
export const LN2 = fromFixed(LN2_FIXED);
/** log2(e) = 1/ln 2. */
export const LOG2E = fromFixed((ONE * ONE) / LN2_FIXED);
const TWO_OVER_PI = fromFixed((2n * ONE * ONE) / PI_FIXED);
/** atan(k/8), k = 0..8. */
const ATAN_EIGHTHS: Wide[] = [new Wide()];
for (let k = 1n; k < 8n; k++) ATAN_EIGHTHS.push(fromFixed(atanFixed(k, 8n)));
ATAN_EIGHTHS.push(PI_4);

/**
 * The 128-bit significand of a constant rounded to nearest, top word first: what QEMU's exact
 * special cases multiply by (ln 2, log2 e) or round from (π and its fractions).
 */
function sig128(v: bigint): Uint32Array {
  const bits = v.toString(2).length;
  let m = v >> BigInt(bits - 129);
  m = (m + 1n) >> 1n;
  if (m >> 128n) m >>= 1n;
  const out = new Uint32Array(4);
  for (let k = 0; k < 4; k++) out[k] = Number((m >> BigInt(96 - 32 * k)) & 0xffffffffn);
  return out;
}

export const LN2_SIG = sig128(LN2_FIXED);
export const LOG2E_SIG = sig128((ONE * ONE) / LN2_FIXED);
export const PI_SIG = sig128(PI_FIXED);
export const PI_3_4_SIG = sig128(3n * PI_FIXED);

/**
 * Digits for the series: 192 bits. A result can lie as close as 2^-162 (relative) to a floatx80
 * value without being one — atan(u) = u(1 − u²/3 …) with u ≥ 2^-80 below FPATAN's division
 * short cut, likewise 2^x − 1 and log2(1 + x) above their 2^-80 short cuts — and the rounding
 * must still see which side it is on; 192 bits with a few truncations stays 20 bits clear.
 */
const SERIES_DIGITS = 12;
setWideDigits(SERIES_DIGITS);

const ONE_W = wFromInt(new Wide(), 1);
const T = new Wide();
const S = new Wide();
const P = new Wide();
const R2 = new Wide();
const U = new Wide();
const V = new Wide();

/** Has the series term become negligible next to the sum? */
function negligible(term: Wide, sum: Wide): boolean {
  return term.zero || (!sum.zero && term.exp < sum.exp - wideDigits.bits - 4);
}

/** r = e^y − 1 for |y| ≤ 0.7. */
export function expm1(r: Wide, y: Wide): Wide {
  S.copy(y);
  T.copy(y);
  for (let n = 2; ; n++) {
    wMul(T, T, y);
    wDivSmall(T, T, n);
    if (negligible(T, S)) break;
    wAdd(S, S, T);
  }
  return r.copy(S);
}

/** r = atanh(t) = t + t³/3 + t⁵/5 + … for |t| ≤ 0.18. */
function atanhSeries(r: Wide, t: Wide): Wide {
  S.copy(t);
  P.copy(t);
  wMul(R2, t, t);
  for (let k = 1; ; k++) {
    wMul(P, P, R2);
    wDivSmall(T, P, 2 * k + 1);
    if (negligible(T, S)) break;
    wAdd(S, S, T);
  }
  return r.copy(S);
}

/** r = log2(m) for m in [√½, √2] (m − 1 computed exactly by the caller into `mMinus1`). */
export function log2Near1(r: Wide, mMinus1: Wide): Wide {
  // t = (m − 1)/(m + 1) = (m − 1)/((m − 1) + 2)
  wFromInt(U, 2);
  wAdd(U, mMinus1, U);
  wDiv(V, mMinus1, U);
  atanhSeries(r, V);
  // log2(m) = 2 atanh(t) / ln 2 = atanh(t) × 2 log2(e)
  wMul(r, r, LOG2E);
  r.exp += 1;
  return r;
}

/** r = atan(u) = u − u³/3 + u⁵/5 − … for |u| ≤ 1/16. */
function atanSeries(r: Wide, u: Wide): Wide {
  S.copy(u);
  P.copy(u);
  wMul(R2, u, u);
  for (let k = 1; ; k++) {
    wMul(P, P, R2);
    wDivSmall(T, P, 2 * k + 1);
    if (negligible(T, S)) break;
    wAdd(S, S, T, (k & 1) === 1);
  }
  return r.copy(S);
}

const Z8 = new Wide();

/** r = atan(z) for 0 < z ≤ 1. */
export function atanUnit(r: Wide, z: Wide): Wide {
  const n = Math.round(wToNumber(z) * 8);
  if (n === 0) return atanSeries(r, z);
  // u = (z − n/8) / (1 + z·n/8)
  wFromInt(Z8, n);
  Z8.exp -= 3;
  wAdd(U, z, Z8, true);
  wMul(V, z, Z8);
  wAdd(V, V, ONE_W);
  wDiv(U, U, V);
  atanSeries(r, U);
  return wAdd(r, r, ATAN_EIGHTHS[n]);
}

const K = new Wide();
const SIN = new Wide();
const COS = new Wide();

/** sin(r) into SIN and/or cos(r) into COS (|r| ≤ π/4 + ε), as `need` asks (1 sin, 2 cos). */
function sinCosReduced(r: Wide, need: number): void {
  wMul(R2, r, r);
  if (need & 1) {
    SIN.copy(r);
    T.copy(r);
    for (let k = 1; ; k++) {
      wMul(T, T, R2);
      wDivSmall(T, T, 2 * k * (2 * k + 1));
      T.sign ^= 1;
      if (negligible(T, SIN)) break;
      wAdd(SIN, SIN, T);
    }
  }
  if (need & 2) {
    COS.copy(ONE_W);
    T.copy(ONE_W);
    for (let k = 1; ; k++) {
      wMul(T, T, R2);
      wDivSmall(T, T, (2 * k - 1) * (2 * k));
      T.sign ^= 1;
      if (negligible(T, COS)) break;
      wAdd(COS, COS, T);
    }
  }
}

/**
 * sin(x) into `sinOut` and/or cos(x) into `cosOut` (`want`: 1 sin, 2 cos, 3 both) for a finite
 * non-zero x with |x| ≤ 2^63: x − kπ/2 with k the nearest integer to 2x/π, then the quadrant.
 */
export function sinCos(sinOut: Wide, cosOut: Wide, x: Wide, want: number): void {
  // The reduction needs every bit of π/2 the storage has (x may be 2^63 and x − kπ/2 tiny).
  setWideDigits(WD);
  wMul(K, x, TWO_OVER_PI);
  // k = round(K) and its low two bits.
  let quadrant = 0;
  if (K.exp < -1) {
    K.setZero();
  } else {
    roundToInteger(K);
    quadrant = lowBits(K);
  }
  let r: Wide = x;
  if (!K.zero) {
    wMul(T, K, PI_2);
    wAdd(U, x, T, true);
    r = U;
  }
  setWideDigits(SERIES_DIGITS);
  // In odd quadrants sin and cos trade places.
  const need = quadrant & 1 ? ((want & 1) << 1) | (want >>> 1) : want;
  if (r.zero) {
    SIN.setZero();
    COS.copy(ONE_W);
  } else {
    sinCosReduced(r, need);
  }
  switch (quadrant) {
    case 0:
      sinOut.copy(SIN);
      cosOut.copy(COS);
      break;
    case 1:
      sinOut.copy(COS);
      cosOut.copy(SIN).neg();
      break;
    case 2:
      sinOut.copy(SIN).neg();
      cosOut.copy(COS).neg();
      break;
    default:
      sinOut.copy(COS).neg();
      cosOut.copy(SIN);
  }
}

/** Round a wide number (exponent ≥ −1) to the nearest integer, in place (ties away: never met here). */
function roundToInteger(w: Wide): void {
  // Bits below the binary point: the significand has 16·WD bits, the point after bit exp.
  const frac = 16 * WD - 1 - w.exp;
  if (frac <= 0) return;
  // Add one half at the first fractional bit, then clear the fraction.
  const half = frac - 1;
  const digit = Math.floor(half / 16);
  let carry = 2 ** (half % 16);
  for (let i = digit; i < w.d.length && carry; i++) {
    const s = w.d[i] + carry;
    carry = s >= 65536 ? 1 : 0;
    w.d[i] = s - 65536 * carry;
  }
  if (carry) {
    // Became a power of two one bit wider.
    w.d.fill(0);
    w.d[w.d.length - 1] = 0x8000;
    w.exp += 1;
    return;
  }
  const clearBits = frac;
  for (let i = 0; i < w.d.length; i++) {
    const lo = 16 * i;
    if (lo + 16 <= clearBits) w.d[i] = 0;
    else if (lo < clearBits) w.d[i] &= ~((1 << (clearBits - lo)) - 1) & 0xffff;
  }
  if (w.d[w.d.length - 1] === 0) {
    // Rounded to zero (|x| < 1/2 with exponent −1 exactly 1/2 rounds up above).
    w.setZero();
  }
}

/** Low two bits of an integral wide number (as a two's complement value: k mod 4). */
function lowBits(w: Wide): number {
  if (w.zero) return 0;
  const pos = 16 * WD - 1 - w.exp; // bit index of the units digit
  const q = (bitOf(w, pos + 1) << 1) | bitOf(w, pos);
  return w.sign ? (4 - q) & 3 : q;
}

function bitOf(w: Wide, i: number): number {
  return i < 0 ? 0 : (w.d[Math.floor(i / 16)] >>> (i % 16)) & 1;
}
