/**
 * Interrupt and exception delivery in the three modes: the real-mode IVT, 32-bit (and 16-bit)
 * interrupt and trap gates with the stack switch through the TSS, and 64-bit gates with IST.
 * Task gates (hardware task switching) are not implemented: one raises #GP with the gate as
 * error code (docs/arch-x86_64.md). Stack pushes use supervisor privilege, as QEMU does.
 * @module
 */
import { Seg } from './decode/insn.js';
import { Vec } from './fault.js';
import { AC, IF, NT, RF, TF, VM } from './flags.js';
import { DESC_B, DESC_C, DESC_DPL_SHIFT, DESC_L, DESC_W, EFER_LMA } from './mode.js';
import { Descriptor, readDescriptor } from './segments.js';
import type { X86Cpu } from './cpu.js';

/** Why an event is delivered: decides the DPL check and what the pushed RIP means. */
export const enum EventKind {
  /** A fault or abort: RIP is the faulting instruction. */
  Fault = 0,
  /** A trap (#DB single step): RIP is the next instruction. */
  Trap = 1,
  /** INT n, INT3, INTO: the gate's DPL must be >= CPL. */
  Soft = 2,
  /** External interrupt or NMI. */
  Hardware = 3,
}

const gateDesc = new Descriptor();

/** The stack an event frame is pushed to (module state: delivery allocates nothing). */
const stack = { sp: 0, spHi: 0, base: 0, mask: 0 };

/** Push a 16/32-bit value at SS:[(sp - size) & mask] (legacy modes). */
function push32(cpu: X86Cpu, size: number, v: number): void {
  stack.sp = (stack.sp - size) >>> 0;
  cpu.sysStore((stack.base + (stack.sp & stack.mask)) >>> 0, 0, size, size === 4 ? v >>> 0 : v & 0xffff);
}

/** Push a 64-bit value (long mode). */
function push64(cpu: X86Cpu, vlo: number, vhi: number): void {
  const n = stack.sp - 8;
  stack.sp = n >>> 0;
  if (n < 0) stack.spHi = (stack.spHi - 1) | 0;
  cpu.sysStore(stack.sp, stack.spHi, 8, vlo >>> 0, vhi >>> 0);
}
const codeDesc = new Descriptor();
const ssDesc = new Descriptor();

/** Deliver `vector`; `errorCode` < 0 means none is pushed. RIP to push is (retLo, retHi). */
export function deliverEvent(cpu: X86Cpu, vector: number, errorCode: number, kind: EventKind, retLo: number, retHi: number): void {
  // Interrupts and INT n are benign for the double-fault rules: mark them past the exception range.
  cpu.delivering = kind === EventKind.Fault ? vector : 0x100 + vector;
  if (!cpu.pe) realMode(cpu, vector, retLo);
  else if ((cpu.efer & EFER_LMA) !== 0) longMode(cpu, vector, errorCode, kind, retLo, retHi);
  else protectedMode(cpu, vector, errorCode, kind, retLo);
  cpu.delivering = -1;
  if (vector === Vec.NMI && kind === EventKind.Hardware) cpu.nmiBlocked = true;
  cpu.updateMode();
  cpu.updateAttention();
}

function realMode(cpu: X86Cpu, vector: number, retLo: number): void {
  const off = vector * 4;
  if (off + 3 > cpu.idtLimit) cpu.raise(Vec.GP, vector * 8 + 2);
  const entry = cpu.sysLoad((cpu.idtBaseLo + off) >>> 0, 0, 4);
  const r = cpu.r;
  const ssBase = cpu.segBase[Seg.SS];
  const sp = r[8] & 0xffff;
  cpu.sysStore((ssBase + ((sp - 2) & 0xffff)) >>> 0, 0, 2, cpu.getEflags() & 0xffff);
  cpu.sysStore((ssBase + ((sp - 4) & 0xffff)) >>> 0, 0, 2, cpu.segSel[Seg.CS]);
  cpu.sysStore((ssBase + ((sp - 6) & 0xffff)) >>> 0, 0, 2, retLo & 0xffff);
  r[8] = (r[8] & ~0xffff) | ((sp - 6) & 0xffff);
  cpu.setEflags(0, IF | TF | AC | RF);
  const cs = entry >>> 16;
  cpu.segSel[Seg.CS] = cs;
  cpu.segBase[Seg.CS] = cs << 4;
  cpu.setRip(entry & 0xffff, 0);
}

