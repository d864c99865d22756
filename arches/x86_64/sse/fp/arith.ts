/**
 * Add, subtract, multiply, divide and square root of single and double precision numbers with
 * x86 SSE flags, for non-NaN operands (callers resolve NaN operands on bits, `nan.ts`). A NaN
 * return value means the QNaN indefinite (IE already raised).
 *
 * Singles are exact doubles. A double operation on singles rounded to single (Math.fround) is
 * the correctly rounded single result for + - * / and sqrt, because 53 ≥ 2·24 + 2: the double
 * rounding is innocuous (Figueroa). That settles round-to-nearest; for the inexact flag the
 * exact error of the double result is known (TwoSum, the exact product of singles, the
 * remainder a - q·b), and every other case — directed rounding, DAZ/FZ, unmasked exceptions,
 * tiny or overflowing results, special operands — describes the exact result for the rounding
 * core instead (`arches/common/ieee/exact-ops.ts`, `round.ts`).
 *
 * Fast paths need MXCSR's control bits at their reset values (round to nearest, everything
 * masked, no DAZ/FZ). They skip the inexact test once PE is already set in MXCSR: the flag is
 * sticky, so the answer cannot change it.
 * @module
 */
import { twoProdErr, twoSumErr } from '../../../common/ieee/exact.js';
import { RM } from '../../../common/ieee/round.js';
import { exactProduct, exactQuotient, exactSqrt, exactSum } from '../../../common/ieee/exact-ops.js';
import { DE, FAST_CONTROL, IE, MXCSR_RESET, PE, ZE, fp } from './mxcsr.js';
import { inputs, prepare } from './inputs.js';
import { F32, F64, MIN_NORMAL32, MIN_NORMAL64, roundExactOut, roundValue } from './round.js';

/** Largest operand magnitude for which Dekker's product error is exact. */
const SAFE_HI = 2 ** 995;
/** Smallest product magnitude for which it is. */
const SAFE_LO = 2 ** -960;

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

/** Round-to-nearest with every exception masked, no DAZ/FZ: the fast paths' precondition. */
function fastControl(): boolean {
  return (fp.mxcsr & FAST_CONTROL) === MXCSR_RESET;
}

/** Does the inexact flag still need computing? */
function needPE(): boolean {
  return (fp.mxcsr & PE) === 0;
}

/** The sign of an exact zero sum: the operands' common sign, else -0 only when rounding down. */
function zeroSum(a: number, b: number): number {
  if (a === 0 && b === 0 && 1 / a === 1 / b) return a;
  return fp.mode === RM ? -0 : 0;
}

/** a + b in `fmt` (general path). */
export function add(fmt: number, a: number, b: number): number {
  prepare(fmt, a, b);
  fp.flags |= inputs.den;
  a = inputs.a;
  b = inputs.b;
  if (isInf(a) || isInf(b)) {
    const s = a + b;
    if (s !== s) {
      fp.flags |= IE;
      return NaN;
    }
    return s;
  }
  if (a === 0 || b === 0) {
    if (a === 0 && b === 0) return zeroSum(a, b);
    // The other operand, exactly; rounding still applies FZ to a denormal one.
    return roundValue(fmt, a === 0 ? b : a);
  }
  if (!exactSum(a, b)) return fp.mode === RM ? -0 : 0;
  return roundExactOut(fmt);
}

/** a * b in `fmt` (general path). */
export function mul(fmt: number, a: number, b: number): number {
  prepare(fmt, a, b);
  fp.flags |= inputs.den;
  a = inputs.a;
  b = inputs.b;
  const neg = (a < 0 || 1 / a < 0) !== (b < 0 || 1 / b < 0);
  if (isInf(a) || isInf(b)) {
    if (a === 0 || b === 0) {
      fp.flags |= IE;
      return NaN;
    }
    return neg ? -Infinity : Infinity;
  }
  if (a === 0 || b === 0) return neg ? -0 : 0;
  exactProduct(a, b);
  return roundExactOut(fmt);
}

/** a / b in `fmt` (general path). A division by zero reports ZE and not DE. */
export function div(fmt: number, a: number, b: number): number {
  prepare(fmt, a, b);
  a = inputs.a;
  b = inputs.b;
  const neg = (a < 0 || 1 / a < 0) !== (b < 0 || 1 / b < 0);
  if (b === 0 && a !== 0 && !isInf(a)) {
    fp.flags |= ZE;
    return neg ? -Infinity : Infinity;
  }
  fp.flags |= inputs.den;
  if (isInf(a)) {
    if (isInf(b)) {
      fp.flags |= IE;
      return NaN;
    }
    return neg ? -Infinity : Infinity;
  }
  if (isInf(b)) return neg ? -0 : 0;
  if (a === 0) {
    if (b === 0) {
      fp.flags |= IE;
      return NaN;
    }
    return neg ? -0 : 0;
  }
  exactQuotient(a, b);
  return roundExactOut(fmt);
}

