import type { A64Cpu } from './cpu.js';
import { EC_SYSREG } from './syndrome.js';
import { SCTLR_UCT, SCTLR_UMA, Sys } from './sysreg-slots.js';
import { COUNTER_HZ } from './timer.js';

/** Key of a system register: instruction bits [20:5] of MRS/MSR (op0:op1:CRn:CRm:op2). */
export function sysKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

/** Cortex-A57 identification, as QEMU models it, with the features this core implements. */
export const MIDR_CORTEX_A57 = 0x411fd070;
const CTR_EL0 = 0x8444c004;
const CLIDR_EL1 = 0x0a200023;
const CCSIDR = [0x701fe00a, 0x201fe012, 0x70ffe07a];
/*
 * The AArch64 feature registers read exactly as on QEMU 7.2's cortex-a57 with EL2/EL3 absent
 * (recorded by spec/fixtures/aarch64/probe.S), so that programs probing features take the same
 * paths as under QEMU. Where they claim more than this core implements it is said here:
 * PFR0 advertises AArch32 at EL0/EL1 (this core runs AArch64 only; an ERET to AArch32 is an
 * illegal return); MMFR0 advertises the 64 KiB granule and mixed endianness (only 4 KiB and
 * little-endian are implemented); ISAR0 advertises AES/PMULL/SHA1/SHA2 (up to the FP/SIMD
 * module) and CRC32. The `lse` option adds Atomic = 2.
 */
const ID_AA64PFR0 = 0x00000022;
const ID_AA64DFR0 = 0x10305106;
const ID_AA64ISAR0 = 0x00011120;
const ID_AA64ISAR0_ATOMIC = 0x00200000;
const ID_AA64MMFR0 = 0x00001124;
/** DC ZVA block: 2^4 words = 64 bytes. */
const DCZID = 4;

