import { decodeFpSimd } from '../fpsimd/index.js';
import { translateBranchSys } from './branch-sys.js';
import { translateDpImm } from './dp-imm.js';
import { translateDpReg } from './dp-reg.js';
import type { Gen } from './gen.js';
import { translateLoadStore } from './loadstore.js';

/**
 * Translate one A64 instruction into `g`. Unallocated encodings become the undefined-instruction
 * exception (EC = 0), which also ends the block.
 */
export function translateInstruction(g: Gen, insn: number): void {
  const op0 = (insn >>> 25) & 15;
  let ok: boolean;
  if ((op0 & 14) === 8) ok = translateDpImm(g, insn);
  else if ((op0 & 14) === 10) ok = translateBranchSys(g, insn);
  else if ((op0 & 5) === 4) ok = translateLoadStore(g, insn, decodeFpSimd);
  else if ((op0 & 7) === 5) ok = translateDpReg(g, insn);
  else if ((op0 & 7) === 7) ok = fpData(g, insn);
  else ok = false; // op0 = 0000 (UDF, SME), 0001, 0011: unallocated here
  if (!ok) {
    g.mayFault();
    g.emit('c.undefinedInstruction();');
    g.endHere(); // not reached: the call throws
  }
}

/** Data processing — SIMD and FP: handed to the FP/SIMD module. */
function fpData(g: Gen, insn: number): boolean {
  const fn = decodeFpSimd(insn);
  if (!fn) return false;
  g.mayFault();
  g.emit(`if (c.fpTrapped) c.fpAccessTrap(); F[${g.fp(fn)}](c, ${insn | 0});`);
  return true;
}
