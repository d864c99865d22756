/**
 * FCMP/FCMPE result flags and the AdvSIMD compare predicates on numbers.
 * @module
 */
import { FPCR_FZ, type FpEnv } from './fp-env.js';
import { flush32 } from './arith32.js';
import { flush64 } from './arith64.js';

/** NZCV nibble for unordered (a NaN operand): C and V set. */
export const NZCV_UNORDERED = 0b0011;
export const NZCV_EQUAL = 0b0110;
export const NZCV_LESS = 0b1000;
export const NZCV_GREATER = 0b0010;

/**
 * Compare two numbers (NaN allowed: unordered; the caller raises IOC per FCMP/FCMPE rules
 * on the operand bits). Returns the NZCV nibble.
 */
export function fcmpFlags(a: number, b: number, dbl: boolean, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) {
    // Flushing affects only the IDC flag and the equal/less/greater outcome of denormals.
    if (a === a) a = dbl ? flush64(a, env) : flush32(a, env);
    if (b === b) b = dbl ? flush64(b, env) : flush32(b, env);
  }
  if (a === b) return NZCV_EQUAL;
  if (a < b) return NZCV_LESS;
  if (a > b) return NZCV_GREATER;
  return NZCV_UNORDERED;
}
