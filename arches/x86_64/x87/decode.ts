/**
 * The x87 module's decoder: one FpInsn (D8–DF with any ModRM, 9B, 0F 77, 0F AE /0 /1) to an
 * exec closure bound to its operands, built once at translation time. Null means #UD.
 * @module
 */
import { FpClass, type FpDecoded, type FpExec, type FpInsn } from '../fp-contract.js';
import { Op, arithMem, arithReg, compareEflags, compareMem, compareReg } from './exec/arith.js';
import { emms, fcmov, ffree, fldcw, fnclex, fninit, fnop, fnstcw, fnstswAx, fnstswMem, fxch, rotateTop } from './exec/control.js';
import { fldenv, fnsave, fnstenv, frstor } from './exec/environment.js';
import { fxrstor, fxsave } from './exec/fxsave.js';
import { Mem } from './exec/operands.js';
import { f2xm1, fpatan, ftrig, fyl2x, fyl2xp1, Trig } from './exec/transcendental.js';
import { Const, Fmt, loadConst, loadFromReg, loadMem, storeMem, storeReg } from './exec/transfer.js';
import { fprem, frndint, fscale, fsqrt, ftst, fxam, fxtract, signOp } from './exec/unary.js';
import { waitCheck } from './state.js';

const x87 = (exec: FpExec): FpDecoded => ({ exec, fpClass: FpClass.X87 });

/** Memory operand kind of the arithmetic groups D8, DA, DC, DE. */
const ARITH_MEM: readonly Mem[] = [Mem.F32, Mem.I32, Mem.F64, Mem.I16];

/** Decode an instruction the x87 module owns. */
export function decodeX87(insn: FpInsn): FpDecoded | null {
  if (insn.map === 0) {
    if (insn.opcode === 0x9b) return { exec: (cpu) => waitCheck(cpu), fpClass: FpClass.Wait };
    if (insn.opcode >= 0xd8 && insn.opcode <= 0xdf) {
      const exec = insn.isMem ? decodeMem(insn) : decodeReg(insn);
      return exec ? x87(exec) : null;
    }
    return null;
  }
  if (insn.map !== 1) return null;
  if (insn.opcode === 0x77) return insn.prefix === 0 ? { exec: (cpu) => emms(cpu), fpClass: FpClass.Mmx } : null;
  if (insn.opcode === 0xae && insn.isMem) {
    const reg = (insn.modrm >>> 3) & 7;
    const w = insn.rexW;
    // FXSAVE/FXRSTOR: #NM for CR0.EM as for CR0.TS (SDM; QEMU agrees), hence the x87 class.
    if (reg === 0) return x87((cpu, lo, hi) => fxsave(cpu, w, lo, hi));
    if (reg === 1) return x87((cpu, lo, hi) => fxrstor(cpu, w, lo, hi));
  }
  return null;
}

