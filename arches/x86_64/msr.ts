/**
 * Model-specific registers, as QEMU 7.2's TCG helpers implement them: the SYSCALL/SYSENTER
 * set, FS/GS/KERNEL_GS base, PAT, MTRRs, TSC_AUX, MISC_ENABLE, the machine-check banks, the
 * microcode revision. Like QEMU 7.2, an MSR it does not know reads as 0 and ignores writes (no
 * #GP; measured, see docs/arch-x86_64.md). EFER and IA32_APIC_BASE are handled by the core
 * and the local APIC.
 * @module
 */

/** Machine-check banks (MCG_CAP[7:0]). */
const MCE_BANKS = 10;

/** MSR numbers the core knows. */
export const enum Msr {
  TSC = 0x10,
  APIC_BASE = 0x1b,
  FEATURE_CONTROL = 0x3a,
  SMI_COUNT = 0x34,
  UCODE_REV = 0x8b,
  MTRRCAP = 0xfe,
  SYSENTER_CS = 0x174,
  SYSENTER_ESP = 0x175,
  SYSENTER_EIP = 0x176,
  MCG_CAP = 0x179,
  MCG_STATUS = 0x17a,
  MCG_CTL = 0x17b,
  PERF_STATUS = 0x198,
  MISC_ENABLE = 0x1a0,
  MTRR_PHYS_BASE0 = 0x200,
  MTRR_FIX64K = 0x250,
  MTRR_FIX16K_80000 = 0x258,
  MTRR_FIX16K_A0000 = 0x259,
  MTRR_FIX4K_C0000 = 0x268,
  PAT = 0x277,
  MTRR_DEF_TYPE = 0x2ff,
  MC0_CTL = 0x400,
  EFER = 0xc0000080,
  STAR = 0xc0000081,
  LSTAR = 0xc0000082,
  CSTAR = 0xc0000083,
  FMASK = 0xc0000084,
  FS_BASE = 0xc0000100,
  GS_BASE = 0xc0000101,
  KERNEL_GS_BASE = 0xc0000102,
  TSC_AUX = 0xc0000103,
  VM_HSAVE_PA = 0xc0010117,
}

/** 64-bit MSR values as (lo, hi) pairs in one Int32Array per group. */
export class MsrState {
  sysenterCs = 0;
  readonly sysenterEsp = new Int32Array(2);
  readonly sysenterEip = new Int32Array(2);
  readonly star = new Int32Array(2);
  readonly lstar = new Int32Array(2);
  readonly cstar = new Int32Array(2);
  readonly fmask = new Int32Array(2);
  readonly kernelGsBase = new Int32Array(2);
  readonly pat = new Int32Array(2);
  readonly vmHsave = new Int32Array(2);
  tscAux = 0;
  readonly miscEnable = new Int32Array(2);
  /** Variable MTRRs: base/mask pairs, 8 of each, as lo/hi. */
  readonly mtrrVar = new Int32Array(32);
  /** Fixed MTRRs: 64K, 16K x2, 4K x8. */
  readonly mtrrFixed = new Int32Array(22);
  readonly mtrrDefType = new Int32Array(2);
  readonly mcgStatus = new Int32Array(2);
  readonly mcgCtl = new Int32Array(2);
  readonly mceBanks = new Int32Array(MCE_BANKS * 4 * 2);
  smiCount = 0;
  /** TSC = cycles + offset (a TSC write moves the offset). */
  tscOffset = 0;

  /** What SeaBIOS programs before it starts a kernel (measured on QEMU 7.2 pc, up to 2 GiB of RAM). */
  bootFirmware(): void {
    this.mtrrVar.fill(0);
    this.mtrrVar[0] = 0x80000000 | 0; // PHYSBASE0: 2 GiB, uncachable
    this.mtrrVar[2] = 0x80000800 | 0; // PHYSMASK0: 2 GiB, valid
    this.mtrrVar[3] = 0xff;
    for (let k = 0; k < 4; k++) this.mtrrFixed[k] = 0x06060606; // 64K and 16K_80000: write-back
    this.mtrrFixed[4] = this.mtrrFixed[5] = 0; // 16K_A0000: uncachable (VGA)
    for (let k = 6; k < 22; k++) this.mtrrFixed[k] = 0x05050505; // 4K C0000-FFFFF: write-protect
    this.mtrrDefType[0] = 0xc06; // enabled, fixed enabled, default write-back
    this.mtrrDefType[1] = 0;
    this.smiCount = 0xb;
  }

