/**
 * Segment descriptors: reading them from the GDT/LDT, the checks of a data/stack segment load
 * (MOV Sreg, POP Sreg, LDS...), and filling a segment register's hidden part. Data accesses do
 * not check segment limits, as QEMU's TCG does not (docs/arch-x86_64.md).
 * @module
 */
import { Seg } from './decode/insn.js';
import { Vec } from './fault.js';
import { DESC_A, DESC_C, DESC_CS, DESC_DPL_SHIFT, DESC_G, DESC_P, DESC_R, DESC_S, DESC_W, EFER_LMA } from './mode.js';
import type { X86Cpu } from './cpu.js';

/** A descriptor as read: its two (or, for 64-bit system descriptors, four) words. */
export class Descriptor {
  lo = 0;
  hi = 0;
  /** Bits 95:64 (base 63:32) of a 16-byte system descriptor. */
  hi2 = 0;
  /** Linear address it was read from (to set the accessed bit). */
  addrLo = 0;
  addrHi = 0;
  get base(): number {
    return ((this.lo >>> 16) | ((this.hi & 0xff) << 16) | (this.hi & 0xff000000)) >>> 0;
  }
  get limit(): number {
    const l = (this.lo & 0xffff) | (this.hi & 0xf0000);
    return (this.hi & DESC_G) !== 0 ? ((l << 12) | 0xfff) >>> 0 : l;
  }
  get flags(): number {
    return this.hi & 0x00f0ff00;
  }
  get dpl(): number {
    return (this.hi >>> DESC_DPL_SHIFT) & 3;
  }
  get present(): boolean {
    return (this.hi & DESC_P) !== 0;
  }
  /** Code or data (S = 1). */
  get isCodeData(): boolean {
    return (this.hi & DESC_S) !== 0;
  }
  get isCode(): boolean {
    return (this.hi & (DESC_S | DESC_CS)) === (DESC_S | DESC_CS);
  }
  /** System descriptor type (S = 0): 1/3 16-bit TSS, 2 LDT, 4 call gate 16, 5 task gate, 9/B TSS, C call gate, E/F int/trap gates. */
  get type(): number {
    return (this.hi >>> 8) & 0xf;
  }
}

/**
 * Read the descriptor for `sel` (GDT or LDT by TI) into `d`. `size` 16 reads the upper half of
 * a 64-bit system descriptor too. Returns false when it lies beyond the table's limit.
 */
export function readDescriptor(cpu: X86Cpu, sel: number, d: Descriptor, size: 8 | 16 = 8): boolean {
  const index = sel & ~7;
  let baseLo: number;
  let baseHi: number;
  let limit: number;
  if ((sel & 4) !== 0) {
    // LDT: must be a valid (present) LDT selector loaded in LDTR.
    if ((cpu.segFlags[Seg.LDTR] & DESC_P) === 0 || (cpu.segSel[Seg.LDTR] & ~3) === 0) return false;
    baseLo = cpu.segBase[Seg.LDTR];
    baseHi = cpu.segBaseHi[Seg.LDTR];
    limit = cpu.segLimit[Seg.LDTR];
  } else {
    baseLo = cpu.gdtBaseLo;
    baseHi = cpu.gdtBaseHi;
    limit = cpu.gdtLimit;
  }
  if (index + size - 1 > limit) return false;
  const s = (baseLo >>> 0) + index;
  d.addrLo = s >>> 0;
  d.addrHi = (baseHi + (s > 0xffffffff ? 1 : 0)) | 0;
  if ((cpu.efer & EFER_LMA) === 0) d.addrHi = 0;
  d.lo = cpu.sysLoad(d.addrLo, d.addrHi, 4) | 0;
  d.hi = cpu.sysLoad((d.addrLo + 4) >>> 0, d.addrHi, 4) | 0;
  d.hi2 = size === 16 ? cpu.sysLoad((d.addrLo + 8) >>> 0, d.addrHi, 4) | 0 : 0;
  return true;
}

/** Set the accessed bit of a code/data descriptor in memory, as a load does. */
export function setAccessed(cpu: X86Cpu, d: Descriptor): void {
  if ((d.hi & DESC_A) !== 0) return;
  d.hi |= DESC_A;
  cpu.sysStore((d.addrLo + 4) >>> 0, d.addrHi, 4, d.hi);
}

/** Fill segment register `seg` from descriptor `d`. */
export function loadCache(cpu: X86Cpu, seg: number, sel: number, d: Descriptor): void {
  cpu.setSegmentCache(seg, sel, d.base, d.limit, d.flags);
}

const scratch = new Descriptor();

/**
 * MOV/POP/LDS-style load of ES, SS, DS, FS or GS with the protected-mode checks (#GP, #SS, #NP
 * with the selector as error code). Real mode only changes selector and base (the cached limit
 * and attributes stay, so "unreal" segments keep working, as on QEMU).
 */
