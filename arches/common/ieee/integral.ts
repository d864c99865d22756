/**
 * Rounding a double to an integral value in any direction (FRINT*, CVT*2SI, float to integer
 * conversions): exact, no flags; callers compare the result with the operand for inexact.
 * @module
 */
import { RM, RP, RZ, TIEAWAY } from './round.js';

/** Round a finite number to an integral value in `mode` (RN, RP, RM, RZ, TIEAWAY). A zero keeps the operand's sign. */
export function roundIntegral(x: number, mode: number): number {
  if (!(x < 4503599627370496 && x > -4503599627370496)) return x; // already integral (>= 2^52)
  let r: number;
  switch (mode) {
    case RP:
      r = Math.ceil(x);
      break;
    case RM:
      r = Math.floor(x);
      break;
    case RZ:
      r = Math.trunc(x);
      break;
    case TIEAWAY: {
      const t = Math.trunc(x);
      const d = x - t; // exact
      r = d >= 0.5 ? t + 1 : d <= -0.5 ? t - 1 : t;
      break;
    }
    default: {
      const f = Math.floor(x);
      const d = x - f; // exact
      r = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
    }
  }
  if (r === 0) return x < 0 || (x === 0 && 1 / x < 0) ? -0 : 0;
  return r;
}