const enum R {
  MIDR = (3 << 14) | (0 << 11) | (0 << 7) | (0 << 3) | 0,
  MPIDR = (3 << 14) | (0 << 7) | 5,
  REVIDR = (3 << 14) | 6,
  CTR = (3 << 14) | (3 << 11) | 1,
  DCZID = (3 << 14) | (3 << 11) | 7,
  CLIDR = (3 << 14) | (1 << 11) | 1,
  CCSIDR = (3 << 14) | (1 << 11) | 0,
  AIDR = (3 << 14) | (1 << 11) | 7,
  CSSELR = (3 << 14) | (2 << 11) | 0,
  SCTLR = (3 << 14) | (1 << 7) | 0,
  ACTLR = (3 << 14) | (1 << 7) | 1,
  CPACR = (3 << 14) | (1 << 7) | 2,
  TTBR0 = (3 << 14) | (2 << 7) | 0,
  TTBR1 = (3 << 14) | (2 << 7) | 1,
  TCR = (3 << 14) | (2 << 7) | 2,
  SPSR = (3 << 14) | (4 << 7) | 0,
  ELR = (3 << 14) | (4 << 7) | 1,
  SP_EL0 = (3 << 14) | (4 << 7) | (1 << 3) | 0,
  SPSEL = (3 << 14) | (4 << 7) | (2 << 3) | 0,
  CURRENTEL = (3 << 14) | (4 << 7) | (2 << 3) | 2,
  NZCV = (3 << 14) | (3 << 11) | (4 << 7) | (2 << 3) | 0,
  DAIF = (3 << 14) | (3 << 11) | (4 << 7) | (2 << 3) | 1,
  FPCR = (3 << 14) | (3 << 11) | (4 << 7) | (4 << 3) | 0,
  FPSR = (3 << 14) | (3 << 11) | (4 << 7) | (4 << 3) | 1,
  AFSR0 = (3 << 14) | (5 << 7) | (1 << 3) | 0,
  AFSR1 = (3 << 14) | (5 << 7) | (1 << 3) | 1,
  ESR = (3 << 14) | (5 << 7) | (2 << 3) | 0,
  FAR = (3 << 14) | (6 << 7) | 0,
  PAR = (3 << 14) | (7 << 7) | (4 << 3) | 0,
  MAIR = (3 << 14) | (10 << 7) | (2 << 3) | 0,
  AMAIR = (3 << 14) | (10 << 7) | (3 << 3) | 0,
  VBAR = (3 << 14) | (12 << 7) | 0,
  ISR = (3 << 14) | (12 << 7) | (1 << 3) | 0,
  CONTEXTIDR = (3 << 14) | (13 << 7) | 1,
  TPIDR_EL1 = (3 << 14) | (13 << 7) | 4,
  TPIDR_EL0 = (3 << 14) | (3 << 11) | (13 << 7) | 2,
  TPIDRRO_EL0 = (3 << 14) | (3 << 11) | (13 << 7) | 3,
  CNTKCTL = (3 << 14) | (14 << 7) | (1 << 3) | 0,
  CNTFRQ = (3 << 14) | (3 << 11) | (14 << 7) | 0,
  CNTPCT = (3 << 14) | (3 << 11) | (14 << 7) | 1,
  CNTVCT = (3 << 14) | (3 << 11) | (14 << 7) | 2,
  CNTP_TVAL = (3 << 14) | (3 << 11) | (14 << 7) | (2 << 3) | 0,
  CNTP_CTL = (3 << 14) | (3 << 11) | (14 << 7) | (2 << 3) | 1,
  CNTP_CVAL = (3 << 14) | (3 << 11) | (14 << 7) | (2 << 3) | 2,
  CNTV_TVAL = (3 << 14) | (3 << 11) | (14 << 7) | (3 << 3) | 0,
  CNTV_CTL = (3 << 14) | (3 << 11) | (14 << 7) | (3 << 3) | 1,
  CNTV_CVAL = (3 << 14) | (3 << 11) | (14 << 7) | (3 << 3) | 2,
  MDSCR = (2 << 14) | (0 << 7) | (2 << 3) | 2,
  MDCCINT = (2 << 14) | (0 << 7) | (2 << 3) | 0,
  OSLAR = (2 << 14) | (1 << 7) | (0 << 3) | 4,
  OSLSR = (2 << 14) | (1 << 7) | (1 << 3) | 4,
  OSDLR = (2 << 14) | (1 << 7) | (3 << 3) | 4,
  DBGPRCR = (2 << 14) | (1 << 7) | (4 << 3) | 4,
  MDCCSR_EL0 = (2 << 14) | (3 << 11) | (0 << 7) | (1 << 3) | 0,
  PMCR = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 0,
  PMCNTENSET = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 1,
  PMCNTENCLR = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 2,
  PMOVSCLR = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 3,
  PMSWINC = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 4,
  PMSELR = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 5,
  PMCEID0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 6,
  PMCEID1 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 7,
  PMCCNTR = (3 << 14) | (3 << 11) | (9 << 7) | (13 << 3) | 0,
  PMXEVTYPER = (3 << 14) | (3 << 11) | (9 << 7) | (13 << 3) | 1,
  PMXEVCNTR = (3 << 14) | (3 << 11) | (9 << 7) | (13 << 3) | 2,
  PMUSERENR = (3 << 14) | (3 << 11) | (9 << 7) | (14 << 3) | 0,
  PMINTENSET = (3 << 14) | (9 << 7) | (14 << 3) | 1,
  PMINTENCLR = (3 << 14) | (9 << 7) | (14 << 3) | 2,
  PMOVSSET = (3 << 14) | (3 << 11) | (9 << 7) | (14 << 3) | 3,
  PMCCFILTR = (3 << 14) | (3 << 11) | (14 << 7) | (15 << 3) | 7,
}

/** Registers stored as plain 64-bit values, read/write at EL1. */
const PLAIN: [number, Sys][] = [
  [R.ACTLR, Sys.ACTLR],
  [R.SPSR, Sys.SPSR],
  [R.ELR, Sys.ELR],
  [R.AFSR0, Sys.AFSR0],
  [R.AFSR1, Sys.AFSR1],
  [R.ESR, Sys.ESR],
  [R.FAR, Sys.FAR],
  [R.PAR, Sys.PAR],
  [R.AMAIR, Sys.AMAIR],
  [R.CONTEXTIDR, Sys.CONTEXTIDR],
  [R.TPIDR_EL1, Sys.TPIDR_EL1],
  [R.CNTKCTL, Sys.CNTKCTL],
  [R.CSSELR, Sys.CSSELR],
  [R.MDSCR, Sys.MDSCR],
  [R.MDCCINT, Sys.MDCCINT],
  [R.OSDLR, Sys.OSDLR],
  [R.PMSELR, Sys.PMSELR],
  [R.PMCCFILTR, Sys.PMCCFILTR],
];
const PLAIN_MAP = new Map(PLAIN);
/** Writes to these change translation: the TLB is flushed. */
const TRANSLATION = new Set<number>([R.SCTLR, R.TTBR0, R.TTBR1, R.TCR, R.MAIR]);
const TRANSLATION_SLOT = new Map<number, Sys>([
  [R.SCTLR, Sys.SCTLR],
  [R.TTBR0, Sys.TTBR0],
  [R.TTBR1, Sys.TTBR1],
  [R.TCR, Sys.TCR],
  [R.MAIR, Sys.MAIR],
]);