  /** Values at power-on/INIT (QEMU x86_cpu_reset). */
  reset(init: boolean): void {
    this.sysenterCs = 0;
    this.sysenterEsp.fill(0);
    this.sysenterEip.fill(0);
    this.star.fill(0);
    this.lstar.fill(0);
    this.cstar.fill(0);
    this.fmask.fill(0);
    this.kernelGsBase.fill(0);
    this.pat[0] = 0x00070406;
    this.pat[1] = 0x00070406;
    this.vmHsave.fill(0);
    this.tscAux = 0;
    this.miscEnable[0] = 1; // fast strings, as QEMU's MSR_IA32_MISC_ENABLE_DEFAULT
    this.miscEnable[1] = 0;
    if (!init) {
      this.mtrrVar.fill(0);
      this.mtrrFixed.fill(0);
      this.mtrrDefType.fill(0);
      this.smiCount = 0;
      this.tscOffset = 0;
    }
    this.mcgStatus.fill(0);
    this.mcgCtl.fill(-1);
    this.mceBanks.fill(0);
    for (let b = 0; b < MCE_BANKS; b++) {
      this.mceBanks[8 * b] = -1;
      this.mceBanks[8 * b + 1] = -1;
    }
  }
}

/** What RDMSR/WRMSR need of the core besides `MsrState`. */
export interface MsrHost {
  readonly msr: MsrState;
  efer: number;
  readonly segBase: Int32Array;
  readonly segBaseHi: Int32Array;
  cycles: number;
  readonly lapic?: { readonly baseMsr: number; writeBaseMsr(lo: number, hi: number): boolean };
  /** EFER changed (LMA, NXE, SCE): recompute mode and flush what depends on it. */
  eferChanged(): void;
}

/** 64-bit MSR group access by number: sets `slotIndex` and returns the Int32Array, or undefined. */
let slotIndex = 0;
function slot(a: Int32Array, i: number): Int32Array {
  slotIndex = i;
  return a;
}
function pairOf(m: MsrState, n: number): Int32Array | undefined {
  switch (n) {
    case Msr.SYSENTER_ESP: return slot(m.sysenterEsp, 0);
    case Msr.SYSENTER_EIP: return slot(m.sysenterEip, 0);
    case Msr.STAR: return slot(m.star, 0);
    case Msr.LSTAR: return slot(m.lstar, 0);
    case Msr.CSTAR: return slot(m.cstar, 0);
    case Msr.FMASK: return slot(m.fmask, 0);
    case Msr.KERNEL_GS_BASE: return slot(m.kernelGsBase, 0);
    case Msr.PAT: return slot(m.pat, 0);
    case Msr.VM_HSAVE_PA: return slot(m.vmHsave, 0);
    case Msr.MISC_ENABLE: return slot(m.miscEnable, 0);
    case Msr.MTRR_DEF_TYPE: return slot(m.mtrrDefType, 0);
    case Msr.MCG_STATUS: return slot(m.mcgStatus, 0);
    case Msr.MTRR_FIX64K: return slot(m.mtrrFixed, 0);
    case Msr.MTRR_FIX16K_80000: return slot(m.mtrrFixed, 2);
    case Msr.MTRR_FIX16K_A0000: return slot(m.mtrrFixed, 4);
  }
  if (n >= Msr.MTRR_PHYS_BASE0 && n < Msr.MTRR_PHYS_BASE0 + 16) return slot(m.mtrrVar, 2 * (n - Msr.MTRR_PHYS_BASE0));
  if (n >= Msr.MTRR_FIX4K_C0000 && n < Msr.MTRR_FIX4K_C0000 + 8) return slot(m.mtrrFixed, 6 + 2 * (n - Msr.MTRR_FIX4K_C0000));
  return undefined;
}

const pair = [0, 0];
function ret(lo: number, hi: number): readonly number[] {
  pair[0] = lo >>> 0;
  pair[1] = hi >>> 0;
  return pair;
}

