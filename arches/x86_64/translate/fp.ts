/**
 * Hand-over to the FP modules (DESIGN.md, fp-contract.ts): which opcodes they own, the class
 * checks the core makes before their exec functions run, and the call itself.
 * @module
 */
import { type Insn, Seg } from '../decode/insn.js';
import { FpClass, type FpDecoded, type FpInsn } from '../fp-contract.js';
import { Vec } from '../fault.js';
import { fpModules } from '../fp-modules.js';
import type { Gen } from './gen.js';

/** Which module owns an encoding: 'x87', 'sse' or undefined (the core). */
export function fpOwner(i: Insn): 'x87' | 'sse' | undefined {
  const reg = (i.modrm >>> 3) & 7;
  if (i.map === 0) return (i.op >= 0xd8 && i.op <= 0xdf) || i.op === 0x9b ? 'x87' : undefined;
  if (i.map === 1) {
    const op = i.op;
    if (op === 0x77) return 'x87';
    if (op === 0xae) {
      if (!i.isMem) return undefined;
      if (reg <= 1) return 'x87';
      if (reg <= 3) return 'sse';
      return undefined;
    }
    if ((op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2f) || (op >= 0x50 && op <= 0x7f) || op === 0xc2 || (op >= 0xc4 && op <= 0xc6) || (op >= 0xd0 && op <= 0xfe)) return 'sse';
    return undefined;
  }
  return 'sse'; // 0F 38, 0F 3A
}

export function isFpOpcode(i: Insn): boolean {
  return fpOwner(i) !== undefined;
}

/** The class an opcode has before its module says (used when the module is absent). */
function defaultClass(i: Insn, owner: 'x87' | 'sse'): FpClass {
  if (owner === 'x87') return i.map === 1 && i.op === 0xae ? FpClass.State : FpClass.X87;
  if (i.map === 1 && i.op === 0xae) return FpClass.State;
  // MMX forms: 0F 60-7F and D0-FF without a 66/F2/F3 prefix (except the SSE ones in that range).
  return FpClass.Sse;
}

/** Code for the checks of `cls` (Intel SDM vol. 3 §2.5, §13.1). */
function classCheck(i: Insn, cls: FpClass): string {
  if (i.map === 0 && i.op === 0x9b) return `if ((c.cr0 & 10) === 10) c.raise(${Vec.NM});`; // WAIT: MP and TS
  switch (cls) {
    case FpClass.Sse:
      return `if ((c.cr0 & 4) !== 0 || (c.cr4 & 512) === 0) c.raise(${Vec.UD}); if ((c.cr0 & 8) !== 0) c.raise(${Vec.NM});`;
    case FpClass.X87:
      return `if ((c.cr0 & 12) !== 0) c.raise(${Vec.NM});`;
    case FpClass.Mmx:
      // MMX instructions also wait: a pending unmasked x87 exception is #MF first.
      return `if ((c.cr0 & 4) !== 0) c.raise(${Vec.UD}); if ((c.cr0 & 8) !== 0) c.raise(${Vec.NM}); H.x87Wait(c);`;
    default: {
      // FXSAVE/FXRSTOR: #UD if EM; LDMXCSR/STMXCSR also need CR4.OSFXSR.
      const reg = (i.modrm >>> 3) & 7;
      const osfxsr = i.map === 1 && i.op === 0xae && reg >= 2 ? ' || (c.cr4 & 512) === 0' : '';
      return `if ((c.cr0 & 4) !== 0${osfxsr}) c.raise(${Vec.UD}); if ((c.cr0 & 8) !== 0) c.raise(${Vec.NM});`;
    }
  }
}

/** Translate an instruction owned by an FP module. */
export function fpInstruction(g: Gen, i: Insn): void {
  const owner = fpOwner(i)!;
  const decoder = owner === 'x87' ? fpModules.x87 : fpModules.sse;
  let prefix = 0;
  if (i.rep !== 0) prefix = i.rep;
  else if (i.p66) prefix = 0x66;
  const insn: FpInsn = {
    prefix,
    map: i.map,
    opcode: i.op,
    modrm: i.modrm,
    reg: i.reg,
    rm: i.isMem ? i.rm : i.rm,
    isMem: i.isMem,
    rexW: i.rexW,
    rex: i.rex !== 0,
    opsize16: i.p66,
    imm8: i.imm & 0xff,
  };
  const decoded: FpDecoded | null = decoder ? decoder(insn) : null;
  const cls = decoded ? decoded.fpClass : defaultClass(i, owner);
  g.emit('{');
  g.flagsRead();
  g.mayFault();
  g.emit(classCheck(i, cls));
  if (!decoded) {
    g.emit(`c.raise(${Vec.UD});`);
    g.emit('}');
    g.ended = true;
    return;
  }
  const k = g.fns.length;
  g.fns.push(decoded.exec);
  if (i.isMem) {
    const a = g.addr();
    g.emit(`F[${k}](c, ${a.lo}, ${a.hi});`);
    g.stored = true;
  } else if (i.map === 1 && i.op === 0xf7) {
    // MASKMOVQ/MASKMOVDQU store to DS:rDI (segment override allowed) at the address size.
    const a = g.effective(7, -1, 0, 0, i.asz, g.segOf(Seg.DS));
    g.emit(`F[${k}](c, ${a.lo}, ${a.hi});`);
    g.stored = true;
  } else g.emit(`F[${k}](c, 0, 0);`);
  g.emit('}');
  g.flagsClobbered();
}
