import type { Gen } from './gen.js';
import { M64, Mark, hi32, lo32, sext } from './gen.js';

/** Branches, exception generation and system instructions (op0 = 101x). */
export function translateBranchSys(g: Gen, insn: number): boolean {
  const top = insn >>> 24;
  // B / BL
  if ((insn & 0x7c000000) === 0x14000000) {
    const target = (g.pc + BigInt(sext(insn & 0x3ffffff, 26) * 4)) & M64;
    if (insn >>> 31) {
      g.emit(`x[60] = ${lo32(g.next)}; x[61] = ${hi32(g.next)};`);
      g.targets.push(g.next); // where the call returns: worth translating with the caller
    }
    g.jump(target);
    return true;
  }
  // B.cond
  if (top === 0x54) {
    if (insn & 0x10) return false;
    const target = (g.pc + BigInt(sext((insn >>> 5) & 0x7ffff, 19) * 4)) & M64;
    g.branchIf(g.cond(insn & 15), target);
    return true;
  }
  // CBZ / CBNZ
  if ((insn & 0x7e000000) === 0x34000000) {
    const t = insn & 31;
    const target = (g.pc + BigInt(sext((insn >>> 5) & 0x7ffff, 19) * 4)) & M64;
    const v = t === 31 ? '0' : insn >>> 31 ? `(x[${2 * t}] | x[${2 * t + 1}])` : `x[${2 * t}]`;
    g.branchIf(`${v} ${insn & (1 << 24) ? '!==' : '==='} 0`, target);
    return true;
  }
  // TBZ / TBNZ
  if ((insn & 0x7e000000) === 0x36000000) {
    const t = insn & 31;
    const bit = ((insn >>> 31) << 5) | ((insn >>> 19) & 31);
    const target = (g.pc + BigInt(sext((insn >>> 5) & 0x3fff, 14) * 4)) & M64;
    const word = t === 31 ? '0' : `x[${2 * t + (bit >> 5)}]`;
    g.branchIf(`(${word} & ${(1 << (bit & 31)) | 0}) ${insn & (1 << 24) ? '!==' : '==='} 0`, target);
    return true;
  }
  // Unconditional branch (register)
  if ((insn & 0xfe000000) >>> 0 === 0xd6000000) return branchRegister(g, insn);
  // Exception generation
  if (top === 0xd4) return exceptionGeneration(g, insn);
  // System
  if ((insn & 0xffc00000) >>> 0 === 0xd5000000) return system(g, insn);
  return false;
}

function branchRegister(g: Gen, insn: number): boolean {
  const opc = (insn >>> 21) & 15;
  const op2 = (insn >>> 16) & 31;
  const op3 = (insn >>> 10) & 63;
  const rn = (insn >>> 5) & 31;
  const op4 = insn & 31;
  if (op2 !== 31 || op3 !== 0 || op4 !== 0) return false; // pointer authentication forms: not in v8.0
  if (opc <= 2) {
    const t = rn === 31 ? 'const tl = 0, th = 0;' : `const tl = x[${2 * rn}] >>> 0, th = x[${2 * rn + 1}] >>> 0;`;
    const link = opc === 1 ? ` x[60] = ${lo32(g.next)}; x[61] = ${hi32(g.next)};` : '';
    if (opc === 1) g.targets.push(g.next);
    g.emit(`{ ${t}${link} ${Mark.indirect} }`);
    g.ended = true;
    return true;
  }
  if (opc === 4 && rn === 31) {
    g.mayFault();
    g.emit('H.eret(c);');
    g.endHere();
    return true;
  }
  return false;
}

function exceptionGeneration(g: Gen, insn: number): boolean {
  const opc = (insn >>> 21) & 7;
  const ll = insn & 3;
  const op2 = (insn >>> 2) & 7;
  const imm = (insn >>> 5) & 0xffff;
  if (op2 !== 0) return false;
  g.mayFault();
  if (opc === 0 && ll === 1) {
    g.emit(`H.svc(c, ${imm}, ${lo32(g.next) >>> 0}, ${hi32(g.next) >>> 0});`);
  } else if (opc === 0 && ll === 2) {
    g.emit(`H.hvc(c, ${imm}, ${lo32(g.next) >>> 0}, ${hi32(g.next) >>> 0});`);
  } else if (opc === 0 && ll === 3) {
    g.emit('c.undefinedInstruction();'); // SMC: no EL3
  } else if (opc === 1 && ll === 0) {
    g.emit(`H.brk(c, ${imm});`);
  } else if (opc === 2 && ll === 0) {
    g.emit(`H.hlt(c, ${imm}, ${lo32(g.next) >>> 0}, ${hi32(g.next) >>> 0});`);
  } else {
    return false;
  }
  g.endHere();
  return true;
}

function system(g: Gen, insn: number): boolean {
  const l = (insn >>> 21) & 1;
  const op0 = (insn >>> 19) & 3;
  const op1 = (insn >>> 16) & 7;
  const crn = (insn >>> 12) & 15;
  const crm = (insn >>> 8) & 15;
  const op2 = (insn >>> 5) & 7;
  const rt = insn & 31;
  if (op0 === 0 && l === 0) {
    if (crn === 2 && rt === 31) return hint(g, (crm << 3) | op2);
    if (crn === 3 && rt === 31) return barrier(g, op1, op2);
    if (crn === 4 && rt === 31) {
      // MSR (immediate) to PSTATE fields
      g.mayFault();
      g.emit(`H.msrImm(c, ${op1}, ${op2}, ${crm});`);
      g.exitToNext();
      return true;
    }
    return false;
  }
  if (op0 === 1) {
    // SYS / SYSL: cache maintenance, TLBI, AT
    g.mayFault();
    g.emit(`H.sys(c, ${insn | 0});`);
    if (crn === 8 || crn === 7) {
      // TLBI/AT/IC may change translations, PAR or code: leave the region so the next fetch re-translates.
      g.exitToNext();
    }
    return true;
  }
  if (op0 >= 2) {
    const key = (insn >>> 5) & 0xffff;
    g.mayFault();
    if (l === 1) {
      g.emit(`H.mrs(c, ${key}, ${rt});`);
      return true;
    }
    g.emit(`H.msr(c, ${key}, ${rt});`);
    g.exitToNext();
    return true;
  }
  return false;
}

function hint(g: Gen, op: number): boolean {
  switch (op) {
    case 2: // WFE
      g.mayFault();
      g.emit('c.waitForEvent();');
      g.exitToNext();
      return true;
    case 3: // WFI
      g.mayFault();
      g.emit('c.waitForInterrupt();');
      g.exitToNext();
      return true;
    case 4: // SEV
      g.emit('H.sev(c);');
      return true;
    case 5: // SEVL
      g.emit('c.eventRegister = 1;');
      return true;
    default:
      // NOP, YIELD, and all other hint space (ESB, PSB, BTI, PAC hints...) execute as NOP.
      return true;
  }
}

function barrier(g: Gen, op1: number, op2: number): boolean {
  if (op1 !== 3) return false;
  switch (op2) {
    case 2: // CLREX
      g.emit('c.exclusivePa = -1;');
      return true;
    case 4: // DSB
    case 5: // DMB
      g.emit('H.barrier(c);'); // nothing to order in a sequential simulator; the race detector hears it
      return true;
    case 6: // ISB: context synchronisation; leave the region so later code is looked up afresh.
      g.exitToNext();
      return true;
    default:
      return false;
  }
}
