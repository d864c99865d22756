/**
 * Arm's FPRoundBase on top of the shared rounding core (`arches/common/ieee/round.ts`):
 * flush-to-zero, underflow detected on the unrounded value (tininess before rounding),
 * overflow after rounding, inexact, every rounding mode, the alternative half format.
 * The exact result is described as in the core: |value| = (hi + tiny * loSign) * 2^k.
 * @module
 */
import { FPSR_IOC, FPSR_IXC, FPSR_OFC, FPSR_UFC, RM, RN, RP, TIEAWAY, type FpEnv } from './fp-env.js';
import { exactExponent, roundInfo, roundMagnitude } from '../../../common/ieee/round.js';
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
  const emin = EMIN[fmt];
  if (flush && exactExponent(hi, loSign, k) < emin) {
    env.fpsr |= FPSR_UFC;
    return neg ? -0 : 0;
  }
  const r = roundMagnitude(PRECISION[fmt], emin, EMAX[fmt], neg, hi, loSign, k, mode);
  if (roundInfo.inexact && roundInfo.tinyBefore) env.fpsr |= FPSR_UFC;
  if (roundInfo.overflow) {
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
  if (roundInfo.inexact) env.fpsr |= FPSR_IXC;
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
