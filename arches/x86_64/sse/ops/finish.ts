/**
 * The end of every floating-point instruction: commit the flags (which raises #XM/#UD on an
 * unmasked exception, before anything is written), then copy the result from scratch.
 * @module
 */
import type { X86FpHost } from '../../fp-contract.js';
import { fp, fpCommit } from '../fp/mxcsr.js';
import { RES, SCR, copySlot } from '../operands.js';

const RW = SCR.xmm;
const R0 = RES << 2;

/** Commit the instruction's flags (raising on an unmasked exception). */
export function commit(cpu: X86FpHost): void {
  if (fp.flags !== 0) fpCommit(cpu);
}

/** Commit, then write the whole result to XMMd. */
export function finishPacked(cpu: X86FpHost, d: number): void {
  commit(cpu);
  copySlot(cpu, d, SCR, RES);
}

/** Commit, then write the result's low single to XMMd. */
export function finishLow32(cpu: X86FpHost, d: number): void {
  commit(cpu);
  cpu.xmm[d << 2] = RW[R0];
}

/** Commit, then write the result's low double to XMMd. */
export function finishLow64(cpu: X86FpHost, d: number): void {
  commit(cpu);
  const w = cpu.xmm;
  w[d << 2] = RW[R0];
  w[(d << 2) + 1] = RW[R0 + 1];
}