function decodeMem(insn: FpInsn): FpExec | null {
  const group = insn.opcode & 7;
  const reg = (insn.modrm >>> 3) & 7;
  const fop = (group << 8) | insn.modrm;
  const op16 = insn.opsize16;
  if ((group & 1) === 0) {
    // D8, DA, DC, DE: arithmetic and compare with m32real, m32int, m64real, m16int.
    const kind = ARITH_MEM[group >>> 1];
    if (reg === 2 || reg === 3) {
      const popAfter = reg === 3;
      return (cpu, lo, hi) => compareMem(cpu, kind, popAfter, lo, hi, fop);
    }
    const op = reg as Op;
    return (cpu, lo, hi) => arithMem(cpu, op, kind, lo, hi, fop);
  }
  switch (group) {
    case 1: // D9
      switch (reg) {
        case 0:
          return (cpu, lo, hi) => loadMem(cpu, Fmt.F32, lo, hi, fop);
        case 2:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.F32, false, false, lo, hi, fop);
        case 3:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.F32, false, true, lo, hi, fop);
        case 4:
          return (cpu, lo, hi) => fldenv(cpu, op16, lo, hi);
        case 5:
          return (cpu, lo, hi) => fldcw(cpu, lo, hi);
        case 6:
          return (cpu, lo, hi) => fnstenv(cpu, op16, lo, hi);
        case 7:
          return (cpu, lo, hi) => fnstcw(cpu, lo, hi);
      }
      return null;
    case 3: // DB
      switch (reg) {
        case 0:
          return (cpu, lo, hi) => loadMem(cpu, Fmt.I32, lo, hi, fop);
        case 1:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.I32, true, true, lo, hi, fop);
        case 2:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.I32, false, false, lo, hi, fop);
        case 3:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.I32, false, true, lo, hi, fop);
        case 5:
          return (cpu, lo, hi) => loadMem(cpu, Fmt.F80, lo, hi, fop);
        case 7:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.F80, false, true, lo, hi, fop);
      }
      return null;
    case 5: // DD
      switch (reg) {
        case 0:
          return (cpu, lo, hi) => loadMem(cpu, Fmt.F64, lo, hi, fop);
        case 1:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.I64, true, true, lo, hi, fop);
        case 2:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.F64, false, false, lo, hi, fop);
        case 3:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.F64, false, true, lo, hi, fop);
        case 4:
          return (cpu, lo, hi) => frstor(cpu, op16, lo, hi);
        case 6:
          return (cpu, lo, hi) => fnsave(cpu, op16, lo, hi);
        case 7:
          return (cpu, lo, hi) => fnstswMem(cpu, lo, hi);
      }
      return null;
    default: // DF
      switch (reg) {
        case 0:
          return (cpu, lo, hi) => loadMem(cpu, Fmt.I16, lo, hi, fop);
        case 1:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.I16, true, true, lo, hi, fop);
        case 2:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.I16, false, false, lo, hi, fop);
        case 3:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.I16, false, true, lo, hi, fop);
        case 4:
          return (cpu, lo, hi) => loadMem(cpu, Fmt.Bcd, lo, hi, fop);
        case 5:
          return (cpu, lo, hi) => loadMem(cpu, Fmt.I64, lo, hi, fop);
        case 6:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.Bcd, false, true, lo, hi, fop);
        default:
          return (cpu, lo, hi) => storeMem(cpu, Fmt.I64, false, true, lo, hi, fop);
      }
  }
}

/** Jcc condition codes of FCMOVB/E/BE/U (DA) — DB uses the negations (cc | 1). */
const FCMOV_CC: readonly number[] = [2, 4, 6, 10];

function decodeReg(insn: FpInsn): FpExec | null {
  const group = insn.opcode & 7;
  const reg = (insn.modrm >>> 3) & 7;
  const i = insn.modrm & 7;
  const fop = (group << 8) | insn.modrm;
  switch (group) {
    case 0: // D8: ST(0) op= ST(i)
      if (reg === 2 || reg === 3) {
        const pops = reg - 2;
        return (cpu) => compareReg(cpu, i, false, pops, fop);
      }
      return binReg(reg as Op, 0, i, false, fop);
    case 4: // DC: ST(i) op= ST(0)
    case 6: // DE: ... and pop
      if (reg === 2) {
        // DC D0+i "FCOM2", DE D0+i "FCOMP5": undocumented aliases.
        const pops = group === 6 ? 1 : 0;
        return (cpu) => compareReg(cpu, i, false, pops, fop);
      }
      if (reg === 3) {
        if (group === 4) return (cpu) => compareReg(cpu, i, false, 1, fop); // FCOMP3
        return i === 1 ? (cpu) => compareReg(cpu, 1, false, 2, fop) : null; // FCOMPP
      }
      // The subtract and divide directions swap with the destination: E0 is FSUBR ST(i), ST(0).
      return binReg((reg >= 4 ? reg ^ 1 : reg) as Op, i, 0, group === 6, fop);
    case 1:
      return decodeD9(reg, i, fop);
    case 2: // DA
      if (reg < 4) {
        const cc = FCMOV_CC[reg];
        return (cpu) => fcmov(cpu, cc, i, fop);
      }
      return reg === 5 && i === 1 ? (cpu) => compareReg(cpu, 1, true, 2, fop) : null;
    case 3: // DB
      if (reg < 4) {
        const cc = FCMOV_CC[reg] | 1;
        return (cpu) => fcmov(cpu, cc, i, fop);
      }
      if (reg === 4) {
        switch (i) {
          case 0: // FNENI, FNDISI, FNSETPM: 8087/80287 controls, no-ops since the 80387.
          case 1:
          case 4:
            return () => {};
          case 2:
            return (cpu) => fnclex(cpu);
          case 3:
            return (cpu) => fninit(cpu.x87);
        }
        return null;
      }
      if (reg === 5) return (cpu) => compareEflags(cpu, i, true, false, fop);
      if (reg === 6) return (cpu) => compareEflags(cpu, i, false, false, fop);
      return null;
    case 5: // DD
      switch (reg) {
        case 0:
          return (cpu) => ffree(cpu, i, false, fop);
        case 1:
          return (cpu) => fxch(cpu, i, fop); // "FXCH4"
        case 2:
          return (cpu) => storeReg(cpu, i, false, fop);
        case 3:
          return (cpu) => storeReg(cpu, i, true, fop);
        case 4:
          return (cpu) => compareReg(cpu, i, true, 0, fop);
        case 5:
          return (cpu) => compareReg(cpu, i, true, 1, fop);
      }
      return null;
    default: // DF
      switch (reg) {
        case 0:
          return (cpu) => ffree(cpu, i, true, fop); // FFREEP
        case 1:
          return (cpu) => fxch(cpu, i, fop); // "FXCH7"
        case 2:
        case 3:
          return (cpu) => storeReg(cpu, i, true, fop); // "FSTP8", "FSTP9"
        case 4:
          return i === 0 ? (cpu) => fnstswAx(cpu) : null;
        case 5:
          return (cpu) => compareEflags(cpu, i, true, true, fop);
        case 6:
          return (cpu) => compareEflags(cpu, i, false, true, fop);
      }
      return null;
  }
}

