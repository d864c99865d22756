import { cls32, cls64, crc32, mul64, rbit32, rev16, rev32, sdiv64, shift64, smulh, smull, udiv64, umulh, umull } from './arith.js';
import { atomic, cas, casp, ldx, ordered, stx } from './atomics.js';
import type { A64Cpu } from './cpu.js';
import { psciCall } from './psci.js';
import { semihostingCall } from './semihosting.js';
import { EC_BRK64, EC_SVC64, EC_SYSREG } from './syndrome.js';
import { SCTLR_DZE, SCTLR_UCI, SCTLR_UMA, Sys } from './sysreg-slots.js';
import { mrs, msr } from './sysregs.js';

/** SVC: exception to EL1, preferred return address = next instruction. */
function svc(c: A64Cpu, imm: number, nextLo: number, nextHi: number): void {
  c.syncException(EC_SVC64, imm, nextLo, nextHi);
}

/** HVC at EL1 with no EL2: QEMU's virt treats every HVC as a PSCI call. At EL0: UNDEFINED. */
function hvc(c: A64Cpu, _imm: number, nextLo: number, nextHi: number): void {
  if (c.el === 0) c.undefinedInstruction();
  c.pcLo = nextLo;
  c.pcHi = nextHi;
  c.syncCycles();
  psciCall(c);
}

function brk(c: A64Cpu, imm: number): void {
  c.trap(EC_BRK64, imm);
}

/** HLT: semihosting for #0xF000 at EL1; otherwise UNDEFINED (no halting debug), as QEMU. */
function hlt(c: A64Cpu, imm: number, nextLo: number, nextHi: number): void {
  if (imm !== 0xf000 || !c.semihosting || c.el === 0) c.undefinedInstruction();
  c.syncCycles();
  semihostingCall(c);
  c.pcLo = nextLo;
  c.pcHi = nextHi;
}

/** ERET: PC = ELR_EL1, PSTATE = SPSR_EL1; clears the local exclusive monitor. */
function eret(c: A64Cpu): void {
  if (c.el === 0) c.undefinedInstruction();
  const sys = c.sys;
  c.pcLo = sys[2 * Sys.ELR] >>> 0;
  c.pcHi = sys[2 * Sys.ELR + 1] >>> 0;
  c.exclusivePa = -1;
  c.restorePstate(sys[2 * Sys.SPSR] >>> 0);
}

/** MSR (immediate): SPSel, DAIFSet, DAIFClr. */
function msrImm(c: A64Cpu, op1: number, op2: number, crm: number): void {
  if (op1 === 0 && op2 === 5) {
    if (c.el === 0) c.undefinedInstruction();
    c.setElSpsel(c.el, crm & 1);
    return;
  }
  if (op1 === 3 && (op2 === 6 || op2 === 7)) {
    if (c.el === 0 && (c.sys[2 * Sys.SCTLR] & SCTLR_UMA) === 0) {
      c.trap(EC_SYSREG, (op2 << 17) | (op1 << 14) | (4 << 10) | (31 << 5) | (crm << 1));
    }
    if (op2 === 6) c.daif |= crm << 6;
    else c.daif &= ~(crm << 6);
    c.updateAttention();
    return;
  }
  c.undefinedInstruction();
}

/** SYS: data/instruction cache maintenance (no caches: no effect), DC ZVA, AT, TLBI. */
function sys(c: A64Cpu, insn: number): void {
  const l = (insn >>> 21) & 1;
  const op1 = (insn >>> 16) & 7;
  const crn = (insn >>> 12) & 15;
  const crm = (insn >>> 8) & 15;
  const op2 = (insn >>> 5) & 7;
  const rt = insn & 31;
  if (l) c.undefinedInstruction();
  const trapEl0 = (): void => {
    c.trap(EC_SYSREG, (1 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1));
  };
  if (crn === 7) {
    if (op1 === 3) {
      // EL0-accessible cache operations.
      if (crm === 4 && op2 === 1) {
        if (c.el === 0 && (c.sys[2 * Sys.SCTLR] & SCTLR_DZE) === 0) trapEl0();
        dcZva(c, rt);
        return;
      }
      if ((crm === 5 || crm === 10 || crm === 11 || crm === 12 || crm === 14) && op2 === 1) {
        if (c.el === 0 && (c.sys[2 * Sys.SCTLR] & SCTLR_UCI) === 0) trapEl0();
        return;
      }
      c.undefinedInstruction();
    }
    if (c.el === 0) c.undefinedInstruction();
    if (op1 === 0 && crm === 8 && op2 <= 3) {
      at(c, rt, op2);
      return;
    }
    if (op1 === 0 && ((crm === 1 && op2 === 0) || (crm === 5 && op2 === 0) || (crm === 6 && (op2 === 1 || op2 === 2)) || (crm === 10 && op2 === 2) || (crm === 14 && op2 === 2))) {
      return; // IC IALLU(IS), DC IVAC/ISW/CSW/CISW
    }
    c.undefinedInstruction();
  }
  if (crn === 8 && op1 === 0) {
    if (c.el === 0) c.undefinedInstruction();
    c.flushTlb(); // any TLBI: without ASID/VA tracking, drop everything
    return;
  }
  c.undefinedInstruction();
}