/** RDMSR: [lo, hi] (unsigned; a shared array). */
export function readMsr(h: MsrHost, n: number): readonly number[] {
  const m = h.msr;
  n = n >>> 0;
  const p = pairOf(m, n);
  if (p) return ret(p[slotIndex], p[slotIndex + 1]);
  switch (n) {
    case Msr.SYSENTER_CS: return ret(m.sysenterCs, 0);
    case Msr.APIC_BASE: {
      const b = h.lapic ? h.lapic.baseMsr : 0;
      return ret(b >>> 0, Math.floor(b / 4294967296) >>> 0);
    }
    case Msr.EFER: return ret(h.efer >>> 0, 0);
    case Msr.FS_BASE: return ret(h.segBase[4] >>> 0, h.segBaseHi[4] >>> 0);
    case Msr.GS_BASE: return ret(h.segBase[5] >>> 0, h.segBaseHi[5] >>> 0);
    case Msr.TSC_AUX: return ret(m.tscAux >>> 0, 0);
    case Msr.SMI_COUNT: return ret(m.smiCount >>> 0, 0);
    case Msr.PERF_STATUS: return ret(1000, 4 << 8);
    case Msr.MTRRCAP: return ret(0x508, 0); // 8 variable ranges, fixed ranges, write-combining
    case Msr.MCG_CAP: return ret(0x0100010a, 0);
    case Msr.MCG_CTL: return ret(m.mcgCtl[0] >>> 0, m.mcgCtl[1] >>> 0);
    case Msr.UCODE_REV: return ret(0x01000065, 0);
  }
  if (n >= Msr.MC0_CTL && n < Msr.MC0_CTL + 4 * MCE_BANKS) {
    const i = 2 * (n - Msr.MC0_CTL);
    return ret(m.mceBanks[i] >>> 0, m.mceBanks[i + 1] >>> 0);
  }
  // QEMU 7.2 has no case for the TSC MSR (RDTSC is the way to read it) nor for unknown MSRs: 0.
  return ret(0, 0);
}

/** CPUID 0x80000001 EDX/ECX bits that make EFER bits writable (QEMU's update mask). */
const EFER_WRITABLE = 0x1 | 0x100 | 0x800 | 0x1000; // SCE (SYSCALL), LME (LM), NXE (NX), SVME (SVM)

/** WRMSR. Returns false when the write must raise #GP(0). */
export function writeMsr(h: MsrHost, n: number, lo: number, hi: number): boolean {
  const m = h.msr;
  n = n >>> 0;
  const p = pairOf(m, n);
  if (p) {
    p[slotIndex] = lo;
    p[slotIndex + 1] = hi;
    return true;
  }
  switch (n) {
    case Msr.SYSENTER_CS:
      m.sysenterCs = lo & 0xffff;
      return true;
    case Msr.APIC_BASE:
      return h.lapic ? h.lapic.writeBaseMsr(lo >>> 0, hi >>> 0) : true;
    case Msr.EFER:
      h.efer = (h.efer & ~EFER_WRITABLE) | (lo & EFER_WRITABLE);
      h.eferChanged();
      return true;
    case Msr.FS_BASE:
      h.segBase[4] = lo;
      h.segBaseHi[4] = hi;
      return true;
    case Msr.GS_BASE:
      h.segBase[5] = lo;
      h.segBaseHi[5] = hi;
      return true;
    case Msr.TSC_AUX:
      m.tscAux = lo;
      return true;
    case Msr.MCG_CTL:
      if ((lo === 0 && hi === 0) || (lo === -1 && hi === -1)) {
        m.mcgCtl[0] = lo;
        m.mcgCtl[1] = hi;
      }
      return true;
  }
  if (n >= Msr.MC0_CTL && n < Msr.MC0_CTL + 4 * MCE_BANKS) {
    const off = n - Msr.MC0_CTL;
    if ((off & 3) !== 0 || (lo === 0 && hi === 0) || (lo === -1 && hi === -1)) {
      m.mceBanks[2 * off] = lo;
      m.mceBanks[2 * off + 1] = hi;
    }
    return true;
  }
  return true; // QEMU 7.2 ignores writes to MSRs it does not know
}
