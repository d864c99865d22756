/**
 * Numbering of the element-wise floating-point operations shared by scalar and vector
 * instructions (see elem32.ts / elem64.ts).
 * @module
 */

/** Binary operations: result = op(n, m). */
export const FOP_ADD = 0;
export const FOP_SUB = 1;
export const FOP_MUL = 2;
export const FOP_DIV = 3;
export const FOP_MAX = 4;
export const FOP_MIN = 5;
export const FOP_MAXNM = 6;
export const FOP_MINNM = 7;
/** FNMUL: -(n * m), the negation applies to NaN results too. */
export const FOP_NMUL = 8;
/** FABD: |n - m|. */
export const FOP_ABD = 9;
/** FMULX: like FMUL but (±0 × ±Inf) = ±2. */
export const FOP_MULX = 10;
/** FRECPS: 2 - n*m fused. */
export const FOP_RECPS = 11;
/** FRSQRTS: (3 - n*m) / 2 fused. */
export const FOP_RSQRTS = 12;
/** Compares producing all-ones / zero masks. */
export const FOP_CMEQ = 13;
export const FOP_CMGE = 14;
export const FOP_CMGT = 15;
export const FOP_ACGE = 16;
export const FOP_ACGT = 17;

/** Unary operations. */
export const UOP_ABS = 0;
export const UOP_NEG = 1;
export const UOP_SQRT = 2;
/** FRINT with the rounding mode in the operation's `mode` argument; UOP_RINTX also signals inexact. */
export const UOP_RINT = 3;
export const UOP_RINTX = 4;
export const UOP_RECPE = 5;
export const UOP_RSQRTE = 6;
