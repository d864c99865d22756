/**
 * FPCR/FPSR bit layout and rounding-mode numbers shared by the IEEE 754 library.
 * @module
 */

/** What the arithmetic needs of the CPU: FPCR (read) and FPSR (cumulative flags are OR-ed in). */
export interface FpEnv {
  fpcr: number;
  fpsr: number;
}

/** FPCR.AHP: alternative half-precision format (no infinities or NaNs). */
export const FPCR_AHP = 1 << 26;
/** FPCR.DN: every NaN result is the default NaN. */
export const FPCR_DN = 1 << 25;
/** FPCR.FZ: flush single/double denormal inputs and outputs to zero. */
export const FPCR_FZ = 1 << 24;
/** FPCR.RMode occupies bits 23:22. */
export const FPCR_RMODE_SHIFT = 22;
export const FPCR_RMODE_MASK = 3 << 22;
/** Bits that force the slow (general) path in arithmetic: directed rounding or flush-to-zero. */
export const FPCR_SLOW_MASK = FPCR_RMODE_MASK | FPCR_FZ;

/** FPSR cumulative exception flags. */
export const FPSR_IOC = 1 << 0;
export const FPSR_DZC = 1 << 1;
export const FPSR_OFC = 1 << 2;
export const FPSR_UFC = 1 << 3;
export const FPSR_IXC = 1 << 4;
export const FPSR_IDC = 1 << 7;
/** Cumulative saturation (AdvSIMD saturating integer arithmetic). */
export const FPSR_QC = 1 << 27;

/**
 * Rounding modes of the shared core: 0..3 are the FPCR.RMode values (so {@link fpcrRounding}
 * needs no table); TIEAWAY and ODD exist only in instructions.
 */
export { RN, RP, RM, RZ, TIEAWAY, ODD } from '../../../common/ieee/round.js';

/** The rounding mode FPCR selects. */
export function fpcrRounding(fpcr: number): number {
  return (fpcr >>> FPCR_RMODE_SHIFT) & 3;
}
