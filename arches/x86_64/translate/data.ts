/**
 * Data movement and stack: MOV in all its forms, MOVZX/MOVSX/MOVSXD, LEA, XCHG, PUSH/POP
 * (registers, memory, immediates, segment registers, PUSHA/POPA, PUSHF/POPF), ENTER/LEAVE,
 * CBW/CWD families, LAHF/SAHF, CMOVcc, SETcc, XLAT, the flag instructions and far-pointer loads.
 * @module
 */
import { Seg } from '../decode/insn.js';
import { Vec } from '../fault.js';
import { Cc } from '../flags.js';
import type { Gen } from './gen.js';
import { maskOf } from './gen.js';

/** MOV r/m <-> reg (or r/m <- imm when `imm` is given). */
export function mov(g: Gen, size: number, toRm: boolean, imm?: number): void {
  const i = g.i;
  g.emit('{');
  if (imm !== undefined) {
    if (size === 8) g.emit(g.writeRm(8, String(imm | 0), imm < 0 ? '-1' : '0'));
    else g.emit(g.writeRm(size, String(size === 4 ? imm | 0 : imm & maskOf(size))));
  } else if (toRm) {
    if (size === 8) g.emit(g.writeRm(8, `r[${2 * i.reg}]`, `r[${2 * i.reg + 1}]`));
    else if (i.isMem) g.emit(g.writeRm(size, g.rd(i.reg, size)));
    else g.emit(`{ const v = ${g.rd(i.reg, size)}; ${g.wr(i.rm, size, 'v')} }`);
  } else {
    g.readRm(size, 'v');
    g.emit(g.wrAny(i.reg, size, 'v', 'vh'));
  }
  g.emit('}');
}

/** MOV r, imm (B0-BF). */
export function movImm(g: Gen, size: number, n: number): void {
  const i = g.i;
  if (size === 8) g.emit(g.wr64(n, String(i.imm | 0), String(i.imm2 | 0)));
  else g.emit(g.wr(n, size, String(size === 4 ? i.imm | 0 : i.imm & maskOf(size))));
}

/** MOV AL/rAX <-> moffs (A0-A3). */
export function movMoffs(g: Gen, size: number, store: boolean): void {
  const i = g.i;
  g.emit('{');
  const seg = g.segOf(Seg.DS);
  let a;
  if (i.asz === 8) {
    const n = g.t();
    g.emit(`const ml${n} = ${i.imm >>> 0}, mh${n} = ${i.imm2 | 0};`);
    a = { lo: `ml${n}`, hi: `mh${n}` };
    if (seg === Seg.FS || seg === Seg.GS) {
      g.emit(`const t${n} = ml${n} + (c.segBase[${seg}] >>> 0); const bl${n} = t${n} >>> 0, bh${n} = (mh${n} + c.segBaseHi[${seg}] + (t${n} - bl${n}) / 4294967296) | 0;`);
      a = { lo: `bl${n}`, hi: `bh${n}` };
    }
  } else a = g.effective(-1, -1, 0, i.imm | 0, i.asz, seg);
  if (store) g.emit(size === 8 ? g.st(8, a, 'r[0]', 'r[1]') : g.st(size, a, g.rd(0, size)));
  else {
    g.readMem(size, a, 'v');
    g.emit(g.wrAny(0, size, 'v', 'vh'));
  }
  g.emit('}');
}

/** MOVZX/MOVSX (src 1 or 2 bytes) and MOVSXD (src 4). */
export function movx(g: Gen, dsize: number, ssize: number, signed: boolean): void {
  const i = g.i;
  g.emit('{');
  g.readRm(ssize, 's');
  let v = 's';
  if (signed) v = ssize === 1 ? '((s << 24) >> 24)' : ssize === 2 ? '((s << 16) >> 16)' : 's';
  if (dsize === 8) g.emit(g.wr64(i.reg, `(${v}) | 0`, signed ? `(${v}) >> 31` : '0'));
  else if (dsize === 4) g.emit(g.wr(i.reg, 4, `(${v}) | 0`));
  else g.emit(g.wr(i.reg, 2, v));
  g.emit('}');
}

