/**
 * Rounding an exact result to single or double precision with x86 SSE rules, as QEMU 7.2's
 * softfloat applies them (`fpu/softfloat-parts.c.inc`, uncanon_normal):
 * - tininess is detected after rounding; a tiny result raises UE only when it is also inexact
 *   (masked underflow), PE whenever it is inexact;
 * - FZ flushes a result whose exact value lies below the smallest normal — before rounding, as
 *   QEMU checks the unrounded exponent — to a zero of the same sign and raises UE and PE;
 * - overflow gives infinity or the largest finite value by direction, with OE and PE.
 * Unmasked OE and UE follow the hardware instead (QEMU delivers no SIMD exceptions): the lane
 * reports OE, or UE whenever the result is tiny even if exact, plus PE when the result needs
 * more than the format's precision whatever the exponent (the hardware's "scaled result" rule);
 * FZ does not apply when UE is unmasked (SDM vol. 1 §10.2.3.3).
 * @module
 */
import { RM, RN, RP, exactExponent, inexactAtPrecision, roundInfo, roundMagnitude } from '../../../common/ieee/round.js';
import { exactOut } from '../../../common/ieee/exact-ops.js';
import { OE, PE, UE, fp, masked } from './mxcsr.js';

/** Formats: the number is the index into the tables below. */
export const F32 = 0;
export const F64 = 1;
const PRECISION = [24, 53];
const EMIN = [-126, -1022];
const EMAX = [127, 1023];
const MAX_FINITE = [3.4028234663852886e38, Number.MAX_VALUE];
/** Smallest normal magnitudes. */
export const MIN_NORMAL32 = 2 ** -126;
export const MIN_NORMAL64 = 2 ** -1022;

/**
 * Round the exact non-zero value (neg, hi, loSign, k) — see `arches/common/ieee/round.ts` —
 * to `fmt` under the instruction's MXCSR, raising flags into `fp.flags`.
 */
export function roundTo(fmt: number, neg: boolean, hi: number, loSign: number, k: number): number {
  const emin = EMIN[fmt];
  if (fp.fz && exactExponent(hi, loSign, k) < emin) {
    fp.flags |= UE | PE;
    return neg ? -0 : 0;
  }
  const mode = fp.mode;
  const r = roundMagnitude(PRECISION[fmt], emin, EMAX[fmt], neg, hi, loSign, k, mode);
  if (roundInfo.overflow) {
    if (!masked(OE)) {
      fp.flags |= inexactAtPrecision(PRECISION[fmt], hi, loSign) ? OE | PE : OE;
      return neg ? -Infinity : Infinity;
    }
    fp.flags |= OE | PE;
    const toInf = mode === RN || (mode === RP && !neg) || (mode === RM && neg);
    const m = toInf ? Infinity : MAX_FINITE[fmt];
    return neg ? -m : m;
  }
  if (roundInfo.tinyAfter) {
    if (!masked(UE)) fp.flags |= inexactAtPrecision(PRECISION[fmt], hi, loSign) ? UE | PE : UE;
    else if (roundInfo.inexact) fp.flags |= UE | PE;
  } else if (roundInfo.inexact) fp.flags |= PE;
  return neg ? -r : r;
}

/** Round the value the last `exact*` call of `arches/common/ieee/exact-ops.ts` described. */
export function roundExactOut(fmt: number): number {
  return roundTo(fmt, exactOut.neg, exactOut.hi, exactOut.loSign, exactOut.k);
}

/** Round a finite non-zero double (a conversion source) to `fmt`. */
export function roundValue(fmt: number, x: number): number {
  return x < 0 ? roundTo(fmt, true, -x, 0, 0) : roundTo(fmt, false, x, 0, 0);
}
