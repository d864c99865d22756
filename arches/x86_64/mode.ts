/**
 * Control-register bits and the "mode key" a translated block is compiled for. Everything the
 * translator bakes into generated code (code size, stack size, CPL, protected mode, whether
 * CS/DS/ES/SS have base 0) is in the key; instructions that change any of it end their block.
 * @module
 */

export const CR0_PE = 0x1;
export const CR0_MP = 0x2;
export const CR0_EM = 0x4;
export const CR0_TS = 0x8;
export const CR0_ET = 0x10;
export const CR0_NE = 0x20;
export const CR0_WP = 0x10000;
export const CR0_AM = 0x40000;
export const CR0_NW = 0x20000000;
export const CR0_CD = 0x40000000;
export const CR0_PG = 0x80000000 | 0;

export const CR4_VME = 0x1;
export const CR4_PVI = 0x2;
export const CR4_TSD = 0x4;
export const CR4_DE = 0x8;
export const CR4_PSE = 0x10;
export const CR4_PAE = 0x20;
export const CR4_MCE = 0x40;
export const CR4_PGE = 0x80;
export const CR4_PCE = 0x100;
export const CR4_OSFXSR = 0x200;
export const CR4_OSXMMEXCPT = 0x400;

export const EFER_SCE = 0x1;
export const EFER_LME = 0x100;
export const EFER_LMA = 0x400;
export const EFER_NXE = 0x800;
export const EFER_SVME = 0x1000;
export const EFER_FFXSR = 0x4000;

/** Segment descriptor flag bits as kept in `segFlags` (descriptor bits 63:32 & 0x00F0FF00). */
export const DESC_TYPE_SHIFT = 8;
export const DESC_A = 0x100;
export const DESC_W = 0x200; // data: writable
export const DESC_R = 0x200; // code: readable
export const DESC_E = 0x400; // data: expand-down
export const DESC_C = 0x400; // code: conforming
export const DESC_CS = 0x800; // code (vs data)
export const DESC_S = 0x1000; // code/data (vs system)
export const DESC_DPL_SHIFT = 13;
export const DESC_P = 0x8000;
export const DESC_L = 0x200000;
export const DESC_B = 0x400000;
export const DESC_G = 0x800000;

/** Mode key fields. */
export const MODE_CODE_MASK = 0xf; // 2, 4 or 8: code size
export const MODE_SS32 = 0x10;
export const MODE_CPL_SHIFT = 5; // 2 bits
export const MODE_PE = 0x80;
/** CS, SS, DS and ES have base 0 (legacy modes): memory operands skip the base add. */
export const MODE_FLAT = 0x100;
