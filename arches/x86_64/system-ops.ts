/**
 * System instructions at run time: control and debug registers, CPUID, MSRs, TSC, I/O
 * permission (IOPL and the TSS bitmap), CLI/STI, POPF, SYSCALL/SYSRET, SYSENTER/SYSEXIT,
 * SWAPGS, descriptor-table instructions, ENTER, CMPXCHG8B/16B and the BCD adjusts. Where
 * QEMU 7.2 differs from the SDM, QEMU is followed (docs/arch-x86_64.md lists those places).
 * @module
 */
import { Seg } from './decode/insn.js';
import { Vec } from './fault.js';
import { AC, AF, ARITH, CF, Cc, DF, ID, IF, IOPL, NT, PARITY, RF, SF, TF, VM, ZF, computeFlags } from './flags.js';
import {
  CR0_ET,
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_OSFXSR,
  CR4_PAE,
  CR4_PGE,
  CR4_PSE,
  CR4_TSD,
  DESC_A,
  DESC_B,
  DESC_CS,
  DESC_DPL_SHIFT,
  DESC_G,
  DESC_L,
  DESC_P,
  DESC_R,
  DESC_S,
  DESC_W,
  EFER_LMA,
  EFER_LME,
  EFER_SCE,
} from './mode.js';
import { cpuidLeaf } from './cpuid.js';
import { readMsr, writeMsr } from './msr.js';
import { loadDataSegment, loadLdt, loadTr, visibleDescriptor } from './segments.js';
import type { X86Cpu } from './cpu.js';

/** CR4 bits qemu64 lets software set (VME, PVI, TSD, DE, PSE, PAE, MCE, PGE, PCE, OSFXSR, OSXMMEXCPT). */
export const CR4_VALID = 0x7ff & ~0x3;

// ---------------- control registers ----------------

/** MOV CRn, reg (and LMSW through CR0). */
export function writeCr(c: X86Cpu, n: number, lo: number, hi: number): void {
  switch (n) {
    case 0: {
      // CR0 is 32 bits in QEMU; bits 63:32 set in 64-bit mode are #GP (SDM), as are PG without PE and NW without CD.
      if (hi !== 0) c.gp(0);
      const v = lo | 0;
      if ((v & CR0_PG) !== 0 && (v & CR0_PE) === 0) c.gp(0);
      if ((v & 0x20000000) !== 0 && (v & 0x40000000) === 0) c.gp(0);
      const old = c.cr0;
      if (((v ^ old) & (CR0_PG | CR0_WP | CR0_PE)) !== 0) c.flushTlb(false);
      if ((old & CR0_PG) === 0 && (v & CR0_PG) !== 0 && (c.efer & EFER_LME) !== 0) {
        // Entering long mode needs PAE (SDM: #GP).
        if ((c.cr4 & CR4_PAE) === 0) c.gp(0);
        c.efer |= EFER_LMA;
      } else if ((old & CR0_PG) !== 0 && (v & CR0_PG) === 0 && (c.efer & EFER_LMA) !== 0) {
        // Leaving long mode (only legal from compatibility mode; QEMU allows it and truncates RIP).
        if (c.mode64) c.gp(0);
        c.efer &= ~EFER_LMA;
      }
      c.cr0 = v | CR0_ET;
      c.updateMode();
      return;
    }
    case 2:
      c.cr2Lo = lo | 0;
      c.cr2Hi = c.mode64 ? hi | 0 : 0;
      return;
    case 3: {
      // Bits above the 40-bit physical width are reserved in long mode.
      if ((c.efer & EFER_LMA) !== 0 && (hi & 0xffffff00) !== 0) c.gp(0);
      c.cr3Lo = lo | 0;
      c.cr3Hi = (c.efer & EFER_LMA) !== 0 ? hi | 0 : 0;
      // QEMU flushes the whole TLB on a CR3 write, global pages included.
      if ((c.cr0 & CR0_PG) !== 0) c.flushTlb(false);
      return;
    }
    case 4: {
      if (hi !== 0 || (lo & ~CR4_VALID) !== 0) c.gp(0);
      // PAE cannot be cleared in long mode.
      if ((c.efer & EFER_LMA) !== 0 && (lo & CR4_PAE) === 0) c.gp(0);
      if (((lo ^ c.cr4) & (CR4_PGE | CR4_PAE | CR4_PSE)) !== 0) c.flushTlb(false);
      c.cr4 = lo | 0;
      return;
    }
    default:
      // CR8: TPR[7:4]; bits 63:4 reserved.
      if (hi !== 0 || (lo & ~0xf) !== 0) c.gp(0);
      if (c.lapic) c.lapic.cr8 = lo & 0xf;
      else c.tpr = lo & 0xf;
      c.interruptStateChanged();
  }
}

