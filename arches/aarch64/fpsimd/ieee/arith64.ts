/**
 * Double-precision arithmetic with Arm semantics on non-NaN operands (callers resolve NaN
 * operands on bits first, see nan.ts). A NaN return value means the default NaN (an invalid
 * operation, IOC already raised). Round-to-nearest without flush-to-zero takes a fast path
 * (host operation plus an exact error term for the inexact flag); everything else goes
 * through {@link roundExact}.
 * @module
 */
import {
  FPCR_FZ,
  FPCR_SLOW_MASK,
  FPSR_DZC,
  FPSR_IDC,
  FPSR_IOC,
  FPSR_IXC,
  RM,
  fpcrRounding,
  type FpEnv,
} from './fp-env.js';
import { exponentOf, isEvenSignificand, isNeg, mantissaOf, nextAway, scalb, sgn } from '../../../common/ieee/bits.js';
import { twoProdErr, twoSumErr } from '../../../common/ieee/exact.js';
import { F64 } from './format.js';
import { roundExact } from './round.js';

const MIN_NORMAL = 2 ** -1022;
const SAFE_HI = 2 ** 990;
const SAFE_LO = 2 ** -950;

/** FZ input flush of a double: denormals become zero of the same sign and raise IDC. */
export function flush64(x: number, env: FpEnv): number {
  if (x !== 0 && x < MIN_NORMAL && x > -MIN_NORMAL) {
    env.fpsr |= FPSR_IDC;
    return x < 0 ? -0 : 0;
  }
  return x;
}

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

/** Sign of an exact zero sum of two operands that are not both zero, or of two zeros. */
function zeroSum(a: number, b: number, mode: number): number {
  if (a === 0 && b === 0) {
    const na = isNeg(a);
    const nb = isNeg(b);
    if (na === nb) return a;
  }
  return mode === RM ? -0 : 0;
}

/** a + b. */
export function add64(a: number, b: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_SLOW_MASK) === 0) {
    const s = a + b;
    if (s - s === 0) {
      if (twoSumErr(a, b, s) !== 0) env.fpsr |= FPSR_IXC;
      return s;
    }
  }
  return addSlow64(a, b, env);
}

/** a - b. */
export function sub64(a: number, b: number, env: FpEnv): number {
  return add64(a, -b, env);
}

function addSlow64(a: number, b: number, env: FpEnv): number {
  const fpcr = env.fpcr;
  const mode = fpcrRounding(fpcr);
  const fz = (fpcr & FPCR_FZ) !== 0;
  if (fz) {
    a = flush64(a, env);
    b = flush64(b, env);
  }
  if (isInf(a) || isInf(b)) {
    if (a + b !== a + b) {
      env.fpsr |= FPSR_IOC;
      return NaN;
    }
    return a + b;
  }
  if (a === 0 || b === 0) {
    if (a === 0 && b === 0) return zeroSum(a, b, mode);
    return a === 0 ? b : a;
  }
  let s = a + b;
  let k = 0;
  if (isInf(s)) {
    // Both operands are large: a quarter of each is exact.
    a *= 0.25;
    b *= 0.25;
    s = a + b;
    k = 2;
  }
  if (s === 0) return mode === RM ? -0 : 0;
  const err = twoSumErr(a, b, s);
  return s < 0
    ? roundExact(F64, true, -s, -sgn(err), k, mode, fz, env)
    : roundExact(F64, false, s, sgn(err), k, mode, fz, env);
}

/** a * b. */
export function mul64(a: number, b: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_SLOW_MASK) === 0) {
    const p = a * b;
    const ap = p < 0 ? -p : p;
    if (ap < SAFE_HI && ap > SAFE_LO && a < SAFE_HI && a > -SAFE_HI && b < SAFE_HI && b > -SAFE_HI) {
      if (twoProdErr(a, b, p) !== 0) env.fpsr |= FPSR_IXC;
      return p;
    }
  }
  return mulSlow64(a, b, env);
}