/** sqrt(a) in `fmt` (general path). */
export function sqrt(fmt: number, a: number): number {
  prepare(fmt, a, 0);
  a = inputs.a;
  if (a === 0) {
    fp.flags |= inputs.den;
    return a;
  }
  if (a < 0) {
    fp.flags |= IE;
    return NaN;
  }
  fp.flags |= inputs.den;
  if (a === Infinity) return a;
  exactSqrt(a);
  return roundExactOut(fmt);
}

/** Is x a double denormal (operand check of the fast paths)? */
function den64(x: number): boolean {
  return x !== 0 && x < MIN_NORMAL64 && x > -MIN_NORMAL64;
}

function den32(x: number): boolean {
  return x !== 0 && x < MIN_NORMAL32 && x > -MIN_NORMAL32;
}

/** Double a + b. */
export function add64(a: number, b: number): number {
  if (fastControl()) {
    const s = a + b;
    // Finite sums: a tiny one is exact, so only DE and PE can arise.
    if (s - s === 0) {
      if (den64(a) || den64(b)) fp.flags |= DE;
      if (needPE() && twoSumErr(a, b, s) !== 0) fp.flags |= PE;
      return s;
    }
  }
  return add(F64, a, b);
}

/** Double a * b. */
export function mul64(a: number, b: number): number {
  if (fastControl()) {
    const p = a * b;
    // A result above the smallest normal (strictly: at it, an exact value just below may be tiny).
    if ((p > MIN_NORMAL64 || p < -MIN_NORMAL64) && p - p === 0) {
      if (needPE()) {
        if (!(a < SAFE_HI && a > -SAFE_HI && b < SAFE_HI && b > -SAFE_HI && (p > SAFE_LO || p < -SAFE_LO))) return mul(F64, a, b);
        if (twoProdErr(a, b, p) !== 0) fp.flags |= PE;
      }
      if (den64(a) || den64(b)) fp.flags |= DE;
      return p;
    }
    if (p === 0 && (a === 0 || b === 0) && a - a === 0 && b - b === 0) {
      if (den64(a) || den64(b)) fp.flags |= DE;
      return p;
    }
  }
  return mul(F64, a, b);
}

/** Double a / b. */
export function div64(a: number, b: number): number {
  if (fastControl()) {
    const q = a / b;
    if ((q > MIN_NORMAL64 || q < -MIN_NORMAL64) && q - q === 0) {
      if (needPE()) {
        const ab = b < 0 ? -b : b;
        const aa = a < 0 ? -a : a;
        if (!(ab < SAFE_HI && aa < SAFE_HI && aa > SAFE_LO && (q < SAFE_HI && q > -SAFE_HI))) return div(F64, a, b);
        // a - q*b is exact; it is zero exactly when q is.
        const ph = q * b;
        if (a - ph - twoProdErr(q, b, ph) !== 0) fp.flags |= PE;
      }
      if (den64(a) || den64(b)) fp.flags |= DE;
      return q;
    }
  }
  return div(F64, a, b);
}

/** Double square root. */
export function sqrt64(a: number): number {
  if (fastControl() && a > SAFE_LO && a < Infinity) {
    const s = Math.sqrt(a);
    if (needPE()) {
      const ph = s * s;
      if (a - ph - twoProdErr(s, s, ph) !== 0) fp.flags |= PE;
    }
    return s;
  }
  return sqrt(F64, a);
}

/** Single a + b (a tiny sum of singles is exact too). */
export function add32(a: number, b: number): number {
  if (fastControl()) {
    const s = a + b;
    const r = Math.fround(s);
    if (r - r === 0) {
      if (den32(a) || den32(b)) fp.flags |= DE;
      if (needPE() && (r !== s || twoSumErr(a, b, s) !== 0)) fp.flags |= PE;
      return r;
    }
  }
  return add(F32, a, b);
}

/** Single a * b: the double product of singles is exact. */
export function mul32(a: number, b: number): number {
  if (fastControl()) {
    const p = a * b;
    const r = Math.fround(p);
    if ((p >= MIN_NORMAL32 || p <= -MIN_NORMAL32) && r - r === 0) {
      if (r !== p) fp.flags |= PE;
      if (den32(a) || den32(b)) fp.flags |= DE;
      return r;
    }
    if (p === 0 && (a === 0 || b === 0) && a - a === 0 && b - b === 0) {
      if (den32(a) || den32(b)) fp.flags |= DE;
      return p;
    }
  }
  return mul(F32, a, b);
}

/** Single a / b. */
export function div32(a: number, b: number): number {
  if (fastControl()) {
    const q = a / b;
    const r = Math.fround(q);
    if ((q >= MIN_NORMAL32 || q <= -MIN_NORMAL32) && r - r === 0) {
      // r * b is exact in double: r is the quotient exactly when it gives back a.
      if (r * b !== a) fp.flags |= PE;
      if (den32(a) || den32(b)) fp.flags |= DE;
      return r;
    }
  }
  return div(F32, a, b);
}

/** Single square root. */
export function sqrt32(a: number): number {
  if (fastControl() && a >= MIN_NORMAL32 && a < Infinity) {
    const r = Math.fround(Math.sqrt(a));
    if (r * r !== a) fp.flags |= PE;
    return r;
  }
  return sqrt(F32, a);
}
