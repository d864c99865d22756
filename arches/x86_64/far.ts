/**
 * Far control transfers: JMP/CALL far (direct code segments and call gates, with the
 * privilege change and parameter copy of a CALL through a gate), RETF (to the same or an outer
 * level), and IRET in real, protected and long mode. Task gates and TSS targets (hardware task
 * switching), virtual-8086 returns and IRET with NT set raise #GP: not implemented
 * (docs/arch-x86_64.md). The checks and their error codes follow QEMU 7.2's seg_helper.c.
 * @module
 */
import { Seg } from './decode/insn.js';
import { Vec } from './fault.js';
import { AC, ARITH, ID, IF, IOPL, NT, RF, TF, VM } from './flags.js';
import { DESC_A, DESC_B, DESC_C, DESC_CS, DESC_DPL_SHIFT, DESC_G, DESC_L, DESC_P, DESC_S, DESC_W, EFER_LMA } from './mode.js';
import { Descriptor, readDescriptor, setAccessed } from './segments.js';
import type { X86Cpu } from './cpu.js';

const cs = new Descriptor();
const gate = new Descriptor();
const ssd = new Descriptor();

const longMode = (c: X86Cpu): boolean => (c.efer & EFER_LMA) !== 0;

/** Load CS from descriptor `d` with RPL `rpl`; sets CPL and the mode. */
function loadCs(c: X86Cpu, sel: number, d: Descriptor, rpl: number): void {
  c.setSegmentCache(Seg.CS, (sel & 0xfffc) | rpl, d.base, d.limit, d.flags);
  c.cpl = rpl;
}

/** Read and check a code segment for a direct far JMP/CALL at the current CPL. */
function directCode(c: X86Cpu, sel: number): void {
  const code = sel & 0xfffc;
  const cpl = c.cpl;
  const rpl = sel & 3;
  const dpl = cs.dpl;
  if ((cs.hi & DESC_C) !== 0) {
    if (dpl > cpl) c.raise(Vec.GP, code);
  } else if (rpl > cpl || dpl !== cpl) c.raise(Vec.GP, code);
  if (!cs.present) c.raise(Vec.NP, code);
}

/** Offset beyond the code segment limit: #GP(0), except for 64-bit code segments. */
function checkLimit(c: X86Cpu, d: Descriptor, offLo: number, offHi: number): void {
  if (longMode(c) && (d.hi & DESC_L) !== 0) return;
  if (offHi !== 0 || offLo > d.limit) c.raise(Vec.GP, 0);
}

/** Push to the current stack at the stack width (SS.B, or 8 in 64-bit mode) in a far CALL. */
class StackWriter {
  spLo = 0;
  spHi = 0;
  base = 0;
  mask = 0xffffffff;
  wide = false;
  private c!: X86Cpu;
  /** Start at `c`'s current stack. */
  fromCurrent(c: X86Cpu): void {
    this.c = c;
    this.spLo = c.r[8] >>> 0;
    this.spHi = c.r[9] | 0;
    this.wide = c.mode64;
    this.base = this.wide ? 0 : c.segBase[Seg.SS] >>> 0;
    this.mask = (c.segFlags[Seg.SS] & DESC_B) !== 0 || this.wide ? 0xffffffff : 0xffff;
  }
  push(size: number, lo: number, hi = 0): void {
    const c = this.c;
    if (this.wide) {
      const s = this.spLo - size;
      this.spLo = s >>> 0;
      if (s < 0) this.spHi = (this.spHi - 1) | 0;
      if (size === 8) c.sysStore(this.spLo, this.spHi, 8, lo >>> 0, hi >>> 0);
      else c.storeSlow(this.spLo, this.spHi, size, lo >>> 0, 0, c.cpl === 3);
      return;
    }
    this.spLo = (this.spLo - size) >>> 0;
    const a = (this.base + (this.spLo & this.mask)) >>> 0;
    c.storeSlow(a, 0, size, size === 2 ? lo & 0xffff : lo >>> 0, 0, c.cpl === 3);
  }
  /** Write the new stack pointer to RSP. */
  commit(): void {
    const r = this.c.r;
    if (this.wide) {
      r[8] = this.spLo | 0;
      r[9] = this.spHi;
    } else if (this.mask === 0xffff) r[8] = (r[8] & -65536) | (this.spLo & 0xffff);
    else {
      r[8] = this.spLo | 0;
      r[9] = 0;
    }
  }
}