function mulSlow64(a: number, b: number, env: FpEnv): number {
  const fpcr = env.fpcr;
  const fz = (fpcr & FPCR_FZ) !== 0;
  if (fz) {
    a = flush64(a, env);
    b = flush64(b, env);
  }
  const neg = isNeg(a) !== isNeg(b);
  if (isInf(a) || isInf(b)) {
    if (a === 0 || b === 0) {
      env.fpsr |= FPSR_IOC;
      return NaN;
    }
    return neg ? -Infinity : Infinity;
  }
  if (a === 0 || b === 0) return neg ? -0 : 0;
  const ma = mantissaOf(a);
  const mb = mantissaOf(b);
  const p = ma * mb;
  const err = twoProdErr(ma, mb, p);
  return roundExact(F64, neg, p, sgn(err), exponentOf(a) + exponentOf(b), fpcrRounding(fpcr), fz, env);
}

/** a / b. */
export function div64(a: number, b: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_SLOW_MASK) === 0) {
    const q = a / b;
    const aq = q < 0 ? -q : q;
    const aa = a < 0 ? -a : a;
    const ab = b < 0 ? -b : b;
    if (aq < SAFE_HI && aq > SAFE_LO && ab < SAFE_HI && aa > SAFE_LO && aa < SAFE_HI) {
      // a - q*b is exactly representable; its sign tells whether q is exact.
      const ph = q * b;
      if (a - ph - twoProdErr(q, b, ph) !== 0) env.fpsr |= FPSR_IXC;
      return q;
    }
  }
  return divSlow64(a, b, env);
}

function divSlow64(a: number, b: number, env: FpEnv): number {
  const fpcr = env.fpcr;
  const fz = (fpcr & FPCR_FZ) !== 0;
  if (fz) {
    a = flush64(a, env);
    b = flush64(b, env);
  }
  const neg = isNeg(a) !== isNeg(b);
  if (isInf(a)) {
    if (isInf(b)) {
      env.fpsr |= FPSR_IOC;
      return NaN;
    }
    return neg ? -Infinity : Infinity;
  }
  if (isInf(b)) return neg ? -0 : 0;
  if (b === 0) {
    if (a === 0) {
      env.fpsr |= FPSR_IOC;
      return NaN;
    }
    env.fpsr |= FPSR_DZC;
    return neg ? -Infinity : Infinity;
  }
  if (a === 0) return neg ? -0 : 0;
  const ma = mantissaOf(a);
  const mb = mantissaOf(b);
  const q = ma / mb;
  const ph = q * mb;
  const r = ma - ph - twoProdErr(q, mb, ph);
  return roundExact(F64, neg, q, sgn(r), exponentOf(a) - exponentOf(b), fpcrRounding(fpcr), fz, env);
}

/** Square root. */
export function sqrt64(a: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_SLOW_MASK) === 0 && a > SAFE_LO && a < SAFE_HI) {
    const s = Math.sqrt(a);
    const ph = s * s;
    if (a - ph - twoProdErr(s, s, ph) !== 0) env.fpsr |= FPSR_IXC;
    return s;
  }
  return sqrtSlow64(a, env);
}

function sqrtSlow64(a: number, env: FpEnv): number {
  const fpcr = env.fpcr;
  const fz = (fpcr & FPCR_FZ) !== 0;
  if (fz) a = flush64(a, env);
  if (a === 0) return a;
  if (a < 0) {
    env.fpsr |= FPSR_IOC;
    return NaN;
  }
  if (a === Infinity) return a;
  let e = exponentOf(a);
  if (e & 1) e -= 1;
  const m = scalb(a, -e); // [1, 4)
  const s = Math.sqrt(m);
  const ph = s * s;
  const r = m - ph - twoProdErr(s, s, ph);
  return roundExact(F64, false, s, sgn(r), e / 2, fpcrRounding(fpcr), fz, env);
}

/** Result of {@link fmaCore}: RN(c + a*b) and the sign of the remainder. */
const fmaOut = { hi: 0, sign: 0 };

/**
 * c + a*b rounded to nearest into fmaOut.hi, with the sign of the exact remainder in
 * fmaOut.sign. Boldo & Melquiond's emulation (an exact product, an exact sum, then the low
 * parts added with round-to-odd), followed by an exact expansion of the remainder.
 * Requires operands scaled so that no partial result overflows or underflows.
 */
