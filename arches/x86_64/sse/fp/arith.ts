/**
 * Add, subtract, multiply, divide and square root of single and double precision numbers with
 * x86 SSE flags, for non-NaN operands (callers resolve NaN operands on bits, `nan.ts`). A NaN
 * return value means the QNaN indefinite (IE already raised). `fmt` is F32 or F64.
 *
 * Singles are exact doubles. Every operation describes its exact result for the rounding core
 * (`arches/common/ieee/exact-ops.ts` — the double result and the sign of its exact error — and
 * `round.ts`), which rounds it to the format in MXCSR's direction with DAZ, FZ and the flags.
 * The common case of the instructions compiled code uses most is handled before this, inline,
 * by `ops/fast.ts`; this is the general path, exact in every case.
 * @module
 */
import { RM } from '../../../common/ieee/round.js';
import { exactProduct, exactQuotient, exactSqrt, exactSum } from '../../../common/ieee/exact-ops.js';
import { IE, ZE, fp } from './mxcsr.js';
import { inputs, prepare } from './inputs.js';
import { roundExactOut, roundValue } from './round.js';

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
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
