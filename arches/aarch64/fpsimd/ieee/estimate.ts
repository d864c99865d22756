/**
 * FRECPE / FRSQRTE (and URECPE / URSQRTE): Arm's table-free 8-bit estimates
 * (RecipEstimate / RecipSqrtEstimate of the Arm ARM), on non-NaN numbers.
 * @module
 */
import { exponentOf, mantissaOf, pow2 } from '../../../common/ieee/bits.js';
import { FPCR_FZ, FPSR_DZC, FPSR_IOC, FPSR_IXC, FPSR_OFC, FPSR_UFC, RM, RN, RP, fpcrRounding, type FpEnv } from './fp-env.js';
import { flush32 } from './arith32.js';
import { flush64 } from './arith64.js';

/** RecipEstimate(a) for a in 256..511 (a fixed-point number in [0.5, 1) in steps of 1/512). */
export function recipEstimateInt(a: number): number {
  a = a * 2 + 1;
  const b = Math.floor(524288 / a);
  return (b + 1) >>> 1;
}

const RSQRT_TABLE = new Uint16Array(512);
for (let a0 = 128; a0 < 512; a0++) {
  let a = a0;
  if (a < 256) a = a * 2 + 1;
  else {
    a = (a >> 1) << 1;
    a = (a + 1) * 2;
  }
  let b = 512;
  while (a * (b + 1) * (b + 1) < 268435456) b++;
  RSQRT_TABLE[a0] = (b + 1) >> 1;
}

/** RecipSqrtEstimate(a) for a in 128..511 (a fixed-point number in [0.25, 1)). */
export function rsqrtEstimateInt(a: number): number {
  return RSQRT_TABLE[a];
}

/** FPRecipEstimate of a non-NaN single (`dbl` false) or double. NaN result: default NaN. */
export function recipEstimate(x: number, dbl: boolean, env: FpEnv): number {
  const fz = (env.fpcr & FPCR_FZ) !== 0;
  if (fz) x = dbl ? flush64(x, env) : flush32(x, env);
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const ax = neg ? -x : x;
  if (ax === Infinity) return neg ? -0 : 0;
  if (ax === 0) {
    env.fpsr |= FPSR_DZC;
    return neg ? -Infinity : Infinity;
  }
  if (ax < (dbl ? 2 ** -1024 : 2 ** -128)) {
    const mode = fpcrRounding(env.fpcr);
    const toInf = mode === RN || (mode === RP && !neg) || (mode === RM && neg);
    env.fpsr |= FPSR_OFC | FPSR_IXC;
    const m = toInf ? Infinity : dbl ? Number.MAX_VALUE : 3.4028234663852886e38;
    return neg ? -m : m;
  }
  if (fz && ax >= (dbl ? 2 ** 1022 : 2 ** 126)) {
    env.fpsr |= FPSR_UFC;
    return neg ? -0 : 0;
  }
  const e = exponentOf(ax);
  const scaled = 256 + Math.floor((mantissaOf(ax) - 1) * 256);
  const r = recipEstimateInt(scaled) * pow2(-e - 9);
  return neg ? -r : r;
}

/** FPRSqrtEstimate of a non-NaN single or double. NaN result: default NaN (IOC raised). */
export function rsqrtEstimate(x: number, dbl: boolean, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) x = dbl ? flush64(x, env) : flush32(x, env);
  if (x === 0) {
    env.fpsr |= FPSR_DZC;
    return 1 / x;
  }
  if (x < 0) {
    env.fpsr |= FPSR_IOC;
    return NaN;
  }
  if (x === Infinity) return 0;
  const e = exponentOf(x);
  const frac = mantissaOf(x) - 1;
  // Odd true exponent = even biased exponent: scale into [0.5, 1); otherwise [0.25, 0.5).
  const scaled = (e & 1) !== 0 ? 256 + Math.floor(frac * 256) : 128 + Math.floor(frac * 128);
  const bias = dbl ? 1023 : 127;
  const resultExp = Math.floor(((dbl ? 3068 : 380) - (e + bias)) / 2);
  return rsqrtEstimateInt(scaled) * pow2(resultExp - bias - 8);
}
