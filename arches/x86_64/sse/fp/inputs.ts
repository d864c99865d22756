/**
 * Operand preparation shared by every floating-point operation: DAZ flushes denormal inputs to
 * zeros of the same sign (no flag); without DAZ a denormal input is what raises DE, which each
 * operation reports or not by its own rule (a division by zero reports ZE alone, a NaN lane
 * nothing, conversions to integers never).
 * @module
 */
import { DE, fp } from './mxcsr.js';
import { F32, MIN_NORMAL32, MIN_NORMAL64 } from './round.js';

/** The operands of the last {@link prepare} after DAZ, and the DE flag their denormals raise (0 or DE). */
export const inputs = { a: 0, b: 0, den: 0 };

export function isDenormal(fmt: number, x: number): boolean {
  const min = fmt === F32 ? MIN_NORMAL32 : MIN_NORMAL64;
  return x !== 0 && x < min && x > -min;
}

/** Prepare the non-NaN operands a and b (pass 0 for a missing one) of a `fmt` operation. */
export function prepare(fmt: number, a: number, b: number): void {
  let den = 0;
  if (isDenormal(fmt, a)) {
    if (fp.daz) a = a < 0 ? -0 : 0;
    else den = DE;
  }
  if (isDenormal(fmt, b)) {
    if (fp.daz) b = b < 0 ? -0 : 0;
    else den = DE;
  }
  inputs.a = a;
  inputs.b = b;
  inputs.den = den;
}
