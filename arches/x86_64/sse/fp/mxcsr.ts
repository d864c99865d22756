/**
 * MXCSR and the per-instruction floating-point environment: every SSE floating-point exec
 * function calls {@link fpBegin}, lets the arithmetic OR exception flags into `fp.flags` while
 * it computes all lanes into scratch, then calls {@link fpCommit} before writing anything. The
 * commit sets the sticky flags and, when an unmasked exception occurred, raises #XM (or #UD
 * without CR4.OSXMMEXCPT) so that no result is written: SDM vol. 1 §11.5.
 * @module
 */
import { FpVector, type X86FpHost } from '../../fp-contract.js';
import { RM, RN, RP, RZ } from '../../../common/ieee/round.js';

/** Exception flags (MXCSR bits 5:0); the masks are the same bits shifted left by {@link MASK_SHIFT}. */
export const IE = 0x01;
export const DE = 0x02;
export const ZE = 0x04;
export const OE = 0x08;
export const UE = 0x10;
export const PE = 0x20;
export const ALL_FLAGS = 0x3f;
/** Flags found before computing (invalid operand, denormal operand, divide by zero). */
export const PRE_FLAGS = IE | DE | ZE;
/** Denormals are zeros (inputs). */
export const DAZ = 0x40;
export const MASK_SHIFT = 7;
export const UM = UE << MASK_SHIFT;
export const RC_SHIFT = 13;
/** Flush to zero (outputs, when underflow is masked). */
export const FZ = 0x8000;
/** Reset value: all exceptions masked, round to nearest. */
export const MXCSR_RESET = 0x1f80;
/** Bits LDMXCSR may set (MXCSR_MASK as FXSAVE reports it: DAZ supported); others raise #GP(0). */
export const MXCSR_MASK = 0xffff;
/**
 * MXCSR bits that must hold their reset values for the fast paths: DAZ, masks, RC and FZ. The
 * fast paths are exact only for round-to-nearest with every exception masked.
 */
export const FAST_CONTROL = 0xffc0;
/** CR4.OSXMMEXCPT: unmasked SIMD FP exceptions raise #XM rather than #UD. */
const CR4_OSXMMEXCPT = 1 << 10;

/** MXCSR.RC (0 nearest, 1 down, 2 up, 3 toward zero) to the rounding core's directions. */
const RC_MODE = [RN, RM, RP, RZ];

/** The environment of the instruction being executed. */
export const fp = {
  /** Flags (MXCSR bits 5:0) raised so far by this instruction's lanes. */
  flags: 0,
  /** MXCSR when the instruction started. */
  mxcsr: MXCSR_RESET,
  /** Rounding direction of the core (`round.ts`). */
  mode: RN,
  daz: false,
  /** FZ applies: set and underflow masked (with UE unmasked a tiny result faults instead). */
  fz: false,
};

/** Start an instruction under `mxcsr`. */
export function fpBegin(mxcsr: number): void {
  fp.flags = 0;
  fp.mxcsr = mxcsr;
  fp.mode = RC_MODE[(mxcsr >>> RC_SHIFT) & 3];
  fp.daz = (mxcsr & DAZ) !== 0;
  fp.fz = (mxcsr & (FZ | UM)) === (FZ | UM);
}

/** Is exception `flag` masked for this instruction? */
export function masked(flag: number): boolean {
  return (fp.mxcsr & (flag << MASK_SHIFT)) !== 0;
}

/**
 * Record the instruction's flags; raise when one of them is unmasked. A pre-computation
 * exception (IE, DE, ZE) in any lane stops the instruction before the post-computation ones
 * (OE, UE, PE) are looked at, so only the pre-computation flags are recorded then.
 */
export function fpCommit(cpu: X86FpHost): void {
  const f = fp.flags;
  if (f === 0) return;
  const unmasked = f & ~(fp.mxcsr >>> MASK_SHIFT) & ALL_FLAGS;
  if (unmasked === 0) {
    cpu.mxcsr |= f;
    return;
  }
  cpu.mxcsr |= (unmasked & PRE_FLAGS) !== 0 ? f & PRE_FLAGS : f;
  raiseSimdException(cpu);
}

/** #XM, or #UD when the OS has not enabled #XM (CR4.OSXMMEXCPT = 0). */
function raiseSimdException(cpu: X86FpHost): never {
  return cpu.raise((cpu.cr4 & CR4_OSXMMEXCPT) !== 0 ? FpVector.XM : FpVector.UD);
}