/** MOV reg, CRn: bits 31:0, with bits 63:32 in `c.loadHi`. */
export function readCr(c: X86Cpu, n: number): number {
  c.loadHi = 0;
  switch (n) {
    case 0:
      return c.cr0 | 0;
    case 2:
      c.loadHi = c.cr2Hi;
      return c.cr2Lo;
    case 3:
      c.loadHi = c.cr3Hi;
      return c.cr3Lo;
    case 4:
      return c.cr4;
    default:
      return c.lapic ? c.lapic.cr8 & 0xf : c.tpr;
  }
}

/** MOV DRn, reg. DR4/DR5 alias DR6/DR7 unless CR4.DE (then #UD). */
export function writeDr(c: X86Cpu, n: number, lo: number, hi: number): void {
  if ((n === 4 || n === 5) && (c.cr4 & 0x8) !== 0) c.ud();
  if (n === 4) n = 6;
  if (n === 5) n = 7;
  if (n < 4) {
    c.dr[2 * n] = lo;
    c.dr[2 * n + 1] = c.mode64 ? hi : 0;
  } else {
    // Bits 63:32 of DR6 and DR7 are reserved: #GP (SDM).
    if (hi !== 0) c.gp(0);
    if (n === 6) c.dr6 = (lo & 0x0000e00f) | 0xffff0ff0;
    else c.dr7 = (lo & 0xffff2bff) | 0x400;
  }
  c.debug.update(c.dr, c.dr7);
  // Watched pages must leave the TLB so their accesses reach the checks.
  c.flushTlb(false);
  c.updateAttention();
}

export function readDr(c: X86Cpu, n: number): number {
  if ((n === 4 || n === 5) && (c.cr4 & 0x8) !== 0) c.ud();
  if (n === 4) n = 6;
  if (n === 5) n = 7;
  c.loadHi = 0;
  if (n < 4) {
    c.loadHi = c.dr[2 * n + 1];
    return c.dr[2 * n];
  }
  return n === 6 ? c.dr6 : c.dr7;
}

// ---------------- CPUID, MSRs, TSC ----------------

export function cpuid(c: X86Cpu): void {
  const r = c.r;
  const v = cpuidLeaf(c, r[0] >>> 0, r[2] >>> 0);
  r[0] = v[0] | 0;
  r[1] = 0;
  r[6] = v[1] | 0;
  r[7] = 0;
  r[2] = v[2] | 0;
  r[3] = 0;
  r[4] = v[3] | 0;
  r[5] = 0;
}

export function rdmsr(c: X86Cpu): void {
  const r = c.r;
  const v = readMsr(c, r[2] >>> 0);
  r[0] = v[0] | 0;
  r[1] = 0;
  r[4] = v[1] | 0;
  r[5] = 0;
}

export function wrmsr(c: X86Cpu): void {
  const r = c.r;
  if (!writeMsr(c, r[2] >>> 0, r[0], r[4])) c.gp(0);
}

