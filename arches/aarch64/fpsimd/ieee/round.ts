/**
 * The one place where an exact real result becomes a floating-point value with Arm's
 * FPRoundBase rules: flush-to-zero, underflow detected on the unrounded value (tininess
 * before rounding), overflow after rounding, inexact, every rounding mode.
 *
 * Callers describe the exact result as |value| = (hi + tiny * loSign) * 2^k where hi > 0 is
 * the double nearest to the exact value / 2^k (round-to-nearest, 53 bits, unbounded exponent)
 * and loSign in {-1, 0, 1} is the sign of (exact / 2^k - hi). That is enough information for
 * any narrower rounding, because every rounding boundary of a format with at most 53 bits is
 * itself a 53-bit number, and round-to-nearest never moves a value across one.
 * @module
 */
import { FPSR_IOC, FPSR_IXC, FPSR_OFC, FPSR_UFC, ODD, RM, RN, RP, TIEAWAY, type FpEnv } from './fp-env.js';
import { exponentOf, isPow2, pow2, scalb } from './bits.js';
import { EMAX, EMIN, F16_AHP, MAX_NORMAL, PRECISION } from './format.js';

/**
 * Round an exact non-zero magnitude to `fmt` and return the signed result as a number.
 * @param fmt F16 / F32 / F64 / F16_AHP
 * @param neg sign of the result
 * @param hi round-to-nearest double of |exact| / 2^k (> 0, finite)
 * @param loSign sign of |exact| / 2^k - hi
 * @param k binary scale of the exact value
 * @param mode RN, RP, RM, RZ, TIEAWAY or ODD
 * @param flush flush-to-zero in effect for this output
 */
export function roundExact(
  fmt: number,
  neg: boolean,
  hi: number,
  loSign: number,
  k: number,
  mode: number,
  flush: boolean,
  env: FpEnv,
): number {
  const p = PRECISION[fmt];
  const emin = EMIN[fmt];
  // Exponent of the exact value: one lower when hi is a power of two and the rest pulls down.
  let e = exponentOf(hi) + k;
  if (loSign < 0 && isPow2(hi)) e--;

  if (flush && e < emin) {
    env.fpsr |= FPSR_UFC;
    return neg ? -0 : 0;
  }

  const qexp = (e < emin ? emin : e) - (p - 1);
  const sh = k - qexp;
  // Integer part of exact / 2^qexp and where the fraction lies relative to one half.
  let i: number;
  let cmpHalf: number; // -1 below 1/2, 0 exactly 1/2, 1 above
  let inexact: boolean;
  if (e - qexp < -80) {
    // Far below the smallest quantum: only a sticky bit remains.
    i = 0;
    cmpHalf = -1;
    inexact = true;
  } else {
    const n = scalb(hi, sh);
    i = Math.floor(n);
    const f = n - i;
    if (f === 0) {
      if (loSign === 0) {
        cmpHalf = -1;
        inexact = false;
      } else if (loSign > 0) {
        cmpHalf = -1;
        inexact = true;
      } else {
        i -= 1;
        cmpHalf = 1;
        inexact = true;
      }
    } else {
      inexact = true;
      cmpHalf = f === 0.5 ? loSign : f < 0.5 ? -1 : 1;
    }
  }

  if (inexact && e < emin) env.fpsr |= FPSR_UFC;

  let up = false;
  switch (mode) {
    case RN:
      up = cmpHalf > 0 || (cmpHalf === 0 && i % 2 === 1);
      break;
    case TIEAWAY:
      up = cmpHalf >= 0 && inexact;
      break;
    case RP:
      up = inexact && !neg;
      break;
    case RM:
      up = inexact && neg;
      break;
    case ODD:
      if (inexact && i % 2 === 0) i += 1;
      break;
    default: // RZ
      break;
  }
  if (up) i += 1;

  // Overflow: the rounded value reaches 2^(emax+1).
  const emax = EMAX[fmt];
  if (e > emax || (e === emax && i >= pow2(p))) {
    if (fmt === F16_AHP) {
      // No infinity: saturate, Invalid Operation instead of Overflow, and no Inexact.
      env.fpsr |= FPSR_IOC;
      return neg ? -MAX_NORMAL[fmt] : MAX_NORMAL[fmt];
    }
    env.fpsr |= FPSR_OFC | FPSR_IXC;
    const toInf = mode === RN || mode === TIEAWAY || (mode === RP && !neg) || (mode === RM && neg);
    const m = toInf ? Infinity : MAX_NORMAL[fmt];
    return neg ? -m : m;
  }
  if (inexact) env.fpsr |= FPSR_IXC;
  const r = i === 0 ? 0 : scalb(i, qexp);
  return neg ? -r : r;
}

/**
 * Round a value that is already an exact double (a conversion source) to `fmt`.
 * x must be finite and non-zero.
 */
export function roundValue(fmt: number, x: number, mode: number, flush: boolean, env: FpEnv): number {
  return x < 0
    ? roundExact(fmt, true, -x, 0, 0, mode, flush, env)
    : roundExact(fmt, false, x, 0, 0, mode, flush, env);
}