let outLo = 0;
let outHi = 0;

function iss(key: number, rt: number, read: boolean): number {
  const op0 = key >> 14;
  const op1 = (key >> 11) & 7;
  const crn = (key >> 7) & 15;
  const crm = (key >> 3) & 15;
  const op2 = key & 7;
  return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1 : 0);
}

/** EL0 access check for op1 = 3 registers that a control bit may allow. Throws when trapped. */
function checkEl0(c: A64Cpu, key: number, rt: number, read: boolean): void {
  if (c.el !== 0) return;
  const op1 = (key >> 11) & 7;
  if (op1 !== 3) c.undefinedInstruction();
  const sctlr = c.sys[2 * Sys.SCTLR];
  const kctl = c.sys[2 * Sys.CNTKCTL];
  let allowed = true;
  switch (key) {
    case R.CTR:
      allowed = (sctlr & SCTLR_UCT) !== 0;
      break;
    case R.DAIF:
      allowed = (sctlr & SCTLR_UMA) !== 0;
      break;
    case R.CNTFRQ:
      allowed = (kctl & 3) !== 0;
      break;
    case R.CNTPCT:
      allowed = (kctl & 1) !== 0;
      break;
    case R.CNTVCT:
      allowed = (kctl & 2) !== 0;
      break;
    case R.CNTP_TVAL:
    case R.CNTP_CTL:
    case R.CNTP_CVAL:
      allowed = (kctl & (1 << 9)) !== 0;
      break;
    case R.CNTV_TVAL:
    case R.CNTV_CTL:
    case R.CNTV_CVAL:
      allowed = (kctl & (1 << 8)) !== 0;
      break;
    default:
      if (((key >> 7) & 15) === 9 || key === R.PMCCFILTR) allowed = (c.sys[2 * Sys.PMUSERENR] & 1) !== 0;
  }
  if (!allowed) c.trap(EC_SYSREG, iss(key, rt, read));
}

/** Cycle counter: PMCCNTR counts executed cycles while PMCR.E and PMCNTENSET.C are set. */
function pmccntr(c: A64Cpu): number {
  c.syncCycles();
  return c.cycles + c.pmccntrOffset;
}

