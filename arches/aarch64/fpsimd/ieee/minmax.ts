/**
 * FMAX/FMIN/FMAXNM/FMINNM on non-NaN numbers (any precision: the values are exact).
 * NaN operands are resolved by the caller on bits: FMAX/FMIN propagate them (FPProcessNaNs);
 * FMAXNM/FMINNM return the numeric operand when exactly one is a quiet NaN.
 * @module
 */
import { isNeg } from '../../../common/ieee/bits.js';
import { FPCR_FZ, type FpEnv } from './fp-env.js';
import { flush32 } from './arith32.js';
import { flush64 } from './arith64.js';

/** max(a, b); +0 beats -0. `dbl` selects the FZ threshold. */
export function fmax(a: number, b: number, dbl: boolean, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) {
    a = dbl ? flush64(a, env) : flush32(a, env);
    b = dbl ? flush64(b, env) : flush32(b, env);
  }
  if (a > b) return a;
  if (b > a) return b;
  if (a === 0) return isNeg(a) && isNeg(b) ? -0 : 0;
  return a;
}

/** min(a, b); -0 beats +0. */
export function fmin(a: number, b: number, dbl: boolean, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) {
    a = dbl ? flush64(a, env) : flush32(a, env);
    b = dbl ? flush64(b, env) : flush32(b, env);
  }
  if (a < b) return a;
  if (b < a) return b;
  if (a === 0) return isNeg(a) || isNeg(b) ? -0 : 0;
  return a;
}