/** RDTSC: the core's cycle count (the TSC runs at the CPU clock). CR4.TSD makes it CPL 0 only. */
export function rdtsc(c: X86Cpu): void {
  if ((c.cr4 & CR4_TSD) !== 0 && c.cpl !== 0) c.gp(0);
  c.syncCycles();
  const t = c.cycles;
  const r = c.r;
  r[0] = t | 0;
  r[1] = 0;
  r[4] = Math.floor(t / 4294967296) | 0;
  r[5] = 0;
}

/** RDPMC: QEMU 7.2 implements no counters: #GP by the CR4.PCE rule, else #UD. */
export function rdpmc(c: X86Cpu): void {
  if ((c.cr4 & 0x100) === 0 && c.cpl !== 0) c.gp(0);
  c.ud();
}

// ---------------- I/O, interrupt flag, EFLAGS ----------------

/** I/O permission: CPL <= IOPL, or the TSS bitmap allows every port of the access. */
export function ioCheck(c: X86Cpu, port: number, size: number): void {
  if (!c.pe || c.cpl <= (c.eflags & IOPL) >>> 12) return;
  const trFlags = c.segFlags[Seg.TR];
  const limit = c.segLimit[Seg.TR];
  if ((trFlags & DESC_P) === 0 || ((trFlags >>> 8) & 0xf) !== 9 || limit < 103) c.gp(0);
  const base = c.segBase[Seg.TR] >>> 0;
  const baseHi = c.segBaseHi[Seg.TR];
  const off = c.sysLoad((base + 0x66) >>> 0, baseHi, 2) + (port >>> 3);
  if (off + 1 > limit) c.gp(0);
  const bits = c.sysLoad((base + off) >>> 0, baseHi, 2) >>> (port & 7);
  if ((bits & ((1 << size) - 1)) !== 0) c.gp(0);
}

export function cli(c: X86Cpu): void {
  if (c.pe && c.cpl > (c.eflags & IOPL) >>> 12) c.gp(0);
  c.eflags &= ~IF;
  c.updateAttention();
}

/** STI: IF = 1, and the next instruction runs before interrupts are taken. */
export function sti(c: X86Cpu): void {
  if (c.pe && c.cpl > (c.eflags & IOPL) >>> 12) c.gp(0);
  c.eflags |= IF;
  c.setShadow();
  c.updateAttention();
}

/** POPF: which bits it may change depends on CPL and IOPL (no virtual-8086 mode here). */
export function popf(c: X86Cpu, v: number, size: number): void {
  let mask = TF | AC | ID | NT | DF;
  if (c.cpl === 0) mask |= IF | IOPL;
  else if (c.cpl <= (c.eflags & IOPL) >>> 12) mask |= IF;
  if (size === 2) mask &= 0xffff;
  c.setEflags(v, mask | ARITH);
}

// ---------------- segments and descriptor tables ----------------

export function loadSeg(c: X86Cpu, seg: number, sel: number): void {
  loadDataSegment(c, seg, sel);
  c.updateMode();
}

export function lldt(c: X86Cpu, sel: number): void {
  loadLdt(c, sel);
}

export function ltr(c: X86Cpu, sel: number): void {
  loadTr(c, sel);
}

/** VERR/VERW: ZF = the segment is readable/writable at this CPL and RPL. */
export function verify(c: X86Cpu, sel: number, write: boolean): void {
  const d = visibleDescriptor(c, sel & 0xffff, false);
  let ok = d !== undefined && d.isCodeData;
  if (ok && d) {
    if (d.isCode) ok = !write && (d.hi & DESC_R) !== 0;
    else ok = !write || (d.hi & DESC_W) !== 0;
  }
  c.setEflags(ok ? ZF : 0, ZF);
}

/** LAR: access rights (descriptor bits 23:8 of the high word) or -1 with ZF = 0. */
export function lar(c: X86Cpu, sel: number): number {
  const d = visibleDescriptor(c, sel & 0xffff, false);
  c.setEflags(d ? ZF : 0, ZF);
  return d ? d.hi & 0x00f0ff00 : -1;
}

