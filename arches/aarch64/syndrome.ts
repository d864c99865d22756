/**
 * Exception classes (ESR_ELx.EC) and fault status codes used by the core.
 * Values from the Arm ARM (D17.2.37, ESR_EL1).
 */
export const EC_UNKNOWN = 0x00;
export const EC_FP_ACCESS = 0x07;
export const EC_ILLEGAL_STATE = 0x0e;
export const EC_SVC64 = 0x15;
export const EC_HVC64 = 0x16;
export const EC_SMC64 = 0x17;
export const EC_SYSREG = 0x18;
export const EC_IABORT_LOWER = 0x20;
export const EC_IABORT_SAME = 0x21;
export const EC_PC_ALIGN = 0x22;
export const EC_DABORT_LOWER = 0x24;
export const EC_DABORT_SAME = 0x25;
export const EC_SERROR = 0x2f;
export const EC_BRK64 = 0x3c;

/** ESR.IL: the trapped instruction was 32 bits wide (always, in A64). */
export const ESR_IL = 1 << 25;

/** Fault status codes (DFSC/IFSC); add the level (0..3) where a level applies. */
export const FSC_ADDRESS_SIZE = 0x00;
export const FSC_TRANSLATION = 0x04;
export const FSC_ACCESS_FLAG = 0x08;
export const FSC_PERMISSION = 0x0c;
export const FSC_EXTERNAL = 0x10;
export const FSC_EXTERNAL_WALK = 0x14;
export const FSC_ALIGNMENT = 0x21;

/** Vector table offsets from VBAR_EL1. */
export const VEC_CURRENT_SP0 = 0x000;
export const VEC_CURRENT_SPX = 0x200;
export const VEC_LOWER_A64 = 0x400;
export const VEC_SYNC = 0x000;
export const VEC_IRQ = 0x080;
export const VEC_FIQ = 0x100;
export const VEC_SERROR = 0x180;