/** Far JMP to sel:off (real mode: just CS:IP). `osz` masks the offset (2 or 4/8). */
export function farJump(c: X86Cpu, sel: number, offLo: number, offHi: number, osz: number, _nextLo: number, _nextHi: number): void {
  sel &= 0xffff;
  if (osz === 2) offLo &= 0xffff;
  if (!c.pe) {
    c.segSel[Seg.CS] = sel;
    c.segBase[Seg.CS] = sel << 4;
    c.setRip(offLo, 0);
    c.updateMode();
    return;
  }
  const code = sel & 0xfffc;
  if (code === 0) c.raise(Vec.GP, 0);
  if (!readDescriptor(c, sel, cs)) c.raise(Vec.GP, code);
  if (cs.isCode) {
    directCode(c, sel);
    if (osz !== 8) offHi = 0;
    checkLimit(c, cs, offLo, offHi);
    setAccessed(c, cs);
    loadCs(c, sel, cs, c.cpl);
    c.setRip(offLo, offHi);
    c.updateMode();
    return;
  }
  // System descriptor: a call gate (JMP through it keeps the privilege level); tasks are not implemented.
  const { target, tLo, tHi } = throughGate(c, sel, false);
  c.setSegmentCache(Seg.CS, (target & 0xfffc) | c.cpl, cs.base, cs.limit, cs.flags);
  c.setRip(tLo, tHi);
  c.updateMode();
}

/**
 * Read the call gate `sel` and its target code segment into `cs`. Returns the target selector
 * and offset. For a JMP the target must be conforming with DPL <= CPL or DPL = CPL.
 */
const gateTarget = { target: 0, tLo: 0, tHi: 0 };
function throughGate(c: X86Cpu, sel: number, isCall: boolean): typeof gateTarget {
  const code = sel & 0xfffc;
  const cpl = c.cpl;
  const rpl = sel & 3;
  const lm = longMode(c);
  gate.lo = cs.lo;
  gate.hi = cs.hi;
  const type = gate.type;
  if (lm ? type !== 12 : type !== 4 && type !== 12) c.raise(Vec.GP, code); // task gates and TSSs too
  if (gate.dpl < cpl || gate.dpl < rpl) c.raise(Vec.GP, code);
  if (!gate.present) c.raise(Vec.NP, code);
  let tLo = (gate.lo & 0xffff) | (type === 12 ? gate.hi & 0xffff0000 : 0);
  let tHi = 0;
  if (lm) {
    if (!readDescriptor(c, sel, gate, 16)) c.raise(Vec.GP, code);
    if (((gate.hi2 >>> 8) & 0x1f) !== 0) c.raise(Vec.GP, code); // upper half type must be 0
    tHi = gate.hi2 | 0;
  }
  tLo >>>= 0;
  const target = gate.lo >>> 16;
  const tcode = target & 0xfffc;
  if (tcode === 0) c.raise(Vec.GP, 0);
  if (!readDescriptor(c, target, cs)) c.raise(Vec.GP, tcode);
  const dpl = cs.dpl;
  if (!cs.isCode) c.raise(Vec.GP, tcode);
  if (isCall ? dpl > cpl : ((cs.hi & DESC_C) !== 0 ? dpl > cpl : dpl !== cpl)) c.raise(Vec.GP, tcode);
  if (!cs.present) c.raise(Vec.NP, tcode);
  if (lm && ((cs.hi & DESC_L) === 0 || (cs.hi & DESC_B) !== 0)) c.raise(Vec.GP, tcode);
  if (!lm) checkLimit(c, cs, tLo, 0);
  gateTarget.target = target;
  gateTarget.tLo = tLo;
  gateTarget.tHi = tHi;
  return gateTarget;
}