/** LEA: the effective address (no segment), truncated to the operand size. */
export function lea(g: Gen): void {
  const i = g.i;
  if (!i.isMem) return g.raise(Vec.UD);
  g.emit('{');
  // Effective address without a segment base: pass DS (flat in 64-bit mode) and ignore the base.
  const a = g.effective(i.base, i.index, i.scale, i.disp, i.asz, -1);
  if (i.osz === 8) g.emit(g.wr64(i.reg, `${a.lo} | 0`, `${a.hi} | 0`));
  else g.emit(g.wr(i.reg, i.osz, `${a.lo} | 0`));
  g.emit('}');
}

/** XCHG r/m (or register `other`) with register `reg`. */
export function xchg(g: Gen, size: number, reg: number, other: number): void {
  const i = g.i;
  g.emit('{');
  if (other >= 0) {
    // XCHG rAX, r (90+r): both registers.
    if (size === 8) g.emit(`const a = r[${2 * reg}], ah = r[${2 * reg + 1}]; ${g.wr64(reg, 'r[0]', 'r[1]')} ${g.wr64(other, 'a', 'ah')}`);
    else g.emit(`const a = ${g.rd(reg, size)}, b = ${g.rd(other, size)}; ${g.wr(reg, size, 'b')} ${g.wr(other, size, 'a')}`);
  } else {
    g.readRm(size, 'a');
    if (size === 8) g.emit(`const b = r[${2 * reg}], bh = r[${2 * reg + 1}];`);
    else g.emit(`const b = ${g.rd(reg, size)};`);
    g.emit(g.writeRm(size, 'b', 'bh'));
    g.emit(g.wrAny(reg, size, 'a', 'ah'));
  }
  g.emit('}');
  void i;
}

// ---------------- stack ----------------

function pushOne(g: Gen, lo: string, hi: string): void {
  const size = g.stackOpSize;
  g.push(size, [[lo, hi]]);
}

export function pushReg(g: Gen, n: number): void {
  const size = g.stackOpSize;
  g.emit('{');
  if (size === 8) g.emit(`const v = r[${2 * n}], vh = r[${2 * n + 1}];`);
  else g.emit(`const v = ${g.rd(n, size)}, vh = 0;`);
  pushOne(g, 'v', 'vh');
  g.emit('}');
}

export function pushImm(g: Gen, imm: number): void {
  const size = g.stackOpSize;
  const v = size === 2 ? imm & 0xffff : imm | 0;
  pushOne(g, String(v), size === 8 && imm < 0 ? '-1' : '0');
}

export function pushRm(g: Gen): void {
  const size = g.stackOpSize;
  g.emit('{');
  g.readRm(size, 'v');
  pushOne(g, 'v', size === 8 ? 'vh' : '0');
  g.emit('}');
}

export function pushSeg(g: Gen, seg: number): void {
  pushOne(g, `c.segSel[${seg}]`, '0');
}

/** POP r: load, then RSP, then the register (POP rSP gets the popped value). */
export function popReg(g: Gen, n: number): void {
  const size = g.stackOpSize;
  g.emit('{');
  g.popValues(size, 1, 'v');
  g.emit(g.adjustSp(size));
  g.emit(g.wrAny(n, size, 'v0', 'v0h'));
  g.emit('}');
}

/** POP r/m: the destination address is computed with RSP already incremented (SDM); RSP commits last. */
export function popRm(g: Gen): void {
  const size = g.stackOpSize;
  const i = g.i;
  g.emit('{');
  g.popValues(size, 1, 'v');
  if (!i.isMem) {
    g.emit(g.adjustSp(size));
    g.emit(g.wrAny(i.rm, size, 'v0', 'v0h'));
  } else {
    g.rspAdjust = size;
    g.emit(g.writeRm(size, 'v0', 'v0h'));
    g.rspAdjust = 0;
    g.emit(g.adjustSp(size));
  }
  g.emit('}');
}

/** POP Sreg: load the selector, then the segment with its checks, then RSP. */
export function popSeg(g: Gen, seg: number): void {
  const size = g.stackOpSize;
  g.emit('{');
  g.popValues(size, 1, 'v');
  g.mayFault();
  g.emit(`H.loadSeg(c, ${seg}, v0 & 65535);`);
  g.emit(g.adjustSp(size));
  g.emit('}');
  if (seg === Seg.SS) g.emit('c.setShadow();');
  // DS/ES/SS bases are baked into legacy-mode code, and SS sets the stack size: end the block.
  if (!g.mode64 || seg === Seg.SS) g.endAfter();
}

