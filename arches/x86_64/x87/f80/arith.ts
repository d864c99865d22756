/**
 * Add, subtract, multiply, divide and square root on {@link Parts}, exact before rounding:
 * sums keep 128 bits with a sticky bit, products are the exact 128-bit product of two 64-bit
 * significands, quotients and roots are truncated to 128 (67) bits with a sticky bit for any
 * remainder (the significand kernels are in `sig64.ts`). QEMU 7.2's softfloat produces the same pre-rounding values (its estimates are
 * corrected until exact), so the rounded results agree bit for bit.
 * Each function returns the Parts holding the result (one of its arguments).
 * @module
 */
import { Exc, Rc, fenv } from './fenv.js';
import { defaultNaN, pickNaN, returnNaN } from './nan.js';
import { Cls, addFrac, normalize, shrJam, subFrac, negFrac, type Parts } from './parts.js';
import { divSig64, mulSig64 } from './sig64.js';

/** a + b, or a - b when `subtract`. */
export function addSub(a: Parts, b: Parts, subtract: boolean): Parts {
  const bSign = b.sign ^ (subtract ? 1 : 0);
  if (a.cls === Cls.Normal && b.cls === Cls.Normal) {
    if (a.sign === bSign) {
      addNormal(a, b);
      return a;
    }
    if (subNormal(a, b)) return a;
    // Exact cancellation: zero, negative only when rounding down.
    return a.set(Cls.Zero, fenv.rc === Rc.Down ? 1 : 0, 0, 0, 0, 0, 0);
  }
  if (a.cls >= Cls.QNaN || b.cls >= Cls.QNaN) return pickNaN(a, b);
  if (a.cls === Cls.Inf || b.cls === Cls.Inf) {
    if (a.cls === Cls.Inf && b.cls === Cls.Inf) {
      if (a.sign !== bSign) {
        fenv.exc |= Exc.IE;
        return defaultNaN(a);
      }
      return a;
    }
    if (a.cls === Cls.Inf) return a;
    b.sign = bSign;
    return b;
  }
  // At least one zero.
  if (a.cls === Cls.Zero && b.cls === Cls.Zero) {
    if (a.sign !== bSign) a.sign = fenv.rc === Rc.Down ? 1 : 0;
    return a;
  }
  if (b.cls === Cls.Zero) return a;
  b.sign = bSign;
  return b;
}

function addNormal(a: Parts, b: Parts): void {
  const d = a.exp - b.exp;
  if (d > 0) {
    shrJam(b, d);
  } else if (d < 0) {
    shrJam(a, -d);
    a.exp = b.exp;
  }
  if (addFrac(a, b)) {
    shrJam(a, 1);
    a.f0 = (a.f0 | 0x80000000) >>> 0;
    a.exp += 1;
  }
}

/** a - b for operands of opposite effective sign; false when the result is exactly zero. */
function subNormal(a: Parts, b: Parts): boolean {
  const d = a.exp - b.exp;
  if (d > 0) {
    shrJam(b, d);
    subFrac(a, a, b);
  } else if (d < 0) {
    a.exp = b.exp;
    a.sign ^= 1;
    shrJam(a, -d);
    subFrac(a, b, a);
  } else if (subFrac(a, a, b)) {
    negFrac(a);
    a.sign ^= 1;
  }
  const shift = normalize(a);
  if (shift < 128) {
    a.exp -= shift;
    return true;
  }
  return false;
}

/** a × b. */
export function mul(a: Parts, b: Parts): Parts {
  const sign = a.sign ^ b.sign;
  if (a.cls === Cls.Normal && b.cls === Cls.Normal) {
    mulSig64(a, a, b);
    a.exp += b.exp + 1;
    if ((a.f0 & 0x80000000) === 0) {
      addFrac(a, a);
      a.exp -= 1;
    }
    a.sign = sign;
    return a;
  }
  if ((a.cls === Cls.Inf && b.cls === Cls.Zero) || (a.cls === Cls.Zero && b.cls === Cls.Inf)) {
    fenv.exc |= Exc.IE;
    return defaultNaN(a);
  }
  if (a.cls >= Cls.QNaN || b.cls >= Cls.QNaN) return pickNaN(a, b);
  a.cls = a.cls === Cls.Inf || b.cls === Cls.Inf ? Cls.Inf : Cls.Zero;
  a.sign = sign;
  return a;
}

/** a ÷ b. */
export function div(a: Parts, b: Parts): Parts {
  const sign = a.sign ^ b.sign;
  if (a.cls === Cls.Normal && b.cls === Cls.Normal) {
    // The quotient's 128 bits: of a × 2^128 / b, or of a × 2^127 / b when a ≥ b.
    const less = divSig64(a, a, b);
    a.exp -= b.exp + (less ? 1 : 0);
    a.sign = sign;
    return a;
  }
  if (a.cls === b.cls && (a.cls === Cls.Zero || a.cls === Cls.Inf)) {
    fenv.exc |= Exc.IE;
    return defaultNaN(a);
  }
  if (a.cls >= Cls.QNaN || b.cls >= Cls.QNaN) return pickNaN(a, b);
  a.sign = sign;
  if (a.cls === Cls.Inf || a.cls === Cls.Zero) return a;
  if (b.cls === Cls.Inf) {
    a.cls = Cls.Zero;
    return a;
  }
  fenv.exc |= Exc.ZE;
  a.cls = Cls.Inf;
  return a;
}