/** Far CALL to sel:off: pushes CS:rIP (and, through a gate to an inner level, SS:rSP and parameters). */
export function farCall(c: X86Cpu, sel: number, offLo: number, offHi: number, osz: number, nextLo: number, nextHi: number): void {
  sel &= 0xffff;
  if (osz === 2) offLo &= 0xffff;
  const sw = writer;
  sw.fromCurrent(c);
  if (!c.pe) {
    sw.push(osz, c.segSel[Seg.CS]);
    sw.push(osz, nextLo);
    sw.commit();
    c.segSel[Seg.CS] = sel;
    c.segBase[Seg.CS] = sel << 4;
    c.setRip(offLo, 0);
    c.updateMode();
    return;
  }
  const code = sel & 0xfffc;
  if (code === 0) c.raise(Vec.GP, 0);
  if (!readDescriptor(c, sel, cs)) c.raise(Vec.GP, code);
  if (cs.isCode) {
    directCode(c, sel);
    if (osz !== 8) offHi = 0;
    checkLimit(c, cs, offLo, offHi);
    sw.push(osz, c.segSel[Seg.CS]);
    sw.push(osz, nextLo, nextHi);
    sw.commit();
    setAccessed(c, cs);
    loadCs(c, sel, cs, c.cpl);
    c.setRip(offLo, offHi);
    c.updateMode();
    return;
  }
  const gateType = cs.type;
  const paramCount = cs.hi & 0x1f;
  const { target, tLo, tHi } = throughGate(c, sel, true);
  const dpl = cs.dpl;
  const cpl = c.cpl;
  const lm = longMode(c);
  const gsize = lm ? 8 : gateType === 12 ? 4 : 2;
  const oldSs = c.segSel[Seg.SS];
  const oldSpLo = c.r[8] >>> 0;
  const oldSpHi = c.r[9] | 0;
  if ((cs.hi & DESC_C) === 0 && dpl < cpl) {
    // To an inner level: new stack from the TSS, then old SS:rSP, the parameters, CS:rIP.
    const nw = writer2;
    nw.fromCurrent(c);
    if (lm) {
      const base = (c.segBase[Seg.TR] >>> 0) + 4 + 8 * dpl;
      if (4 + 8 * dpl + 7 > c.segLimit[Seg.TR]) c.raise(Vec.TS, c.segSel[Seg.TR] & 0xfffc);
      nw.spLo = c.sysLoad(base >>> 0, c.segBaseHi[Seg.TR], 4) >>> 0;
      nw.spHi = c.sysLoad((base + 4) >>> 0, c.segBaseHi[Seg.TR], 4) | 0;
      nw.wide = true;
      nw.push(8, oldSs);
      nw.push(8, oldSpLo, oldSpHi);
      nw.push(8, c.segSel[Seg.CS]);
      nw.push(8, nextLo, nextHi);
      nw.commit();
      c.setSegmentCache(Seg.SS, dpl, 0, 0, dpl << DESC_DPL_SHIFT);
    } else {
      const [esp, ss] = tssStack(c, dpl);
      const ssErr = ss & 0xfffc;
      if (ssErr === 0) c.raise(Vec.TS, ssErr);
      if ((ss & 3) !== dpl) c.raise(Vec.TS, ssErr);
      if (!readDescriptor(c, ss, ssd)) c.raise(Vec.TS, ssErr);
      if (ssd.dpl !== dpl || !ssd.isCodeData || ssd.isCode || (ssd.hi & DESC_W) === 0) c.raise(Vec.TS, ssErr);
      if (!ssd.present) c.raise(Vec.SS, ssErr);
      nw.spLo = esp >>> 0;
      nw.base = ssd.base;
      nw.mask = (ssd.hi & DESC_B) !== 0 ? 0xffffffff : 0xffff;
      // Parameters come from the old stack.
      const oldBase = c.segBase[Seg.SS] >>> 0;
      const oldMask = (c.segFlags[Seg.SS] & DESC_B) !== 0 ? 0xffffffff : 0xffff;
      for (let k = 0; k < paramCount; k++) params[k] = c.sysLoad((oldBase + ((oldSpLo + (paramCount - 1 - k) * gsize) & oldMask)) >>> 0, 0, gsize);
      c.cpl = dpl; // pushes to the new stack are at the new privilege
      nw.push(gsize, oldSs);
      nw.push(gsize, oldSpLo);
      for (let k = 0; k < paramCount; k++) nw.push(gsize, params[k]);
      nw.push(gsize, c.segSel[Seg.CS]);
      nw.push(gsize, nextLo);
      nw.commit();
      c.setSegmentCache(Seg.SS, (ss & 0xfffc) | dpl, ssd.base, ssd.limit, ssd.flags);
    }
    c.setSegmentCache(Seg.CS, (target & 0xfffc) | dpl, cs.base, cs.limit, cs.flags);
    c.cpl = dpl;
  } else {
    sw.push(gsize, c.segSel[Seg.CS]);
    sw.push(gsize, nextLo, nextHi);
    sw.commit();
    c.setSegmentCache(Seg.CS, (target & 0xfffc) | cpl, cs.base, cs.limit, cs.flags);
  }
  c.setRip(tLo, gsize === 2 ? 0 : tHi);
  if (gsize === 2) c.setRip(tLo & 0xffff, 0);
  c.updateMode();
}