export function pusha(g: Gen): void {
  const size = g.i.osz === 2 ? 2 : 4;
  const names = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => [g.rd(n, size), '0'] as [string, string]);
  g.emit(`{ const sp0 = ${g.rd(4, size)};`);
  names[4] = ['sp0', '0'];
  g.push(size, names);
  g.emit('}');
}

export function popa(g: Gen): void {
  const size = g.i.osz === 2 ? 2 : 4;
  g.emit('{');
  g.popValues(size, 8, 'v');
  g.emit(g.adjustSp(8 * size));
  for (let k = 0; k < 8; k++) {
    const n = 7 - k;
    if (n === 4) continue; // (E)SP is skipped
    g.emit(g.wr(n, size, `v${k}`));
  }
  g.emit('}');
}

export function pushf(g: Gen): void {
  g.flagsRead();
  g.mayFault();
  const size = g.stackOpSize;
  // VM and RF read as 0 in the pushed image.
  pushOne(g, size === 2 ? '(c.getEflags() & 65535)' : '(c.getEflags() & 0xfcffff)', '0');
}

export function popf(g: Gen): void {
  const size = g.stackOpSize;
  g.emit('{');
  g.popValues(size, 1, 'v');
  g.emit(g.adjustSp(size));
  g.emit(`H.popf(c, v0, ${size});`);
  g.emit('}');
  g.flagsClobbered();
  // IF or TF may have changed: let the run loop look at interrupts and single-step.
  g.endAfter();
}

export function enter(g: Gen, bytes: number, level: number): void {
  g.mayFault();
  g.emit(`H.enter(c, ${g.stackOpSize}, ${bytes}, ${level & 31});`);
}

/** LEAVE: pop RBP from SS:[RBP], then RSP = RBP + size (nothing changes if the load faults). */
export function leave(g: Gen): void {
  const size = g.stackOpSize;
  g.emit('{');
  if (g.mode64) g.popValues(size, 1, 'v', 0, 'r[10]', 'r[11]');
  else g.popValues(size, 1, 'v', 0, 'r[10]', '0');
  if (g.mode64) g.emit('const s = (r[10] >>> 0) + ' + size + '; r[8] = s | 0; r[9] = (r[11] + (s > 4294967295 ? 1 : 0)) | 0;');
  else if (g.ss32) g.emit(`r[8] = (r[10] + ${size}) | 0; r[9] = 0;`);
  else g.emit(`r[8] = (r[8] & -65536) | ((r[10] + ${size}) & 65535);`);
  g.emit(g.wrAny(5, size, 'v0', 'v0h'));
  g.emit('}');
}

// ---------------- misc data ----------------

export function cbw(g: Gen): void {
  switch (g.i.osz) {
    case 2: return g.emit(g.wr(0, 2, '((r[0] << 24) >> 24)'));
    case 4: return g.emit(g.wr(0, 4, '((r[0] << 16) >> 16)'));
    default: return g.emit('r[1] = r[0] >> 31;');
  }
}

export function cwd(g: Gen): void {
  switch (g.i.osz) {
    case 2: return g.emit(g.wr(2, 2, '(((r[0] << 16) >> 31) & 65535)'));
    case 4: return g.emit(g.wr(2, 4, '(r[0] >> 31)'));
    default: return g.emit('r[4] = r[5] = r[1] >> 31;');
  }
}

/** SAHF (store AH into SF ZF AF PF CF) and LAHF. */
export function lahfSahf(g: Gen, sahf: boolean): void {
  g.flagsRead();
  if (sahf) {
    g.emit('c.setEflags((r[0] >>> 8) & 0xd5, 0xd5);');
    g.flagsClobbered();
  } else g.emit('r[0] = (r[0] & -65281) | (((c.arithFlags() | 2) & 0xd7) << 8);');
}

/** CMC, CLC, STC, CLD, STD. */
export function flagOp(g: Gen, op: number): void {
  switch (op) {
    case 0xf5:
    case 0xf8:
    case 0xf9:
      g.flagsRead();
      g.emit(op === 0xf5 ? 'c.setEflags(c.carry() ^ 1, 1);' : `c.setEflags(${op === 0xf9 ? 1 : 0}, 1);`);
      g.flagsClobbered();
      return;
    case 0xfc:
      return g.emit('c.eflags &= ~0x400;');
    default:
      return g.emit('c.eflags |= 0x400;');
  }
}

