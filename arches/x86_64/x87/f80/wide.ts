/**
 * Wide floating-point numbers for the transcendental instructions: sign, exponent and a
 * significand of up to 320 bits (20 base-2^16 digits, most significant last, the top bit set),
 * value = 1.f × 2^exp. Operations work on the top {@link wideDigits} digits (192 bits for the
 * series, 320 for reducing a trigonometric argument by π/2) and truncate: each loses at most a
 * unit of the last digit kept. All scratch is preallocated.
 * @module
 */
import { MA, MB, MR, Q, U, V, divDigits, mulDigits } from './digits.js';
import { Cls, type Parts } from './parts.js';

/** Digits in a significand's storage. */
export const WD = 20;

/** Digits the operations use (from the top), and their bit count. */
export const wideDigits = { n: 12, bits: 192 };

/** Work with the top n digits (8 to 20). */
export function setWideDigits(n: number): void {
  wideDigits.n = n;
  wideDigits.bits = 16 * n;
}

export class Wide {
  zero = true;
  sign = 0;
  exp = 0;
  readonly d = new Float64Array(WD);

  copy(o: Wide): this {
    this.zero = o.zero;
    this.sign = o.sign;
    this.exp = o.exp;
    this.d.set(o.d);
    return this;
  }

  setZero(): this {
    this.zero = true;
    this.sign = 0;
    this.exp = 0;
    this.d.fill(0);
    return this;
  }

  neg(): this {
    this.sign ^= 1;
    return this;
  }
}

const T1 = new Float64Array(WD);
const T2 = new Float64Array(WD);

/** Shift d[lo..WD-1] left so that its top bit is set; returns the shift in bits (−1 if zero). */
function normalizeDigits(d: Float64Array, lo: number): number {
  let top = WD - 1;
  while (top >= lo && d[top] === 0) top--;
  if (top < lo) return -1;
  const digitShift = WD - 1 - top;
  const bitShift = Math.clz32(d[top]) - 16;
  if (digitShift > 0) {
    for (let i = WD - 1; i >= lo; i--) d[i] = i - digitShift >= lo ? d[i - digitShift] : 0;
  }
  if (bitShift > 0) {
    for (let i = WD - 1; i >= lo; i--) {
      const lower = i > lo ? d[i - 1] : 0;
      d[i] = ((d[i] << bitShift) | (lower >>> (16 - bitShift))) & 0xffff;
    }
  }
  return 16 * digitShift + bitShift;
}

/** Shift d[lo..WD-1] right by `c` bits (truncating). */
function shiftRightDigits(d: Float64Array, lo: number, c: number): void {
  const ds = Math.floor(c / 16);
  const bs = c % 16;
  for (let i = lo; i < WD; i++) {
    const j = i + ds;
    const low = j < WD ? d[j] : 0;
    const high = j + 1 < WD ? d[j + 1] : 0;
    d[i] = bs === 0 ? low : ((low >>> bs) | (high << (16 - bs))) & 0xffff;
  }
}

/** Clear the digits below the working precision. */
function clearBelow(w: Wide, lo: number): void {
  for (let i = 0; i < lo; i++) w.d[i] = 0;
}

/** r = a × b. r may alias a or b. */
export function wMul(r: Wide, a: Wide, b: Wide): Wide {
  if (a.zero || b.zero) return r.setZero();
  const n = wideDigits.n;
  const lo = WD - n;
  for (let i = 0; i < n; i++) {
    MA[i] = a.d[lo + i];
    MB[i] = b.d[lo + i];
  }
  mulDigits(n, n);
  const sign = a.sign ^ b.sign;
  let exp = a.exp + b.exp;
  if (MR[2 * n - 1] & 0x8000) {
    for (let i = 0; i < n; i++) r.d[lo + i] = MR[n + i];
    exp += 1;
  } else {
    for (let i = 0; i < n; i++) r.d[lo + i] = ((MR[n + i] << 1) | (MR[n + i - 1] >>> 15)) & 0xffff;
  }
  clearBelow(r, lo);
  r.zero = false;
  r.sign = sign;
  r.exp = exp;
  return r;
}

/** r = a / b (b non-zero). r may alias a or b. */
export function wDiv(r: Wide, a: Wide, b: Wide): Wide {
  if (a.zero) return r.setZero();
  const n = wideDigits.n;
  const lo = WD - n;
  for (let i = 0; i < n; i++) {
    U[i] = 0;
    U[n + i] = a.d[lo + i];
    V[i] = b.d[lo + i];
  }
  divDigits(2 * n, n);
  const sign = a.sign ^ b.sign;
  let exp = a.exp - b.exp;
  if (Q[n] !== 0) {
    for (let i = 0; i < n; i++) r.d[lo + i] = ((Q[i + 1] << 15) | (Q[i] >>> 1)) & 0xffff;
  } else {
    for (let i = 0; i < n; i++) r.d[lo + i] = Q[i];
    exp -= 1;
  }
  clearBelow(r, lo);
  r.zero = false;
  r.sign = sign;
  r.exp = exp;
  return r;
}

/** r = a / k for a small positive integer k (k < 2^21). */
export function wDivSmall(r: Wide, a: Wide, k: number): Wide {
  if (a.zero) return r.setZero();
  const lo = WD - wideDigits.n;
  let rem = 0;
  for (let i = WD - 1; i >= lo; i--) {
    const cur = rem * 65536 + a.d[i];
    const q = Math.floor(cur / k);
    rem = cur - q * k;
    r.d[i] = q;
  }
  clearBelow(r, lo);
  r.sign = a.sign;
  r.exp = a.exp - normalizeDigits(r.d, lo);
  r.zero = false;
  return r;
}