/** SS:ESP for level `dpl` from a 16/32-bit TSS. */
function tssStack(c: X86Cpu, dpl: number): [number, number] {
  const trFlags = c.segFlags[Seg.TR];
  const trErr = c.segSel[Seg.TR] & 0xfffc;
  const shift = (trFlags >>> 11) & 1;
  const index = (dpl * 4 + 2) << shift;
  if (index + (4 << shift) - 1 > c.segLimit[Seg.TR]) c.raise(Vec.TS, trErr);
  const base = c.segBase[Seg.TR] >>> 0;
  if (shift === 0) return [c.sysLoad((base + index) >>> 0, 0, 2), c.sysLoad((base + index + 2) >>> 0, 0, 2)];
  return [c.sysLoad((base + index) >>> 0, 0, 4), c.sysLoad((base + index + 4) >>> 0, 0, 2)];
}

/** Pop helper reading at SS:[sp] at the current stack width. */
class StackReader {
  spLo = 0;
  spHi = 0;
  base = 0;
  mask = 0xffffffff;
  wide = false;
  private c!: X86Cpu;
  /** Start at `c`'s current stack. */
  init(c: X86Cpu): StackReader {
    this.c = c;
    this.spLo = c.r[8] >>> 0;
    this.spHi = c.r[9] | 0;
    this.wide = c.mode64;
    this.base = this.wide ? 0 : c.segBase[Seg.SS] >>> 0;
    this.mask = this.wide || (c.segFlags[Seg.SS] & DESC_B) !== 0 ? 0xffffffff : 0xffff;
    return this;
  }
  hi = 0;
  pop(size: number): number {
    const c = this.c;
    let v: number;
    if (this.wide) {
      v = c.loadSlow(this.spLo, this.spHi, size);
      this.hi = size === 8 ? c.loadHi : 0;
      const s = this.spLo + size;
      this.spLo = s >>> 0;
      if (s > 0xffffffff) this.spHi = (this.spHi + 1) | 0;
    } else {
      v = c.loadSlow((this.base + (this.spLo & this.mask)) >>> 0, 0, size);
      this.hi = 0;
      this.spLo = (this.spLo + size) >>> 0;
    }
    return v;
  }
  skip(bytes: number): void {
    const s = this.spLo + bytes;
    this.spLo = s >>> 0;
    if (this.wide && s > 0xffffffff) this.spHi = (this.spHi + 1) | 0;
  }
}