/** LSL: the byte-granular limit, or -1 with ZF = 0. */
export function lsl(c: X86Cpu, sel: number): number {
  const d = visibleDescriptor(c, sel & 0xffff, true);
  c.setEflags(d ? ZF : 0, ZF);
  return d ? d.limit : -1;
}

export function swapgs(c: X86Cpu): void {
  const k = c.msr.kernelGsBase;
  const lo = c.segBase[Seg.GS];
  const hi = c.segBaseHi[Seg.GS];
  c.segBase[Seg.GS] = k[0];
  c.segBaseHi[Seg.GS] = k[1];
  k[0] = lo;
  k[1] = hi;
}

// ---------------- fast system calls ----------------

const FLAT = DESC_G | DESC_P | DESC_S | DESC_A;

/** SYSCALL (EFER.SCE, else #UD). */
export function syscall(c: X86Cpu, nextLo: number, nextHi: number): void {
  if ((c.efer & EFER_SCE) === 0) c.ud();
  const m = c.msr;
  const sel = (m.star[1] >>> 0) & 0xffff;
  const r = c.r;
  if ((c.efer & EFER_LMA) !== 0) {
    const code64 = c.mode64;
    r[2] = nextLo | 0;
    r[3] = nextHi | 0;
    const fl = c.getEflags() & ~RF;
    r[22] = fl | 0;
    r[23] = 0;
    c.setEflags(0, (m.fmask[0] | RF) & ~2);
    c.setSegmentCache(Seg.CS, sel & 0xfffc, 0, 0xffffffff, FLAT | DESC_CS | DESC_R | DESC_L);
    c.setSegmentCache(Seg.SS, (sel + 8) & 0xfffc, 0, 0xffffffff, FLAT | DESC_B | DESC_W);
    const target = code64 ? m.lstar : m.cstar;
    c.setRip(target[0], target[1]);
  } else {
    r[2] = nextLo | 0;
    r[3] = 0;
    c.setEflags(0, IF | RF | VM);
    c.setSegmentCache(Seg.CS, sel & 0xfffc, 0, 0xffffffff, FLAT | DESC_B | DESC_CS | DESC_R);
    c.setSegmentCache(Seg.SS, (sel + 8) & 0xfffc, 0, 0xffffffff, FLAT | DESC_B | DESC_W);
    c.setRip(m.star[0], 0);
  }
  c.cpl = 0;
  c.updateMode();
}

/** SYSRET to CPL 3 (size 8: 64-bit target with REX.W). */
export function sysret(c: X86Cpu, size: number): void {
  if ((c.efer & EFER_SCE) === 0) c.ud();
  if (!c.pe || c.cpl !== 0) c.gp(0);
  const sel = (c.msr.star[1] >>> 16) & 0xffff;
  const r = c.r;
  if ((c.efer & EFER_LMA) !== 0) {
    c.setEflags(r[22], TF | AC | ID | IF | IOPL | VM | RF | NT | ARITH | DF);
    if (size === 8) {
      c.setSegmentCache(Seg.CS, ((sel + 16) | 3) & 0xffff, 0, 0xffffffff, FLAT | (3 << DESC_DPL_SHIFT) | DESC_CS | DESC_R | DESC_L);
      c.setRip(r[2], r[3]);
    } else {
      c.setSegmentCache(Seg.CS, sel | 3, 0, 0xffffffff, FLAT | DESC_B | (3 << DESC_DPL_SHIFT) | DESC_CS | DESC_R);
      c.setRip(r[2], 0);
    }
    c.setSegmentCache(Seg.SS, ((sel + 8) | 3) & 0xffff, 0, 0xffffffff, FLAT | DESC_B | (3 << DESC_DPL_SHIFT) | DESC_W);
  } else {
    c.eflags |= IF;
    c.setSegmentCache(Seg.CS, sel | 3, 0, 0xffffffff, FLAT | DESC_B | (3 << DESC_DPL_SHIFT) | DESC_CS | DESC_R);
    c.setRip(r[2], 0);
    c.setSegmentCache(Seg.SS, ((sel + 8) | 3) & 0xffff, 0, 0xffffffff, FLAT | DESC_B | (3 << DESC_DPL_SHIFT) | DESC_W);
  }
  c.cpl = 3;
  c.updateMode();
  c.updateAttention();
}