/** SS:ESP for privilege level `dpl` from the current TSS (16- or 32-bit). */
function stackFromTss(cpu: X86Cpu, dpl: number): [number, number] {
  const trFlags = cpu.segFlags[Seg.TR];
  const trSel = cpu.segSel[Seg.TR] & 0xfffc;
  if ((trFlags & 0x8000) === 0) cpu.raise(Vec.TS, trSel);
  const shift = (trFlags >>> 11) & 1; // type 9/11 (32-bit TSS) vs 1/3 (16-bit)
  const index = (dpl * 4 + 2) << shift;
  if (index + (4 << shift) - 1 > cpu.segLimit[Seg.TR]) cpu.raise(Vec.TS, trSel);
  const base = cpu.segBase[Seg.TR] >>> 0;
  if (shift === 0) return [cpu.sysLoad((base + index) >>> 0, 0, 2), cpu.sysLoad((base + index + 2) >>> 0, 0, 2)];
  return [cpu.sysLoad((base + index) >>> 0, 0, 4), cpu.sysLoad((base + index + 4) >>> 0, 0, 2)];
}

/** Code segment of a gate: present, code, DPL <= CPL. Returns its DPL. */
function gateTarget(cpu: X86Cpu, sel: number): number {
  if ((sel & 0xfffc) === 0) cpu.raise(Vec.GP, 0);
  if (!readDescriptor(cpu, sel, codeDesc)) cpu.raise(Vec.GP, sel & 0xfffc);
  const dpl = codeDesc.dpl;
  if (!codeDesc.isCode || dpl > cpu.cpl) cpu.raise(Vec.GP, sel & 0xfffc);
  if (!codeDesc.present) cpu.raise(Vec.NP, sel & 0xfffc);
  return dpl;
}

function protectedMode(cpu: X86Cpu, vector: number, errorCode: number, kind: EventKind, retLo: number): void {
  const off = vector * 8;
  const gateErr = off + 2;
  if (off + 7 > cpu.idtLimit) cpu.raise(Vec.GP, gateErr);
  const g = gateDesc;
  g.lo = cpu.sysLoad((cpu.idtBaseLo + off) >>> 0, 0, 4) | 0;
  g.hi = cpu.sysLoad((cpu.idtBaseLo + off + 4) >>> 0, 0, 4) | 0;
  const type = (g.hi >>> 8) & 0x1f;
  if (type !== 6 && type !== 7 && type !== 14 && type !== 15) cpu.raise(Vec.GP, gateErr); // task gates (5): not implemented
  if (kind === EventKind.Soft && g.dpl < cpu.cpl) cpu.raise(Vec.GP, gateErr);
  if (!g.present) cpu.raise(Vec.NP, gateErr);
  const sel = g.lo >>> 16;
  let offset = ((g.lo & 0xffff) | (g.hi & 0xffff0000)) >>> 0;
  const is32 = (type & 8) !== 0;
  if (!is32) offset &= 0xffff;
  const dpl = gateTarget(cpu, sel);
  const r = cpu.r;
  const cpl = cpu.cpl;
  let newStack = false;
  let esp: number;
  let ssBase: number;
  let spMask: number;
  let newSs = 0;
  if ((codeDesc.hi & DESC_C) === 0 && dpl < cpl) {
    const [tssEsp, ss] = stackFromTss(cpu, dpl);
    const ssErr = ss & 0xfffc;
    if (ssErr === 0) cpu.raise(Vec.TS, ssErr);
    if ((ss & 3) !== dpl) cpu.raise(Vec.TS, ssErr);
    if (!readDescriptor(cpu, ss, ssDesc)) cpu.raise(Vec.TS, ssErr);
    if (ssDesc.dpl !== dpl || !ssDesc.isCodeData || ssDesc.isCode || (ssDesc.hi & DESC_W) === 0) cpu.raise(Vec.TS, ssErr);
    if (!ssDesc.present) cpu.raise(Vec.SS, ssErr);
    newStack = true;
    newSs = ss;
    esp = tssEsp >>> 0;
    ssBase = ssDesc.base;
    spMask = (ssDesc.hi & DESC_B) !== 0 ? 0xffffffff : 0xffff;
  } else if ((codeDesc.hi & DESC_C) !== 0 || dpl === cpl) {
    esp = r[8] >>> 0;
    ssBase = cpu.segBase[Seg.SS] >>> 0;
    spMask = (cpu.segFlags[Seg.SS] & DESC_B) !== 0 ? 0xffffffff : 0xffff;
  } else {
    cpu.raise(Vec.GP, sel & 0xfffc);
  }
  const size = is32 ? 4 : 2;
  stack.sp = esp;
  stack.base = ssBase;
  stack.mask = spMask;
  if (newStack) {
    push32(cpu, size, cpu.segSel[Seg.SS]);
    push32(cpu, size, r[8]);
  }
  push32(cpu, size, cpu.getEflags());
  push32(cpu, size, cpu.segSel[Seg.CS]);
  push32(cpu, size, retLo);
  if (errorCode >= 0) push32(cpu, size, errorCode);
  esp = stack.sp;
  if (newStack) {
    cpu.setSegmentCache(Seg.SS, (newSs & 0xfffc) | dpl, ssDesc.base, ssDesc.limit, ssDesc.flags);
  }
  if (spMask === 0xffff) r[8] = (r[8] & ~0xffff) | (esp & 0xffff);
  else {
    r[8] = esp | 0;
    r[9] = 0;
  }
  cpu.setEflags(0, TF | VM | RF | NT | ((type & 1) === 0 ? IF : 0));
  cpu.setSegmentCache(Seg.CS, (sel & 0xfffc) | dpl, codeDesc.base, codeDesc.limit, codeDesc.flags);
  cpu.cpl = dpl;
  cpu.setRip(offset, 0);
}

