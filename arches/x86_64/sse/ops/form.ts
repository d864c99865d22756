/**
 * Building exec functions for the common operand shapes: "register ← op(register,
 * register or memory)" for XMM and MMX registers. The decoder picks the shape once; the exec
 * closure holds the register numbers and, for memory forms, loads the operand into scratch
 * first (with the alignment check where the instruction has one) so one body serves both.
 * @module
 */
import { FpClass, type FpDecoded, type FpExec, type FpInsn, type X86FpHost } from '../../fp-contract.js';
import { MEM, MM_D, MM_S, SCR, enterMmx, loadSource, mmToSlot, slotToMm, type XmmFile } from '../operands.js';
import type { IntOp } from '../int/arith.js';

/** Body of an instruction: destination XMM register d, source slot s of file S. */
export type Body = (cpu: X86FpHost, d: number, S: XmmFile, s: number) => void;

export function sse(exec: FpExec): FpDecoded {
  return { exec, fpClass: FpClass.Sse };
}

export function mmx(exec: FpExec): FpDecoded {
  return { exec, fpClass: FpClass.Mmx };
}

/**
 * XMM destination ModRM.reg, source ModRM.rm (XMM register or `memSize` bytes of memory,
 * aligned when `aligned`).
 */
export function xmmForm(insn: FpInsn, memSize: number, aligned: boolean, body: Body): FpDecoded {
  const d = insn.reg;
  if (!insn.isMem) {
    const s = insn.rm;
    return sse((cpu) => body(cpu, d, cpu, s));
  }
  return sse((cpu, lo, hi) => {
    loadSource(cpu, lo, hi, memSize, aligned);
    body(cpu, d, SCR, MEM);
  });
}

/**
 * An integer operation in its two forms: MMX (no prefix: MMX registers staged through scratch,
 * `mmxMemSize`-byte memory operand) and XMM (66 prefix, aligned 16-byte memory operand).
 */
export function intForm(insn: FpInsn, op: IntOp, mmxMemSize = 8): FpDecoded | null {
  if (insn.prefix === 0x66) return xmmForm(insn, 16, true, (cpu, d, S, s) => op(cpu, d, S, s, 16));
  if (insn.prefix !== 0) return null;
  const d = insn.reg & 7;
  if (!insn.isMem) {
    const s = insn.rm & 7;
    return mmx((cpu) => {
      enterMmx(cpu);
      mmToSlot(cpu, d, SCR, MM_D);
      mmToSlot(cpu, s, SCR, MM_S);
      op(SCR, MM_D, SCR, MM_S, 8);
      slotToMm(cpu, d, SCR, MM_D);
    });
  }
  return mmx((cpu, lo, hi) => {
    loadSource(cpu, lo, hi, mmxMemSize, false);
    enterMmx(cpu);
    mmToSlot(cpu, d, SCR, MM_D);
    op(SCR, MM_D, SCR, MEM, 8);
    slotToMm(cpu, d, SCR, MM_D);
  });
}