function read(c: A64Cpu, key: number): boolean {
  const sys = c.sys;
  const slot = PLAIN_MAP.get(key) ?? TRANSLATION_SLOT.get(key);
  if (slot !== undefined) {
    outLo = sys[2 * slot];
    outHi = sys[2 * slot + 1];
    return true;
  }
  outHi = 0;
  switch (key) {
    case R.MIDR:
      outLo = MIDR_CORTEX_A57;
      return true;
    case R.MPIDR:
      outLo = 0x80000000 | (c.index & 0xff);
      return true;
    case R.REVIDR:
    case R.AIDR:
      outLo = 0;
      return true;
    case R.CTR:
      outLo = CTR_EL0;
      return true;
    case R.DCZID:
      outLo = DCZID;
      return true;
    case R.CLIDR:
      outLo = CLIDR_EL1;
      return true;
    case R.CCSIDR:
      outLo = CCSIDR[sys[2 * Sys.CSSELR] & 0xf] ?? 0;
      return true;
    case R.CPACR:
      outLo = sys[2 * Sys.CPACR];
      return true;
    case R.SP_EL0:
      if (c.el === 1 && c.spsel === 0) return false;
      outLo = c.readBankedSp(0);
      outHi = c.rh;
      return true;
    case R.SPSEL:
      outLo = c.spsel;
      return true;
    case R.CURRENTEL:
      outLo = c.el << 2;
      return true;
    case R.NZCV:
      outLo = (c.nf << 31) | (c.zf << 30) | (c.cf << 29) | (c.vf << 28);
      return true;
    case R.DAIF:
      outLo = c.daif;
      return true;
    case R.FPCR:
    case R.FPSR:
      if (c.fpTrapped) c.fpAccessTrap();
      outLo = key === R.FPCR ? c.fpcr : c.fpsr;
      return true;
    case R.MAIR:
      outLo = sys[2 * Sys.MAIR];
      outHi = sys[2 * Sys.MAIR + 1];
      return true;
    case R.VBAR:
      outLo = sys[2 * Sys.VBAR];
      outHi = sys[2 * Sys.VBAR + 1];
      return true;
    case R.ISR:
      outLo = (c.serrorPending ? 0x100 : 0) | (c.irqLevel ? 0x80 : 0) | (c.fiqLevel ? 0x40 : 0);
      return true;
    case R.TPIDR_EL0:
    case R.TPIDRRO_EL0: {
      const s = key === R.TPIDR_EL0 ? Sys.TPIDR_EL0 : Sys.TPIDRRO_EL0;
      outLo = sys[2 * s];
      outHi = sys[2 * s + 1];
      return true;
    }
    case R.CNTFRQ:
      outLo = COUNTER_HZ;
      return true;
    case R.CNTPCT:
    case R.CNTVCT: {
      const n = c.timer.count();
      outLo = n >>> 0;
      outHi = Math.floor(n / 4294967296) | 0;
      return true;
    }
    case R.CNTP_CTL:
    case R.CNTV_CTL:
      outLo = c.timer.readCtl(key === R.CNTP_CTL ? 0 : 1);
      return true;
    case R.CNTP_CVAL:
    case R.CNTV_CVAL: {
      const v = c.timer.readCval(key === R.CNTP_CVAL ? 0 : 1);
      outLo = v >>> 0;
      outHi = Math.floor(v / 4294967296) | 0;
      return true;
    }
    case R.CNTP_TVAL:
    case R.CNTV_TVAL:
      // TVAL is a signed 32-bit view; bits [63:32] read as zero.
      outLo = c.timer.readTval(key === R.CNTP_TVAL ? 0 : 1);
      return true;
    case R.OSLSR:
      outLo = sys[2 * Sys.OSLSR];
      return true;
    case R.MDCCSR_EL0:
    case R.DBGPRCR:
      outLo = 0;
      return true;
    case R.PMCR:
      outLo = sys[2 * Sys.PMCR];
      return true;
    case R.PMCNTENSET:
    case R.PMCNTENCLR:
      outLo = sys[2 * Sys.PMCNTEN];
      return true;
    case R.PMOVSCLR:
    case R.PMOVSSET:
      outLo = sys[2 * Sys.PMOVS];
      return true;
    case R.PMINTENSET:
    case R.PMINTENCLR:
      outLo = sys[2 * Sys.PMINTEN];
      return true;
    case R.PMUSERENR:
      outLo = sys[2 * Sys.PMUSERENR];
      return true;
    case R.PMCEID0:
    case R.PMCEID1:
    case R.PMXEVTYPER:
    case R.PMXEVCNTR:
      outLo = 0;
      return true;
    case R.PMCCNTR: {
      const v = pmccntr(c);
      outLo = v >>> 0;
      outHi = Math.floor(v / 4294967296) | 0;
      return true;
    }
  }
  // Remaining ID register space (op0=3, op1=0, CRn=0, CRm=1..7) reads as zero, except the
  // AArch64 feature registers above.
  if (key >> 7 === 384 && ((key >> 3) & 15) >= 1) {
    const crm = (key >> 3) & 15;
    const op2 = key & 7;
    if (crm === 4 && op2 === 0) outLo = ID_AA64PFR0;
    else if (crm === 5 && op2 === 0) outLo = ID_AA64DFR0;
    else if (crm === 6 && op2 === 0) outLo = ID_AA64ISAR0 | (c.lse ? ID_AA64ISAR0_ATOMIC : 0);
    else if (crm === 7 && op2 === 0) outLo = ID_AA64MMFR0;
    else outLo = 0;
    return true;
  }
  // Debug breakpoint/watchpoint registers: RAZ (never trigger).
  if (key >> 14 === 2 && ((key >> 11) & 7) === 0 && ((key >> 7) & 15) === 0 && (key & 7) >= 4) {
    outLo = 0;
    return true;
  }
  // PMU event counters/types: RAZ.
  if (key >> 14 === 3 && ((key >> 11) & 7) === 3 && ((key >> 7) & 15) === 14 && ((key >> 3) & 15) >= 8) {
    outLo = 0;
    return true;
  }
  return false;
}