/** Set RSP from a reader's position at the width of stack `mask` (64-bit mode: whole). */
function setSp(c: X86Cpu, lo: number, hi: number, mask: number, wide: boolean): void {
  const r = c.r;
  if (wide) {
    r[8] = lo | 0;
    r[9] = hi | 0;
  } else if (mask === 0xffff) r[8] = (r[8] & -65536) | (lo & 0xffff);
  else {
    r[8] = lo | 0;
    r[9] = 0;
  }
}

const DATA_SEGS = [Seg.ES, Seg.DS, Seg.FS, Seg.GS];
const writer = new StackWriter();
const writer2 = new StackWriter();
const reader = new StackReader();
/** Parameters copied by a call gate (at most 31). */
const params = new Float64Array(32);

/** After a return to an outer level: data segments the new CPL may not use become null. */
function validateSegments(c: X86Cpu, cpl: number): void {
  for (const s of DATA_SEGS) {
    const f = c.segFlags[s];
    if ((s === Seg.FS || s === Seg.GS) && (c.segSel[s] & 0xfffc) === 0) continue;
    const dpl = (f >>> DESC_DPL_SHIFT) & 3;
    if ((f & DESC_CS) === 0 || (f & DESC_C) === 0) {
      if (dpl < cpl) c.setSegmentCache(s, 0, c.segBase[s], c.segLimit[s], f & ~DESC_P, c.segBaseHi[s]);
    }
  }
}

/**
 * The protected-mode return common to RETF and IRET (QEMU's helper_ret_protected): pops rIP,
 * CS (and EFLAGS for IRET), checks CS, and on a return to an outer level (or any IRET in
 * 64-bit mode) pops rSP and SS too.
 */
