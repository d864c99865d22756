/**
 * 0F AE /2 LDMXCSR m32 and /3 STMXCSR m32 (memory forms only; the register forms of 0F AE are
 * the core's fences). Class State: the core checks CR0.EM and CR0.TS; these check CR4.OSFXSR
 * (#UD without it, SDM) themselves.
 * @module
 */
import { FpClass, FpVector, type FpDecoded, type FpInsn, type X86FpHost } from '../../fp-contract.js';
import { MXCSR_MASK } from '../fp/mxcsr.js';
import { CR4_OSFXSR } from '../operands.js';

function requireOsfxsr(cpu: X86FpHost): void {
  if ((cpu.cr4 & CR4_OSFXSR) === 0) cpu.raise(FpVector.UD);
}

export function decodeMxcsr(insn: FpInsn): FpDecoded | null {
  const ext = (insn.modrm >> 3) & 7;
  if (!insn.isMem) return null;
  if (ext === 2) {
    return {
      fpClass: FpClass.State,
      exec: (cpu, lo, hi) => {
        requireOsfxsr(cpu);
        const v = cpu.load32(lo, hi);
        // Reserved bits (31:16, beyond MXCSR_MASK) raise #GP(0) and leave MXCSR as it was.
        if ((v & ~MXCSR_MASK) !== 0) cpu.raise(FpVector.GP, 0);
        cpu.mxcsr = v;
      },
    };
  }
  if (ext === 3) {
    return {
      fpClass: FpClass.State,
      exec: (cpu, lo, hi) => {
        requireOsfxsr(cpu);
        cpu.store32(lo, hi, cpu.mxcsr);
      },
    };
  }
  return null;
}