function write(c: A64Cpu, key: number, lo: number, hi: number): boolean {
  const sys = c.sys;
  const plain = PLAIN_MAP.get(key);
  if (plain !== undefined) {
    sys[2 * plain] = lo;
    sys[2 * plain + 1] = hi;
    return true;
  }
  if (TRANSLATION.has(key)) {
    const slot = TRANSLATION_SLOT.get(key)!;
    sys[2 * slot] = lo;
    sys[2 * slot + 1] = key === R.SCTLR ? 0 : hi;
    c.flushTlb();
    return true;
  }
  switch (key) {
    case R.CPACR:
      sys[2 * Sys.CPACR] = lo & (3 << 20);
      c.updateFpTrap();
      return true;
    case R.SP_EL0:
      if (c.el === 1 && c.spsel === 0) return false;
      c.writeBankedSp(0, lo, hi);
      return true;
    case R.SPSEL:
      c.setElSpsel(c.el, lo & 1);
      return true;
    case R.NZCV:
      c.nf = (lo >>> 31) & 1;
      c.zf = (lo >>> 30) & 1;
      c.cf = (lo >>> 29) & 1;
      c.vf = (lo >>> 28) & 1;
      return true;
    case R.DAIF:
      c.daif = lo & 0x3c0;
      c.updateAttention();
      return true;
    case R.FPCR:
      if (c.fpTrapped) c.fpAccessTrap();
      c.fpcr = lo & 0x07ff9f00;
      return true;
    case R.FPSR:
      if (c.fpTrapped) c.fpAccessTrap();
      c.fpsr = lo & 0xf800009f;
      return true;
    case R.VBAR:
      sys[2 * Sys.VBAR] = lo & ~0x7ff;
      sys[2 * Sys.VBAR + 1] = hi;
      return true;
    case R.TPIDR_EL0:
      sys[2 * Sys.TPIDR_EL0] = lo;
      sys[2 * Sys.TPIDR_EL0 + 1] = hi;
      return true;
    case R.TPIDRRO_EL0:
      if (c.el === 0) return false;
      sys[2 * Sys.TPIDRRO_EL0] = lo;
      sys[2 * Sys.TPIDRRO_EL0 + 1] = hi;
      return true;
    case R.CNTP_CTL:
    case R.CNTV_CTL:
      c.timer.writeCtl(key === R.CNTP_CTL ? 0 : 1, lo);
      return true;
    case R.CNTP_CVAL:
    case R.CNTV_CVAL:
      c.timer.writeCval(key === R.CNTP_CVAL ? 0 : 1, lo, hi);
      return true;
    case R.CNTP_TVAL:
    case R.CNTV_TVAL:
      c.timer.writeTval(key === R.CNTP_TVAL ? 0 : 1, lo);
      return true;
    case R.OSLAR:
      sys[2 * Sys.OSLSR] = (sys[2 * Sys.OSLSR] & ~2) | ((lo & 1) << 1);
      return true;
    case R.DBGPRCR:
      return true;
    case R.PMCR:
      c.syncCycles();
      if (lo & 4) c.pmccntrOffset = -c.cycles; // C: reset the cycle counter
      sys[2 * Sys.PMCR] = (sys[2 * Sys.PMCR] & ~0x7f) | (lo & 0x79);
      return true;
    case R.PMCNTENSET:
      sys[2 * Sys.PMCNTEN] |= lo;
      return true;
    case R.PMCNTENCLR:
      sys[2 * Sys.PMCNTEN] &= ~lo;
      return true;
    case R.PMOVSSET:
      sys[2 * Sys.PMOVS] |= lo;
      return true;
    case R.PMOVSCLR:
      sys[2 * Sys.PMOVS] &= ~lo;
      return true;
    case R.PMINTENSET:
      sys[2 * Sys.PMINTEN] |= lo;
      return true;
    case R.PMINTENCLR:
      sys[2 * Sys.PMINTEN] &= ~lo;
      return true;
    case R.PMUSERENR:
      sys[2 * Sys.PMUSERENR] = lo & 0xf;
      return true;
    case R.PMSWINC:
    case R.PMXEVTYPER:
    case R.PMXEVCNTR:
      return true;
    case R.PMCCNTR:
      c.syncCycles();
      c.pmccntrOffset = (hi >>> 0) * 4294967296 + (lo >>> 0) - c.cycles;
      return true;
  }
  if (key >> 14 === 2 && ((key >> 11) & 7) === 0 && ((key >> 7) & 15) === 0 && (key & 7) >= 4) return true;
  if (key >> 14 === 3 && ((key >> 11) & 7) === 3 && ((key >> 7) & 15) === 14 && ((key >> 3) & 15) >= 8) return true;
  return false;
}

/** MRS Xt, <sysreg>. Undefined or trapped accesses raise the exception (and throw). */
export function mrs(c: A64Cpu, key: number, rt: number): void {
  checkEl0(c, key, rt, true);
  if (!read(c, key)) c.undefinedInstruction();
  if (rt !== 31) {
    c.x[2 * rt] = outLo;
    c.x[2 * rt + 1] = outHi;
  }
}

/** MSR <sysreg>, Xt. */
export function msr(c: A64Cpu, key: number, rt: number): void {
  checkEl0(c, key, rt, false);
  const lo = rt === 31 ? 0 : c.x[2 * rt];
  const hi = rt === 31 ? 0 : c.x[2 * rt + 1];
  if (!write(c, key, lo, hi)) c.undefinedInstruction();
}
