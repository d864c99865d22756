/**
 * Scaling by a power of two (FSCALE, and the divisor scaling of FPREM's partial remainders),
 * and the exact remainder of FPREM/FPREM1 (QEMU's `floatx80_modrem`).
 * @module
 */
import { Q, U, V, divDigits, getWord, putWord } from './digits.js';
import { Exc, fenv } from './fenv.js';
import { defaultNaN, pickNaN, returnNaN } from './nan.js';
import { Cls, normalize, type Parts } from './parts.js';

/** p × 2^n (n clamped to ±65536; rounding is the caller's pack). */
export function scalbn(p: Parts, n: number): Parts {
  if (p.cls >= Cls.QNaN) return returnNaN(p);
  if (p.cls === Cls.Normal) p.exp += n > 0x10000 ? 0x10000 : n < -0x10000 ? -0x10000 : n;
  return p;
}

/** Low 32 bits of the truncated quotient of the last {@link modRem} with `mod` (FPREM's C0/C3/C1). */
export const remQuotient = { lo: 0 };

/**
 * a rem b: with `mod` the remainder of the quotient truncated toward zero (FPREM), else of the
 * quotient rounded to nearest-even (FPREM1). Exact. The quotient's low bits are recorded only
 * for `mod` (QEMU 7.2 reports none for FPREM1). Meant for exponent differences below 64.
 */
export function modRem(a: Parts, b: Parts, mod: boolean): Parts {
  remQuotient.lo = 0;
  if (a.cls === Cls.Normal && b.cls === Cls.Normal) return modRemNormal(a, b, mod);
  if (a.cls >= Cls.QNaN || b.cls >= Cls.QNaN) return pickNaN(a, b);
  if (a.cls === Cls.Inf || b.cls === Cls.Zero) {
    fenv.exc |= Exc.IE;
    return defaultNaN(a);
  }
  return a;
}

function modRemNormal(a: Parts, b: Parts, mod: boolean): Parts {
  const d = a.exp - b.exp;
  if (d < -1) return a;
  // In units of 2^(b.exp − 64): B2 = 2·mb (65 bits), R2 = twice the remainder.
  let q0 = 0; // quotient bits 31..0
  let r2 = 0; // remainder (×2) as 3 words, most significant first
  let r1 = 0;
  let r0 = 0;
  if (d === -1) {
    r2 = 0;
    r1 = a.f0;
    r0 = a.f1;
  } else {
    // U = ma << d (up to 127 bits), V = mb; Q = floor(U / V), U mod V = remainder r.
    for (let i = 0; i < 12; i++) U[i] = 0;
    // ma as 64 bits at bit offset d.
    const wordShift = d >>> 5;
    const bitShift = d & 31;
    const w0 = bitShift === 0 ? a.f1 : (a.f1 << bitShift) >>> 0;
    const w1 = bitShift === 0 ? a.f0 : ((a.f0 << bitShift) | (a.f1 >>> (32 - bitShift))) >>> 0;
    const w2 = bitShift === 0 ? 0 : a.f0 >>> (32 - bitShift);
    putWord(U, 2 * wordShift, w0);
    putWord(U, 2 * wordShift + 2, w1);
    putWord(U, 2 * wordShift + 4, w2);
    putWord(V, 0, b.f1);
    putWord(V, 2, b.f0);
    divDigits(8, 4);
    q0 = getWord(Q, 0);
    const rl = getWord(U, 0);
    const rh = getWord(U, 2);
    // Twice the remainder.
    r2 = rh >>> 31;
    r1 = ((rh << 1) | (rl >>> 31)) >>> 0;
    r0 = (rl << 1) >>> 0;
  }
  if (mod) {
    remQuotient.lo = q0;
  } else {
    // Round the quotient to nearest: use B2 − R2 when it is smaller (or equal with q odd).
    const b2 = b.f0 >>> 31;
    const b1 = ((b.f0 << 1) | (b.f1 >>> 31)) >>> 0;
    const b0 = (b.f1 << 1) >>> 0;
    let t0 = b0 - r0;
    const c0 = t0 < 0 ? 1 : 0;
    t0 >>>= 0;
    let t1 = b1 - r1 - c0;
    const c1 = t1 < 0 ? 1 : 0;
    t1 >>>= 0;
    const t2 = b2 - r2 - c1;
    const cmp = t2 !== r2 ? t2 - r2 : t1 !== r1 ? t1 - r1 : t0 - r0;
    if (cmp < 0 || (cmp === 0 && (q0 & 1) !== 0)) {
      r2 = t2;
      r1 = t1;
      r0 = t0;
      a.sign ^= 1;
    }
  }
  if ((r2 | r1 | r0) === 0) {
    a.cls = Cls.Zero;
    return a;
  }
  // Value = (r2:r1:r0) × 2^(b.exp − 64); normalise into the 128-bit significand.
  a.f0 = r2;
  a.f1 = r1;
  a.f2 = r0;
  a.f3 = 0;
  const n = normalize(a);
  a.exp = b.exp + 31 - n;
  return a;
}