/** r = a + b (or a − b with `subtract`). r may alias a or b. */
export function wAdd(r: Wide, a: Wide, b: Wide, subtract = false): Wide {
  const sb = b.sign ^ (subtract ? 1 : 0);
  if (b.zero) return r.copy(a);
  if (a.zero) {
    r.copy(b);
    r.sign = sb;
    return r;
  }
  const lo = WD - wideDigits.n;
  // Order by magnitude: x is the larger.
  let aBigger = a.exp > b.exp;
  if (a.exp === b.exp) {
    aBigger = true;
    for (let i = WD - 1; i >= lo; i--) {
      if (a.d[i] !== b.d[i]) {
        aBigger = a.d[i] > b.d[i];
        break;
      }
    }
  }
  const x = aBigger ? a : b;
  const y = aBigger ? b : a;
  const xs = aBigger ? a.sign : sb;
  const ys = aBigger ? sb : a.sign;
  const shift = x.exp - y.exp;
  for (let i = lo; i < WD; i++) {
    T1[i] = x.d[i];
    T2[i] = y.d[i];
  }
  if (shift >= wideDigits.bits) T2.fill(0);
  else if (shift > 0) shiftRightDigits(T2, lo, shift);
  let exp = x.exp;
  if (xs === ys) {
    let c = 0;
    for (let i = lo; i < WD; i++) {
      const s = T1[i] + T2[i] + c;
      c = s >= 65536 ? 1 : 0;
      T1[i] = s - 65536 * c;
    }
    if (c) {
      shiftRightDigits(T1, lo, 1);
      T1[WD - 1] += 0x8000;
      exp += 1;
    }
  } else {
    let bw = 0;
    for (let i = lo; i < WD; i++) {
      const s = T1[i] - T2[i] - bw;
      bw = s < 0 ? 1 : 0;
      T1[i] = s + 65536 * bw;
    }
    const k = normalizeDigits(T1, lo);
    if (k < 0) return r.setZero();
    exp -= k;
  }
  for (let i = lo; i < WD; i++) r.d[i] = T1[i];
  clearBelow(r, lo);
  r.zero = false;
  r.sign = xs;
  r.exp = exp;
  return r;
}

/** The k-th 32-bit word of the significand from the top. */
function wordAt(w: Wide, k: number): number {
  return (w.d[WD - 1 - 2 * k] * 65536 + w.d[WD - 2 - 2 * k]) >>> 0;
}

function putWordAt(w: Wide, k: number, v: number): void {
  w.d[WD - 1 - 2 * k] = v >>> 16;
  w.d[WD - 2 - 2 * k] = v & 0xffff;
}

/** An approximation as a JavaScript number (for choosing table entries and quadrants). */
export function wToNumber(w: Wide): number {
  if (w.zero) return 0;
  const top = w.d[WD - 1] * 4294967296 + w.d[WD - 2] * 65536 + w.d[WD - 3];
  const v = top * 2 ** (w.exp - 47);
  return w.sign ? -v : v;
}

/** Set from an unpacked normal floatx80 value (exact). */
export function wFromParts(w: Wide, p: Parts): Wide {
  if (p.cls !== Cls.Normal) return w.setZero();
  w.d.fill(0);
  putWordAt(w, 0, p.f0);
  putWordAt(w, 1, p.f1);
  putWordAt(w, 2, p.f2);
  putWordAt(w, 3, p.f3);
  w.zero = false;
  w.sign = p.sign;
  w.exp = p.exp;
  return w;
}

/** A small integer (|n| < 2^31), exactly. */
export function wFromInt(w: Wide, n: number): Wide {
  if (n === 0) return w.setZero();
  w.d.fill(0);
  const m = Math.abs(n);
  w.d[WD - 1] = m >>> 16;
  w.d[WD - 2] = m & 0xffff;
  w.sign = n < 0 ? 1 : 0;
  w.zero = false;
  w.exp = 31 - normalizeDigits(w.d, WD - 2);
  return w;
}

/**
 * To Parts: the top 128 significand bits, with bit 0 set when `sticky` (QEMU marks its
 * transcendental results inexact that way) or when any lower bit is set.
 */
export function wToParts(p: Parts, w: Wide, sticky: boolean): Parts {
  if (w.zero) return p.set(Cls.Zero, w.sign, 0, 0, 0, 0, 0);
  p.set(Cls.Normal, w.sign, w.exp, wordAt(w, 0), wordAt(w, 1), wordAt(w, 2), wordAt(w, 3));
  let lower = false;
  for (let i = 0; i < WD - 8; i++) if (w.d[i] !== 0) lower = true;
  if (sticky || lower) p.f3 = (p.f3 | 1) >>> 0;
  return p;
}

/** Set from a BigInt significand m (> 0) and exponent e: value = m × 2^e (constants, at load time only). */
export function wFromBigInt(w: Wide, m: bigint, e: number): Wide {
  const bits = m.toString(2).length;
  const shift = 16 * WD - bits;
  const n = shift >= 0 ? m << BigInt(shift) : m >> BigInt(-shift);
  for (let i = 0; i < WD; i++) w.d[i] = Number((n >> BigInt(16 * i)) & 0xffffn);
  w.zero = false;
  w.sign = 0;
  w.exp = e + bits - 1;
  return w;
}

/** Compare magnitudes: −1, 0 or 1. */
export function wCmpMag(a: Wide, b: Wide): number {
  if (a.zero || b.zero) return a.zero && b.zero ? 0 : a.zero ? -1 : 1;
  if (a.exp !== b.exp) return a.exp < b.exp ? -1 : 1;
  for (let i = WD - 1; i >= 0; i--) if (a.d[i] !== b.d[i]) return a.d[i] < b.d[i] ? -1 : 1;
  return 0;
}