export function loadDataSegment(cpu: X86Cpu, seg: number, sel: number): void {
  sel &= 0xffff;
  if (!cpu.pe) {
    cpu.segSel[seg] = sel;
    cpu.segBase[seg] = sel << 4;
    cpu.segBaseHi[seg] = 0;
    return;
  }
  const cpl = cpu.cpl;
  const rpl = sel & 3;
  const code = sel & 0xfffc;
  if (code === 0) {
    if (seg === Seg.SS) {
      // A null SS is legal only in 64-bit mode at CPL < 3, with RPL = CPL.
      if (!cpu.mode64 || cpl === 3 || rpl !== cpl) cpu.raise(Vec.GP, 0);
      cpu.setSegmentCache(seg, sel, 0, 0, (cpl << DESC_DPL_SHIFT) | DESC_S | DESC_W | DESC_A | 0x400000);
      return;
    }
    cpu.setSegmentCache(seg, sel, 0, 0, 0);
    return;
  }
  const d = scratch;
  if (!readDescriptor(cpu, sel, d)) cpu.raise(Vec.GP, code);
  const dpl = d.dpl;
  if (!d.isCodeData) cpu.raise(Vec.GP, code);
  if (seg === Seg.SS) {
    if (rpl !== cpl || dpl !== cpl || d.isCode || (d.hi & DESC_W) === 0) cpu.raise(Vec.GP, code);
    if (!d.present) cpu.raise(Vec.SS, code);
  } else {
    if (d.isCode && (d.hi & DESC_R) === 0) cpu.raise(Vec.GP, code);
    // Data and non-conforming code: DPL >= max(CPL, RPL).
    if (!d.isCode || (d.hi & DESC_C) === 0) {
      if (dpl < cpl || dpl < rpl) cpu.raise(Vec.GP, code);
    }
    if (!d.present) cpu.raise(Vec.NP, code);
  }
  setAccessed(cpu, d);
  loadCache(cpu, seg, sel, d);
}

/** LLDT: load LDTR from a GDT descriptor of type 2. */
export function loadLdt(cpu: X86Cpu, sel: number): void {
  sel &= 0xffff;
  if ((sel & 0xfffc) === 0) {
    cpu.setSegmentCache(Seg.LDTR, sel, 0, 0, 0);
    return;
  }
  const code = sel & 0xfffc;
  if ((sel & 4) !== 0) cpu.raise(Vec.GP, code);
  const d = scratch;
  const lm = (cpu.efer & EFER_LMA) !== 0;
  if (!readDescriptor(cpu, sel, d, lm ? 16 : 8)) cpu.raise(Vec.GP, code);
  if (d.isCodeData || d.type !== 2) cpu.raise(Vec.GP, code);
  if (!d.present) cpu.raise(Vec.NP, code);
  cpu.setSegmentCache(Seg.LDTR, sel, d.base, d.limit, d.flags, lm ? d.hi2 : 0);
}

/** LTR: load TR from an available TSS descriptor and mark it busy. */
export function loadTr(cpu: X86Cpu, sel: number): void {
  sel &= 0xffff;
  const code = sel & 0xfffc;
  if (code === 0 || (sel & 4) !== 0) cpu.raise(Vec.GP, code);
  const d = scratch;
  const lm = (cpu.efer & EFER_LMA) !== 0;
  if (!readDescriptor(cpu, sel, d, lm ? 16 : 8)) cpu.raise(Vec.GP, code);
  const t = d.type;
  if (d.isCodeData || (t !== 1 && t !== 9) || (lm && t !== 9)) cpu.raise(Vec.GP, code);
  if (!d.present) cpu.raise(Vec.NP, code);
  d.hi |= 0x200; // busy
  cpu.sysStore((d.addrLo + 4) >>> 0, d.addrHi, 4, d.hi);
  cpu.setSegmentCache(Seg.TR, sel, d.base, d.limit, d.flags, lm ? d.hi2 : 0);
}

/** LAR/LSL/VERR/VERW helpers: the descriptor if visible at this CPL/RPL, else undefined (ZF = 0). */
export function visibleDescriptor(cpu: X86Cpu, sel: number, forLimit: boolean): Descriptor | undefined {
  if ((sel & 0xfffc) === 0) return undefined;
  const d = scratch;
  if (!readDescriptor(cpu, sel, d)) return undefined;
  const dpl = d.dpl;
  const rpl = sel & 3;
  if (d.isCodeData) {
    const conforming = d.isCode && (d.hi & DESC_C) !== 0;
    if (!conforming && (dpl < cpu.cpl || dpl < rpl)) return undefined;
    return d;
  }
  // System descriptors LAR/LSL accept (legacy / long mode), QEMU's lists.
  const t = d.type;
  const lm = (cpu.efer & EFER_LMA) !== 0;
  // Type bit masks: LSL takes TSSs and LDTs, LAR also gates (QEMU's lists).
  const mask = lm ? (forLimit ? 0xa04 : 0x1a04) : forLimit ? 0xa0e : 0x1a3e;
  const ok = ((mask >>> t) & 1) !== 0;
  if (!ok || dpl < cpu.cpl || dpl < rpl) return undefined;
  return d;
}