export function cmov(g: Gen, cc: number): void {
  const i = g.i;
  const size = i.osz;
  g.emit('{');
  g.readRm(size, 'v');
  const cond = g.cond(cc);
  if (size === 8) g.emit(`if (${cond}) { ${g.wr64(i.reg, 'v', 'vh')} }`);
  else if (size === 4) g.emit(`if (${cond}) { r[${2 * i.reg}] = v; } r[${2 * i.reg + 1}] = 0;`);
  else g.emit(`if (${cond}) { ${g.wr(i.reg, 2, 'v')} }`);
  g.emit('}');
}

export function setcc(g: Gen, cc: number): void {
  g.emit('{');
  const cond = g.cond(cc);
  g.emit(`const v = ${cond} ? 1 : 0;`);
  g.emit(g.writeRm(1, 'v'));
  g.emit('}');
}

export function xlat(g: Gen): void {
  const i = g.i;
  g.emit('{');
  const n = g.t();
  const baseExpr = i.asz === 8 ? 'r[6]' : i.asz === 4 ? 'r[6]' : '(r[6] & 65535)';
  if (i.asz === 8) {
    g.emit(`const x${n} = (r[6] >>> 0) + (r[0] & 255); const xl${n} = x${n} >>> 0, xh${n} = (r[7] + (x${n} > 4294967295 ? 1 : 0)) | 0;`);
    const seg = g.segOf(Seg.DS);
    let a = { lo: `xl${n}`, hi: `xh${n}` };
    if (seg === Seg.FS || seg === Seg.GS) {
      g.emit(`const t${n} = xl${n} + (c.segBase[${seg}] >>> 0); const bl${n} = t${n} >>> 0, bh${n} = (xh${n} + c.segBaseHi[${seg}] + (t${n} - bl${n}) / 4294967296) | 0;`);
      a = { lo: `bl${n}`, hi: `bh${n}` };
    }
    g.readMem(1, a, 'v');
  } else {
    const ea = i.asz === 4 ? `((${baseExpr} + (r[0] & 255)) >>> 0)` : `((${baseExpr} + (r[0] & 255)) & 65535)`;
    const seg = g.segOf(Seg.DS);
    g.emit(`const xl${n} = (c.segBase[${seg}] + ${ea}) >>> 0;`);
    g.readMem(1, { lo: `xl${n}`, hi: '0' }, 'v');
  }
  g.emit(g.wr(0, 1, 'v'));
  g.emit('}');
}

/** MOV r/m, Sreg and MOV Sreg, r/m. */
export function movSreg(g: Gen, toSeg: boolean): void {
  const i = g.i;
  const seg = (i.modrm >>> 3) & 7;
  if (seg > 5) return g.raise(Vec.UD);
  if (!toSeg) {
    if (i.isMem) g.emit(g.writeRm(2, `c.segSel[${seg}]`));
    else if (i.osz === 2) g.emit(g.wr(i.rm, 2, `c.segSel[${seg}]`));
    else g.emit(g.wrAny(i.rm, i.osz === 8 ? 8 : 4, `c.segSel[${seg}]`, '0'));
    return;
  }
  if (seg === Seg.CS) return g.raise(Vec.UD);
  g.emit('{');
  g.readRm(2, 'v');
  g.mayFault();
  g.emit(`H.loadSeg(c, ${seg}, v);`);
  g.emit('}');
  if (seg === Seg.SS) g.emit('c.setShadow();');
  if (!g.mode64 || seg === Seg.SS) g.endAfter();
}

/** LES/LDS/LSS/LFS/LGS: offset then selector from memory. */
export function loadFarPointer(g: Gen, seg: number): void {
  const i = g.i;
  const size = i.osz;
  g.emit('{');
  const a = g.addr();
  g.readMem(size, a, 'o');
  const a2 = g.addr(size);
  g.readMem(2, a2, 's');
  g.mayFault();
  g.emit(`H.loadSeg(c, ${seg}, s);`);
  g.emit(g.wrAny(i.reg, size, 'o', 'oh'));
  g.emit('}');
  if (seg === Seg.SS) g.emit('c.setShadow();');
  if (!g.mode64 || seg === Seg.SS) g.endAfter();
}

export { Cc };