/** DC ZVA: zero the 64-byte block holding Xt. */
function dcZva(c: A64Cpu, rt: number): void {
  const lo = (rt === 31 ? 0 : c.x[2 * rt]) & ~63;
  const hi = rt === 31 ? 0 : c.x[2 * rt + 1];
  c.translateData(lo + 56, hi, 8, true, false); // fault before writing anything
  for (let i = 0; i < 64; i += 8) c.store64((lo + i) >>> 0, hi, 0, 0);
}

/** AT S1E1R/W, S1E0R/W: translate Xt and report in PAR_EL1. */
function at(c: A64Cpu, rt: number, op2: number): void {
  const lo = rt === 31 ? 0 : c.x[2 * rt];
  const hi = rt === 31 ? 0 : c.x[2 * rt + 1];
  const w = c.translateForAt(lo, hi, (op2 & 1) === 1, op2 >= 2 ? 0 : 1);
  const sys = c.sys;
  if (w.fault >= 0 || w.pa === -1) {
    // F = 1, FST, and bit 11 (RES1).
    sys[2 * Sys.PAR] = 0x801 | ((w.fault >= 0 ? w.fault : 0x10) << 1);
    sys[2 * Sys.PAR + 1] = 0;
    return;
  }
  // PA, NS (bit 9: no EL3, everything is non-secure), SH, bit 11 (RES1).
  sys[2 * Sys.PAR] = (w.pa & ~0xfff) | 0xa00 | (w.sh << 7);
  sys[2 * Sys.PAR + 1] = w.attr << 24;
}

/** DMB/DSB: reported to the race detector when it listens. */
function barrier(c: A64Cpu): void {
  const o = c.sync.observer;
  if (o !== null) o.barrier(c.index);
}

/** SEV: an event for every core (this one included). */
function sev(c: A64Cpu): void {
  for (const cpu of c.machine.cpus) {
    const other = cpu as unknown as { signalEvent?: () => void };
    if (typeof other.signalEvent === 'function') other.signalEvent();
  }
}

/**
 * NZCV as N<<3 | Z<<2 | C<<1 | V from a lazy flag state: `kind` and operands as generated code
 * keeps them (see `Flags` in translate/gen.ts).
 */
function nzcv(kind: number, a: number, ah: number, b: number, bh: number): number {
  switch (kind) {
    case 1: {
      const r = (a - b) | 0;
      return ((r >>> 31) << 3) | ((r === 0 ? 1 : 0) << 2) | (((a >>> 0) >= (b >>> 0) ? 1 : 0) << 1) | (((a ^ b) & (a ^ r)) >>> 31);
    }
    case 2: {
      const s = (a >>> 0) - (b >>> 0);
      const t = (ah >>> 0) - (bh >>> 0) - (s < 0 ? 1 : 0);
      const rl = s | 0;
      const rh = t | 0;
      return ((rh >>> 31) << 3) | (((rl | rh) === 0 ? 1 : 0) << 2) | ((t >= 0 ? 1 : 0) << 1) | (((ah ^ bh) & (ah ^ rh)) >>> 31);
    }
    case 3:
      return ((a >>> 31) << 3) | ((a === 0 ? 1 : 0) << 2);
    case 4:
      return ((ah >>> 31) << 3) | (((a | ah) === 0 ? 1 : 0) << 2);
    default:
      return 0;
  }
}

/**
 * Helpers called by generated block code as `H.name(...)`. One frozen object so that V8 sees a
 * stable shape and can inline the calls.
 */
export const RUNTIME = Object.freeze({
  nzcv,
  mul64,
  umull,
  smull,
  umulh,
  smulh,
  udiv64,
  sdiv64,
  shift64,
  rbit32,
  rev16,
  rev32,
  cls32,
  cls64,
  crc32,
  ldx,
  stx,
  ordered,
  cas,
  casp,
  atomic,
  svc,
  hvc,
  brk,
  hlt,
  eret,
  msrImm,
  sys,
  mrs,
  msr,
  sev,
  barrier,
});