/** Bits of the root kept before the sticky bit: 67, three more than the widest rounding needs. */
const ROOT_BITS = 67;
const rad = new Uint32Array(5);
const rem = new Uint32Array(5);
const trial = new Uint32Array(5);

/** √a; negative non-zero operands (and −∞) are invalid. */
export function sqrt(a: Parts): Parts {
  if (a.cls !== Cls.Normal) {
    if (a.cls >= Cls.QNaN) return returnNaN(a);
    if (a.cls === Cls.Zero) return a;
    if (a.sign) {
      fenv.exc |= Exc.IE;
      return defaultNaN(a);
    }
    return a;
  }
  if (a.sign) {
    fenv.exc |= Exc.IE;
    return defaultNaN(a);
  }
  // a = m × 2^(e-63) with m the 64-bit significand. Take e = 2E + r (r = 0 or 1); the root's
  // significand is floor(√(m × 2^(r+69))), 67 bits, and its exponent E.
  const e = a.exp;
  const r = e & 1;
  const E = (e - r) / 2;
  // Radicand m << (69 + r) in five 32-bit words, most significant first (up to 134 bits).
  const s = 69 + r;
  rad[0] = 0;
  rad[1] = 0;
  rad[2] = 0;
  rad[3] = a.f0;
  rad[4] = a.f1;
  shlWords(rad, s);
  // Bit-by-bit restoring square root: two radicand bits per root bit.
  rem.fill(0);
  let rootHi = 0; // root bits 66..32 (at most 35 bits, kept as a number)
  let rootLo = 0; // root bits 31..0
  for (let i = 0; i < ROOT_BITS; i++) {
    // rem = rem << 2 | next two radicand bits (from the top of a 134-bit radicand).
    const bitPos = 2 * (ROOT_BITS - 1 - i); // position of the lower of the two bits
    shlWords(rem, 2);
    rem[4] = (rem[4] | (bitAt(rad, bitPos + 1) << 1) | bitAt(rad, bitPos)) >>> 0;
    // trial = root << 2 | 1
    setRootTrial(rootHi, rootLo);
    rootHi = rootHi * 2 + (rootLo >>> 31);
    rootLo = (rootLo << 1) >>> 0;
    if (geWords(rem, trial)) {
      subWords(rem, trial);
      rootLo = (rootLo | 1) >>> 0;
    }
  }
  const exact = rem[0] === 0 && rem[1] === 0 && rem[2] === 0 && rem[3] === 0 && rem[4] === 0;
  // Root (67 bits) into the 128-bit significand: shift left by 61, sticky in bit 0.
  // rootHi holds bits 66..32; split it across f1:f2.
  a.f0 = 0;
  a.f1 = Math.floor(rootHi / 4294967296) >>> 0;
  a.f2 = rootHi >>> 0;
  a.f3 = rootLo;
  normalize(a);
  if (!exact) a.f3 = (a.f3 | 1) >>> 0;
  a.exp = E;
  return a;
}

function bitAt(w: Uint32Array, pos: number): number {
  // pos counts from bit 0 of w[4] upwards.
  const word = 4 - (pos >>> 5);
  return word < 0 ? 0 : (w[word] >>> (pos & 31)) & 1;
}

function setRootTrial(rootHi: number, rootLo: number): void {
  // trial = (root << 2) | 1, root = rootHi:rootLo with rootHi < 2^35.
  trial[0] = 0;
  trial[1] = 0;
  const hiWord = Math.floor(rootHi / 4294967296);
  const midWord = rootHi >>> 0;
  trial[2] = ((hiWord << 2) | (midWord >>> 30)) >>> 0;
  trial[3] = ((midWord << 2) | (rootLo >>> 30)) >>> 0;
  trial[4] = ((rootLo << 2) | 1) >>> 0;
}

function shlWords(w: Uint32Array, c: number): void {
  while (c >= 32) {
    for (let i = 0; i < 4; i++) w[i] = w[i + 1];
    w[4] = 0;
    c -= 32;
  }
  if (c > 0) {
    const r = 32 - c;
    for (let i = 0; i < 4; i++) w[i] = ((w[i] << c) | (w[i + 1] >>> r)) >>> 0;
    w[4] = (w[4] << c) >>> 0;
  }
}

function geWords(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < 5; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

function subWords(a: Uint32Array, b: Uint32Array): void {
  let borrow = 0;
  for (let i = 4; i >= 0; i--) {
    const d = a[i] - b[i] - borrow;
    borrow = d < 0 ? 1 : 0;
    a[i] = d >>> 0;
  }
}