/** SYSENTER (protected mode, SYSENTER_CS != 0). */
export function sysenter(c: X86Cpu): void {
  const m = c.msr;
  if (!c.pe || m.sysenterCs === 0) c.gp(0);
  c.setEflags(0, VM | IF | RF);
  const lm = (c.efer & EFER_LMA) !== 0;
  c.setSegmentCache(Seg.CS, m.sysenterCs & 0xfffc, 0, 0xffffffff, FLAT | DESC_CS | DESC_R | (lm ? DESC_L : DESC_B));
  c.setSegmentCache(Seg.SS, (m.sysenterCs + 8) & 0xfffc, 0, 0xffffffff, FLAT | DESC_B | DESC_W);
  c.r[8] = m.sysenterEsp[0];
  c.r[9] = lm ? m.sysenterEsp[1] : 0;
  c.setRip(m.sysenterEip[0], lm ? m.sysenterEip[1] : 0);
  c.cpl = 0;
  c.updateMode();
}

/** SYSEXIT to CPL 3 (size 8: 64-bit target with REX.W). */
export function sysexit(c: X86Cpu, size: number): void {
  const m = c.msr;
  if (!c.pe || m.sysenterCs === 0 || c.cpl !== 0) c.gp(0);
  const r = c.r;
  const user = 3 << DESC_DPL_SHIFT;
  if (size === 8) {
    c.setSegmentCache(Seg.CS, ((m.sysenterCs + 32) & 0xfffc) | 3, 0, 0xffffffff, FLAT | user | DESC_CS | DESC_R | DESC_L);
    c.setSegmentCache(Seg.SS, ((m.sysenterCs + 40) & 0xfffc) | 3, 0, 0xffffffff, FLAT | DESC_B | user | DESC_W);
    r[8] = r[2];
    r[9] = r[3];
    c.setRip(r[4], r[5]);
  } else {
    c.setSegmentCache(Seg.CS, ((m.sysenterCs + 16) & 0xfffc) | 3, 0, 0xffffffff, FLAT | DESC_B | user | DESC_CS | DESC_R);
    c.setSegmentCache(Seg.SS, ((m.sysenterCs + 24) & 0xfffc) | 3, 0, 0xffffffff, FLAT | DESC_B | user | DESC_W);
    r[8] = r[2];
    r[9] = 0;
    c.setRip(r[4], 0);
  }
  c.cpl = 3;
  c.updateMode();
}

// ---------------- stack frames, exchanges ----------------

/** Linear address of SS:[n] for ENTER (n: the stack offset as a Number), into `ea`. */
const ea = { lo: 0, hi: 0 };
function stackLinear(c: X86Cpu, n: number, wide: boolean, base: number, mask: number): void {
  if (wide) {
    const lo = n >>> 0;
    ea.lo = lo;
    ea.hi = Math.floor((n - lo) / 4294967296) | 0;
  } else {
    ea.lo = (base + ((n >>> 0) & mask)) >>> 0;
    ea.hi = 0;
  }
}