function binReg(op: Op, dst: number, src: number, popAfter: boolean, fop: number): FpExec {
  return (cpu) => arithReg(cpu, op, dst, src, popAfter, fop);
}

function decodeD9(reg: number, i: number, fop: number): FpExec | null {
  switch (reg) {
    case 0:
      return (cpu) => loadFromReg(cpu, i, fop);
    case 1:
      return (cpu) => fxch(cpu, i, fop);
    case 2:
      return i === 0 ? (cpu) => fnop(cpu) : null;
    case 3:
      return (cpu) => storeReg(cpu, i, true, fop); // "FSTP1"
    case 4:
      switch (i) {
        case 0:
          return (cpu) => signOp(cpu, false, fop);
        case 1:
          return (cpu) => signOp(cpu, true, fop);
        case 4:
          return (cpu) => ftst(cpu, fop);
        case 5:
          return (cpu) => fxam(cpu, fop);
      }
      return null;
    case 5:
      if (i === 7) return null;
      return (cpu) => loadConst(cpu, i as Const, fop);
    case 6:
      switch (i) {
        case 0:
          return (cpu) => f2xm1(cpu, fop);
        case 1:
          return (cpu) => fyl2x(cpu, fop);
        case 2:
          return (cpu) => ftrig(cpu, Trig.Tan, fop);
        case 3:
          return (cpu) => fpatan(cpu, fop);
        case 4:
          return (cpu) => fxtract(cpu, fop);
        case 5:
          return (cpu) => fprem(cpu, false, fop);
        case 6:
          return (cpu) => rotateTop(cpu, -1, fop);
        default:
          return (cpu) => rotateTop(cpu, 1, fop);
      }
    default:
      switch (i) {
        case 0:
          return (cpu) => fprem(cpu, true, fop);
        case 1:
          return (cpu) => fyl2xp1(cpu, fop);
        case 2:
          return (cpu) => fsqrt(cpu, fop);
        case 3:
          return (cpu) => ftrig(cpu, Trig.SinCos, fop);
        case 4:
          return (cpu) => frndint(cpu, fop);
        case 5:
          return (cpu) => fscale(cpu, fop);
        case 6:
          return (cpu) => ftrig(cpu, Trig.Sin, fop);
        default:
          return (cpu) => ftrig(cpu, Trig.Cos, fop);
      }
  }
}
