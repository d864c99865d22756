/**
 * Binary floating-point formats the rounder targets.
 * @module
 */

/** IEEE half precision. */
export const F16 = 0;
/** IEEE single precision. */
export const F32 = 1;
/** IEEE double precision. */
export const F64 = 2;
/** Arm alternative half precision (FPCR.AHP): exponent 31 is a normal binade, no Inf/NaN. */
export const F16_AHP = 3;

/** Significand bits including the hidden bit. */
export const PRECISION = [11, 24, 53, 11] as const;
/** Exponent of the smallest normal number. */
export const EMIN = [-14, -126, -1022, -14] as const;
/** Exponent of the largest finite binade. */
export const EMAX = [15, 127, 1023, 16] as const;
/** Largest finite magnitudes. */
export const MAX_NORMAL = [65504, 3.4028234663852886e38, Number.MAX_VALUE, 131008] as const;
/** Smallest normal magnitudes (below: denormal). */
export const MIN_NORMAL = [2 ** -14, 2 ** -126, 2 ** -1022, 2 ** -14] as const;