/** Write a stack-width register (RBP, RSP) for ENTER: 64-bit, 32-bit zero-extended, or SP. */
function setStackReg(c: X86Cpu, n: number, v: number, wide: boolean, mask: number): void {
  const r = c.r;
  if (wide) {
    const l = v >>> 0;
    r[2 * n] = l | 0;
    r[2 * n + 1] = Math.floor((v - l) / 4294967296) | 0;
  } else if (mask === 0xffff) r[2 * n] = (r[2 * n] & -65536) | (v & 0xffff);
  else {
    r[2 * n] = v | 0;
    r[2 * n + 1] = 0;
  }
}

/** ENTER imm16, imm8 (QEMU's order: push RBP, copy level-1 frame pointers, push the frame). */
export function enter(c: X86Cpu, size: number, bytes: number, level: number): void {
  const r = c.r;
  const wide = c.mode64;
  const mask = wide ? 0 : (c.segFlags[Seg.SS] & DESC_B) !== 0 ? 0xffffffff : 0xffff;
  const base = wide ? 0 : c.segBase[Seg.SS] >>> 0;
  // Stack offsets as Numbers (64-bit mode: hi * 2^32 + lo; stacks live far below 2^53).
  const sp = wide ? r[9] * 4294967296 + (r[8] >>> 0) : r[8] >>> 0;
  const bp = wide ? r[11] * 4294967296 + (r[10] >>> 0) : r[10] >>> 0;
  const frame = sp - size;
  stackLinear(c, frame, wide, base, mask);
  c.storeSlow(ea.lo, ea.hi, size, r[10], r[11]);
  if (level !== 0) {
    for (let k = 1; k < level; k++) {
      stackLinear(c, bp - size * k, wide, base, mask);
      const v = c.loadSlow(ea.lo, ea.hi, size);
      const vh = c.loadHi;
      stackLinear(c, frame - size * k, wide, base, mask);
      c.storeSlow(ea.lo, ea.hi, size, v, vh);
    }
    // The frame pointer itself, as the last level.
    const fl = wide ? frame >>> 0 : frame >>> 0;
    const fh = wide ? Math.floor((frame - (frame >>> 0)) / 4294967296) | 0 : 0;
    stackLinear(c, frame - size * level, wide, base, mask);
    c.storeSlow(ea.lo, ea.hi, size, fl, fh);
  }
  setStackReg(c, 5, frame, wide, mask);
  setStackReg(c, 4, frame - bytes - size * level, wide, mask);
}

/** CMPXCHG8B/16B: compare rDX:rAX with the memory operand (16B: 16-byte aligned or #GP). */
export function cmpxchgWide(c: X86Cpu, lo: number, hi: number, size: number): void {
  const r = c.r;
  if (size === 16) {
    if ((lo & 15) !== 0) c.gp(0);
    const m0 = c.loadSlow(lo, hi, 8);
    const m1 = c.loadHi;
    const l2 = (lo + 8) >>> 0;
    const h2 = l2 < 8 ? (hi + 1) | 0 : hi;
    const m2 = c.loadSlow(l2, h2, 8);
    const m3 = c.loadHi;
    const eq = m0 === r[0] >>> 0 && m1 === r[1] >>> 0 && m2 === r[4] >>> 0 && m3 === r[5] >>> 0;
    // The store always happens (the operand is written back when the compare fails).
    c.probeWrite(lo, hi, 16);
    if (eq) {
      c.storeSlow(lo, hi, 8, r[6], r[7]);
      c.storeSlow(l2, h2, 8, r[2], r[3]);
    } else {
      c.storeSlow(lo, hi, 8, m0, m1);
      c.storeSlow(l2, h2, 8, m2, m3);
      r[0] = m0 | 0;
      r[1] = m1 | 0;
      r[4] = m2 | 0;
      r[5] = m3 | 0;
    }
    c.setEflags(eq ? ZF : 0, ZF);
    return;
  }
  const m0 = c.loadSlow(lo, hi, 8);
  const m1 = c.loadHi;
  const eq = m0 === r[0] >>> 0 && m1 === r[4] >>> 0;
  if (eq) c.storeSlow(lo, hi, 8, r[6], r[2]);
  else {
    c.storeSlow(lo, hi, 8, m0, m1);
    r[0] = m0 | 0;
    r[1] = 0;
    r[4] = m1 | 0;
    r[5] = 0;
  }
  c.setEflags(eq ? ZF : 0, ZF);
}

