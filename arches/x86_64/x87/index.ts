/**
 * The x87 FPU of the x86-64 core: decoder for D8–DF, FWAIT, EMMS, FXSAVE and FXRSTOR, on a
 * floatx80 soft-float whose results match QEMU 7.2 bit for bit. See `docs/arch-x86_64.md#x87`.
 * @module
 */
export { decodeX87 } from './decode.js';
/** The pending-exception check of waiting instructions, for MMX instructions (they wait too). */
export { waitCheck as x87WaitCheck } from './state.js';