function longMode(cpu: X86Cpu, vector: number, errorCode: number, kind: EventKind, retLo: number, retHi: number): void {
  const off = vector * 16;
  // QEMU 7.2 reports the gate of a 64-bit IDT as vector * 16 + 2 (the SDM says vector * 8 + 2).
  const gateErr = vector * 16 + 2;
  if (off + 15 > cpu.idtLimit) cpu.raise(Vec.GP, gateErr);
  const s = (cpu.idtBaseLo >>> 0) + off;
  const aLo = s >>> 0;
  const aHi = (cpu.idtBaseHi + (s > 0xffffffff ? 1 : 0)) | 0;
  const e1 = cpu.sysLoad(aLo, aHi, 4) | 0;
  const e2 = cpu.sysLoad((aLo + 4) >>> 0, aHi, 4) | 0;
  const e3 = cpu.sysLoad((aLo + 8) >>> 0, aHi, 4) | 0;
  const type = (e2 >>> 8) & 0x1f;
  if (type !== 14 && type !== 15) cpu.raise(Vec.GP, gateErr);
  const gateDpl = (e2 >>> DESC_DPL_SHIFT) & 3;
  if (kind === EventKind.Soft && gateDpl < cpu.cpl) cpu.raise(Vec.GP, gateErr);
  if ((e2 & 0x8000) === 0) cpu.raise(Vec.NP, gateErr);
  const sel = e1 >>> 16;
  const offLo = ((e1 & 0xffff) | (e2 & 0xffff0000)) >>> 0;
  const offHi = e3 >>> 0;
  const ist = e2 & 7;
  const dpl = gateTarget(cpu, sel);
  if ((codeDesc.hi & DESC_L) === 0 || (codeDesc.hi & DESC_B) !== 0) cpu.raise(Vec.GP, sel & 0xfffc);
  const r = cpu.r;
  const cpl = cpu.cpl;
  let rspLo = r[8] >>> 0;
  let rspHi = r[9] | 0;
  const inner = (codeDesc.hi & DESC_C) === 0 && dpl < cpl;
  if (!inner && (codeDesc.hi & DESC_C) === 0 && dpl !== cpl) cpu.raise(Vec.GP, sel & 0xfffc);
  if (inner || ist !== 0) {
    const level = ist !== 0 ? ist + 3 : dpl;
    const index = 8 * level + 4;
    const trSel = cpu.segSel[Seg.TR] & 0xfffc;
    if (index + 7 > cpu.segLimit[Seg.TR]) cpu.raise(Vec.TS, trSel);
    const t = (cpu.segBase[Seg.TR] >>> 0) + index;
    const tLo = t >>> 0;
    const tHi = (cpu.segBaseHi[Seg.TR] + (t > 0xffffffff ? 1 : 0)) | 0;
    rspLo = cpu.sysLoad(tLo, tHi, 4) >>> 0;
    rspHi = cpu.sysLoad((tLo + 4) >>> 0, tLo + 4 > 0xffffffff ? tHi + 1 : tHi, 4) | 0;
  }
  stack.sp = (rspLo & ~0xf) >>> 0;
  stack.spHi = rspHi;
  push64(cpu, cpu.segSel[Seg.SS], 0);
  push64(cpu, r[8], r[9]);
  push64(cpu, cpu.getEflags(), 0);
  push64(cpu, cpu.segSel[Seg.CS], 0);
  push64(cpu, retLo, retHi);
  if (errorCode >= 0) push64(cpu, errorCode, 0);
  rspLo = stack.sp;
  rspHi = stack.spHi;
  if (inner) cpu.setSegmentCache(Seg.SS, dpl, 0, 0, dpl << DESC_DPL_SHIFT);
  r[8] = rspLo | 0;
  r[9] = rspHi;
  cpu.setEflags(0, TF | VM | RF | NT | ((type & 1) === 0 ? IF : 0));
  cpu.setSegmentCache(Seg.CS, (sel & 0xfffc) | dpl, codeDesc.base, codeDesc.limit, codeDesc.flags);
  cpu.cpl = dpl;
  cpu.setRip(offLo, offHi);
}