// ---------------- BCD ----------------

function setAl(c: X86Cpu, al: number): void {
  c.r[0] = (c.r[0] & -256) | (al & 0xff);
}

function szp(al: number): number {
  return (al === 0 ? ZF : 0) | PARITY[al] | (al & SF);
}

export function daa(c: X86Cpu): void {
  const f = computeFlags(c);
  const old = c.r[0] & 0xff;
  let al = old;
  let out = 0;
  if ((al & 0xf) > 9 || (f & AF) !== 0) {
    al = (al + 6) & 0xff;
    out |= AF;
  }
  if (old > 0x99 || (f & CF) !== 0) {
    al = (al + 0x60) & 0xff;
    out |= CF;
  }
  setAl(c, al);
  materialise(c, out | szp(al));
}

export function das(c: X86Cpu): void {
  const f = computeFlags(c);
  const old = c.r[0] & 0xff;
  let al = old;
  let out = 0;
  if ((al & 0xf) > 9 || (f & AF) !== 0) {
    out |= AF;
    if (al < 6 || (f & CF) !== 0) out |= CF;
    al = (al - 6) & 0xff;
  }
  if (old > 0x99 || (f & CF) !== 0) {
    al = (al - 0x60) & 0xff;
    out |= CF;
  }
  setAl(c, al);
  materialise(c, out | szp(al));
}

export function aaa(c: X86Cpu): void {
  let f = computeFlags(c);
  let al = c.r[0] & 0xff;
  let ah = (c.r[0] >>> 8) & 0xff;
  const carry = al > 0xf9 ? 1 : 0;
  if ((al & 0xf) > 9 || (f & AF) !== 0) {
    al = (al + 6) & 0xf;
    ah = (ah + 1 + carry) & 0xff;
    f |= CF | AF;
  } else {
    f &= ~(CF | AF);
    al &= 0xf;
  }
  c.r[0] = (c.r[0] & -65536) | al | (ah << 8);
  materialise(c, f);
}

export function aas(c: X86Cpu): void {
  let f = computeFlags(c);
  let al = c.r[0] & 0xff;
  let ah = (c.r[0] >>> 8) & 0xff;
  const borrow = al < 6 ? 1 : 0;
  if ((al & 0xf) > 9 || (f & AF) !== 0) {
    al = (al - 6) & 0xf;
    ah = (ah - 1 - borrow) & 0xff;
    f |= CF | AF;
  } else {
    f &= ~(CF | AF);
    al &= 0xf;
  }
  c.r[0] = (c.r[0] & -65536) | al | (ah << 8);
  materialise(c, f);
}

/** AAM: AH = AL / base, AL = AL % base; flags of a logic op on AL. */
export function aam(c: X86Cpu, base: number): void {
  const v = c.r[0] & 0xff;
  const al = v % base;
  const ah = Math.floor(v / base);
  c.r[0] = (c.r[0] & -65536) | al | ((ah & 0xff) << 8);
  c.ccOp = Cc.Logic << 2;
  c.ccR = al;
}

/** AAD: AL = AH * base + AL, AH = 0; flags of a logic op on AL. */
export function aad(c: X86Cpu, base: number): void {
  const al = (((c.r[0] >>> 8) & 0xff) * base + (c.r[0] & 0xff)) & 0xff;
  c.r[0] = (c.r[0] & -65536) | al;
  c.ccOp = Cc.Logic << 2;
  c.ccR = al;
}

function materialise(c: X86Cpu, flags: number): void {
  c.ccOp = Cc.Eflags << 2;
  c.ccR = flags & ARITH;
}

export { DF, CR4_OSFXSR };