function returnProtected(c: X86Cpu, size: number, isIret: boolean, addend: number): void {
  const rd = reader.init(c);
  const ipLo = rd.pop(size);
  const ipHi = size === 8 ? rd.hi : 0;
  const newCs = rd.pop(size) & 0xffff;
  let flags = 0;
  if (isIret) {
    flags = rd.pop(size);
    if (size !== 8 && !c.mode64 && (flags & VM) !== 0 && size === 4) c.raise(Vec.GP, 0); // return to virtual-8086: not implemented
  }
  const code = newCs & 0xfffc;
  if (code === 0) c.raise(Vec.GP, code);
  if (!readDescriptor(c, newCs, cs)) c.raise(Vec.GP, code);
  if (!cs.isCode) c.raise(Vec.GP, code);
  const cpl = c.cpl;
  const rpl = newCs & 3;
  if (rpl < cpl) c.raise(Vec.GP, code);
  const dpl = cs.dpl;
  if ((cs.hi & DESC_C) !== 0) {
    if (dpl > rpl) c.raise(Vec.GP, code);
  } else if (dpl !== rpl) c.raise(Vec.GP, code);
  if (!cs.present) c.raise(Vec.NP, code);
  const cs64 = c.mode64;
  if (rpl === cpl && (!cs64 || !isIret)) {
    rd.skip(addend);
    c.setSegmentCache(Seg.CS, newCs, cs.base, cs.limit, cs.flags);
    setSp(c, rd.spLo, rd.spHi, rd.mask, rd.wide);
  } else {
    rd.skip(addend);
    const spLo = rd.pop(size);
    const spHi = size === 8 ? rd.hi : 0;
    const newSs = rd.pop(size) & 0xffff;
    let ssFlags: number;
    if ((newSs & 0xfffc) === 0) {
      // A null SS is allowed in long mode when returning to CPL < 3.
      if (!longMode(c) || rpl === 3) c.raise(Vec.GP, 0);
      c.setSegmentCache(Seg.SS, newSs, 0, 0xffffffff, DESC_G | DESC_B | DESC_P | DESC_S | (rpl << DESC_DPL_SHIFT) | DESC_W | DESC_A);
      ssFlags = DESC_B;
    } else {
      const ssErr = newSs & 0xfffc;
      if ((newSs & 3) !== rpl) c.raise(Vec.GP, ssErr);
      if (!readDescriptor(c, newSs, ssd)) c.raise(Vec.GP, ssErr);
      if (!ssd.isCodeData || ssd.isCode || (ssd.hi & DESC_W) === 0) c.raise(Vec.GP, ssErr);
      if (ssd.dpl !== rpl) c.raise(Vec.GP, ssErr);
      if (!ssd.present) c.raise(Vec.NP, ssErr);
      c.setSegmentCache(Seg.SS, newSs, ssd.base, ssd.limit, ssd.flags);
      ssFlags = ssd.hi;
    }
    c.setSegmentCache(Seg.CS, newCs, cs.base, cs.limit, cs.flags);
    const toLong = longMode(c) && (cs.hi & DESC_L) !== 0;
    const mask = toLong ? 0xffffffff : (ssFlags & DESC_B) !== 0 ? 0xffffffff : 0xffff;
    let sLo = spLo;
    let sHi = spHi;
    if (addend) {
      const s = sLo + addend;
      sLo = s >>> 0;
      if (s > 0xffffffff) sHi = (sHi + 1) | 0;
    }
    setSp(c, sLo, toLong ? sHi : 0, mask, toLong);
    validateSegments(c, rpl);
  }
  c.cpl = rpl;
  c.setRip(ipLo, ipHi);
  if (isIret) {
    let mask = TF | AC | ID | RF | NT;
    if (cpl === 0) mask |= IOPL;
    if (cpl <= ((c.eflags & IOPL) >>> 12)) mask |= IF;
    if (size === 2) mask &= 0xffff;
    c.setEflags(flags, mask | ARITH);
  }
  c.updateMode();
}

/** RETF [imm16]. */
export function farRet(c: X86Cpu, size: number, imm: number): void {
  if (!c.pe) {
    const rd = reader.init(c);
    const ip = rd.pop(size);
    const sel = rd.pop(size) & 0xffff;
    rd.skip(imm);
    setSp(c, rd.spLo, rd.spHi, rd.mask, false);
    c.segSel[Seg.CS] = sel;
    c.segBase[Seg.CS] = sel << 4;
    c.setRip(size === 2 ? ip & 0xffff : ip, 0);
    c.updateMode();
    return;
  }
  returnProtected(c, size, false, imm);
}

/** IRET / IRETD / IRETQ. */
export function iret(c: X86Cpu, size: number): void {
  c.nmiBlocked = false;
  if (!c.pe) {
    const rd = reader.init(c);
    const ip = rd.pop(size);
    const sel = rd.pop(size) & 0xffff;
    const flags = rd.pop(size);
    setSp(c, rd.spLo, rd.spHi, rd.mask, false);
    c.segSel[Seg.CS] = sel;
    c.segBase[Seg.CS] = sel << 4;
    c.setRip(size === 2 ? ip & 0xffff : ip, 0);
    let mask = TF | AC | ID | IF | IOPL | RF | NT;
    if (size === 2) mask &= 0xffff;
    c.setEflags(flags, mask | ARITH);
    c.updateMode();
    return;
  }
  if ((c.eflags & NT) !== 0) c.raise(Vec.GP, 0); // nested-task return (task switch): not implemented; #GP(0) in long mode
  returnProtected(c, size, true, 0);
}
