/**
 * Single-precision arithmetic with Arm semantics on non-NaN operands held as numbers (exact
 * singles). A NaN return value means the default NaN (IOC already raised). Products and
 * most sums of singles are exact in double precision, so double arithmetic plus
 * Math.fround (innocuous double rounding for + - * / sqrt) gives the round-to-nearest
 * result; everything else goes through {@link roundExact}.
 * @module
 */
import {
  FPCR_FZ,
  FPCR_SLOW_MASK,
  FPSR_DZC,
  FPSR_IDC,
  FPSR_IOC,
  FPSR_IXC,
  FPSR_OFC,
  FPSR_UFC,
  RM,
  fpcrRounding,
  type FpEnv,
} from './fp-env.js';
import { isNeg, sgn } from '../../../common/ieee/bits.js';
import { twoProdErr, twoSumErr } from '../../../common/ieee/exact.js';
import { F32 } from './format.js';
import { roundExact } from './round.js';

const MIN_NORMAL = 2 ** -126;

/** FZ input flush of a single: denormals become zero of the same sign and raise IDC. */
export function flush32(x: number, env: FpEnv): number {
  if (x !== 0 && x < MIN_NORMAL && x > -MIN_NORMAL) {
    env.fpsr |= FPSR_IDC;
    return x < 0 ? -0 : 0;
  }
  return x;
}

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

/**
 * Round an exact double value (hi plus the sign of a remainder) to single precision.
 * Round-to-nearest without flush goes through Math.fround when that is a single rounding.
 */
function finish32(x: number, loSign: number, env: FpEnv): number {
  const fpcr = env.fpcr;
  if ((fpcr & FPCR_SLOW_MASK) === 0 && loSign === 0) {
    const r = Math.fround(x);
    if (r !== x) {
      if (isInf(r)) env.fpsr |= FPSR_OFC | FPSR_IXC;
      else {
        env.fpsr |= FPSR_IXC;
        if (x < MIN_NORMAL && x > -MIN_NORMAL) env.fpsr |= FPSR_UFC;
      }
    }
    return r;
  }
  if (x === 0) return x;
  const mode = fpcrRounding(fpcr);
  const fz = (fpcr & FPCR_FZ) !== 0;
  return x < 0
    ? roundExact(F32, true, -x, -loSign, 0, mode, fz, env)
    : roundExact(F32, false, x, loSign, 0, mode, fz, env);
}

/** a + b. */
export function add32(a: number, b: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) {
    a = flush32(a, env);
    b = flush32(b, env);
  }
  const s = a + b;
  if (s - s !== 0) {
    // Infinite operands (singles never overflow a double sum).
    if (s !== s) {
      env.fpsr |= FPSR_IOC;
      return NaN;
    }
    return s;
  }
  if (s === 0) {
    // Exact cancellation or zero operands: RM gives -0 unless both operands are +0.
    if (fpcrRounding(env.fpcr) === RM && !(a === 0 && b === 0 && !isNeg(a) && !isNeg(b))) return -0;
    return s;
  }
  return finish32(s, sgn(twoSumErr(a, b, s)), env);
}

/** a - b. */
export function sub32(a: number, b: number, env: FpEnv): number {
  return add32(a, -b, env);
}

/** a * b (the double product of two singles is exact). */
export function mul32(a: number, b: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) {
    a = flush32(a, env);
    b = flush32(b, env);
  }
  const p = a * b;
  if (p !== p) {
    env.fpsr |= FPSR_IOC;
    return NaN;
  }
  if (p === 0 || isInf(p)) return p;
  return finish32(p, 0, env);
}

/** a / b. */
export function div32(a: number, b: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) {
    a = flush32(a, env);
    b = flush32(b, env);
  }
  const q = a / b;
  if (q !== q) {
    env.fpsr |= FPSR_IOC;
    return NaN;
  }
  if (isInf(q)) {
    if (!isInf(a)) env.fpsr |= FPSR_DZC;
    return q;
  }
  if (q === 0) return q;
  if ((env.fpcr & FPCR_SLOW_MASK) === 0) {
    const r = Math.fround(q);
    // r * b is exact in double: r is the quotient exactly when it gives back a.
    if (r * b !== a) {
      if (isInf(r)) env.fpsr |= FPSR_OFC | FPSR_IXC;
      else {
        env.fpsr |= FPSR_IXC;
        if (q < MIN_NORMAL && q > -MIN_NORMAL) env.fpsr |= FPSR_UFC;
      }
    }
    return r;
  }
  // Sign of the remainder a - q*b decides directed rounding.
  const ph = q * b;
  const rem = a - ph - twoProdErr(q, b, ph);
  return finish32(q, b < 0 ? -sgn(rem) : sgn(rem), env);
}

/** Square root. */
export function sqrt32(a: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) a = flush32(a, env);
  if (a === 0 || a === Infinity) return a;
  if (a < 0) {
    env.fpsr |= FPSR_IOC;
    return NaN;
  }
  const s = Math.sqrt(a);
  if ((env.fpcr & FPCR_SLOW_MASK) === 0) {
    const r = Math.fround(s);
    if (r * r !== a) env.fpsr |= FPSR_IXC;
    return r;
  }
  const ph = s * s;
  return finish32(s, sgn(a - ph - twoProdErr(s, s, ph)), env);
}

/** Fused c + a*b with one rounding: the product is exact, the sum exact as two doubles. */
export function mulAdd32(c: number, a: number, b: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) {
    a = flush32(a, env);
    b = flush32(b, env);
    c = flush32(c, env);
  }
  const p = a * b;
  if (p !== p) {
    env.fpsr |= FPSR_IOC;
    return NaN;
  }
  const s = c + p;
  if (s !== s) {
    env.fpsr |= FPSR_IOC;
    return NaN;
  }
  if (isInf(s)) return s;
  if (s === 0) {
    if (p === 0 && c === 0) {
      // Zero addend and zero product: +0 unless both are -0 (RM: -0 unless both +0).
      const pn = isNeg(p);
      const cn = isNeg(c);
      if (pn === cn) return c;
    }
    return fpcrRounding(env.fpcr) === RM ? -0 : 0;
  }
  const err = twoSumErr(c, p, s);
  if ((env.fpcr & FPCR_SLOW_MASK) === 0 && (s >= 2 ** -125 || s <= -(2 ** -125))) {
    // Math.fround(s) is the correctly rounded result unless s sits exactly on a midpoint
    // between two singles with a non-zero remainder (double rounding): then r + 2(s - r)
    // is the other neighbour, itself a single.
    const r = Math.fround(s);
    const t = s - r;
    if (!isInf(r) && (err === 0 || t === 0 || Math.fround(r + 2 * t) !== r + 2 * t)) {
      if (err !== 0 || t !== 0) env.fpsr |= FPSR_IXC;
      return r;
    }
  }
  return finish32(s, sgn(err), env);
}