function fmaCore(a: number, b: number, c: number): void {
  const uh = a * b;
  const ul = twoProdErr(a, b, uh);
  const th = c + uh;
  const tl = twoSumErr(c, uh, th);
  const un = tl + ul;
  const e = twoSumErr(tl, ul, un);
  const v = e !== 0 && isEvenSignificand(un) ? nextAway(un, e) : un;
  const z = th + v;
  // Remainder (th - z) + tl + ul, summed as a non-overlapping expansion (Shewchuk's Grow-Expansion).
  const r1 = th - z;
  const r2 = twoSumErr(th, -z, r1);
  const q1 = tl + r2;
  const h0 = twoSumErr(tl, r2, q1);
  const q2 = q1 + r1;
  const h1 = twoSumErr(q1, r1, q2);
  const w1 = ul + h0;
  const g0 = twoSumErr(ul, h0, w1);
  const w2 = w1 + h1;
  const g1 = twoSumErr(w1, h1, w2);
  const w3 = w2 + q2;
  const g2 = twoSumErr(w2, q2, w3);
  fmaOut.hi = z;
  fmaOut.sign = w3 !== 0 ? sgn(w3) : g2 !== 0 ? sgn(g2) : g1 !== 0 ? sgn(g1) : sgn(g0);
}

/** Fused c + a*b with a single rounding (FMADD's addend first, as in Arm's FPMulAdd). */
export function mulAdd64(c: number, a: number, b: number, env: FpEnv): number {
  if ((env.fpcr & FPCR_SLOW_MASK) === 0) {
    const p = a * b;
    const ap = p < 0 ? -p : p;
    const ac = c < 0 ? -c : c;
    if (
      ap < SAFE_HI &&
      ap > SAFE_LO &&
      a < SAFE_HI &&
      a > -SAFE_HI &&
      b < SAFE_HI &&
      b > -SAFE_HI &&
      ac < SAFE_HI &&
      (ac > SAFE_LO || c === 0)
    ) {
      fmaCore(a, b, c);
      if (fmaOut.sign !== 0) env.fpsr |= FPSR_IXC;
      return fmaOut.hi;
    }
  }
  return mulAddSlow64(c, a, b, env);
}

/** Stand-in for an operand far below the other one: only its sign can matter. */
const STICKY = 2 ** -120;

function mulAddSlow64(c: number, a: number, b: number, env: FpEnv): number {
  const fpcr = env.fpcr;
  const mode = fpcrRounding(fpcr);
  const fz = (fpcr & FPCR_FZ) !== 0;
  if (fz) {
    a = flush64(a, env);
    b = flush64(b, env);
    c = flush64(c, env);
  }
  const pneg = isNeg(a) !== isNeg(b);
  if (isInf(a) || isInf(b)) {
    if (a === 0 || b === 0 || (isInf(c) && isNeg(c) !== pneg)) {
      env.fpsr |= FPSR_IOC;
      return NaN;
    }
    return pneg ? -Infinity : Infinity;
  }
  if (isInf(c)) return c;
  if (a === 0 || b === 0) {
    if (c === 0) return zeroSum(pneg ? -0 : 0, c, mode);
    return c;
  }
  if (c === 0) return mulSlow64(a, b, env);
  const ma = pneg ? -mantissaOf(a) : mantissaOf(a);
  const mb = mantissaOf(b);
  const ep = exponentOf(a) + exponentOf(b);
  const ec = exponentOf(c);
  let k: number;
  if (ec - ep > 110) {
    // Product far below the addend: it only decides the direction of rounding.
    fmaCore(pneg ? -STICKY : STICKY, 1, c < 0 ? -mantissaOf(c) : mantissaOf(c));
    k = ec;
  } else if (ep - ec > 110) {
    fmaCore(ma, mb, c < 0 ? -STICKY : STICKY);
    k = ep;
  } else {
    fmaCore(ma, mb, scalb(c, -ep));
    k = ep;
  }
  const z = fmaOut.hi;
  if (z === 0) return mode === RM ? -0 : 0;
  return z < 0
    ? roundExact(F64, true, -z, -fmaOut.sign, k, mode, fz, env)
    : roundExact(F64, false, z, fmaOut.sign, k, mode, fz, env);
}
