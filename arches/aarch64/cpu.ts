import type { CpuContext, RegisterFile, SavedState } from '../../src/api/index.js';
import { restoreA64, saveA64 } from './cpu-state.js';
import { CpuBase, SyncEvents } from '../../src/api/index.js';
import type { A64FpHost } from './fpsimd-contract.js';
import { GUEST_FAULT } from './guest-fault.js';
import { P_R0, P_R1, P_W0, P_W1, P_X0, P_X1, WalkResult, translate } from './mmu.js';
import { createRegisterFile } from './register-file.js';
import {
  EC_DABORT_LOWER,
  EC_DABORT_SAME,
  EC_FP_ACCESS,
  EC_IABORT_LOWER,
  EC_IABORT_SAME,
  EC_ILLEGAL_STATE,
  EC_PC_ALIGN,
  EC_UNKNOWN,
  ESR_IL,
  FSC_ADDRESS_SIZE,
  FSC_ALIGNMENT,
  FSC_EXTERNAL,
  FSC_PERMISSION,
  VEC_CURRENT_SP0,
  VEC_CURRENT_SPX,
  VEC_FIQ,
  VEC_IRQ,
  VEC_LOWER_A64,
  VEC_SERROR,
  EC_SERROR,
  VEC_SYNC,
} from './syndrome.js';
import { SCTLR_A, SCTLR_RESET, Sys } from './sysreg-slots.js';
import { GenericTimer } from './timer.js';
import type { Block } from './translate/block.js';
import { compileBlock } from './translate/block.js';

/**
 * Cycles an exception entry costs (a pipeline flush and a vector fetch on a real core). Without
 * a cost a guest that only takes exceptions would hardly advance virtual time, and --max-time
 * would take far longer in wall time than for a guest that executes instructions.
 */
export const EXCEPTION_ENTRY_CYCLES = 32;

const TLB_BITS = 8;
const TLB_SIZE = 1 << TLB_BITS;
const TLB_MASK = TLB_SIZE - 1;
/** A tag no page-aligned address can have: marks a TLB entry empty. */
const TLB_EMPTY = 1;

/** One direct-mapped TLB for one access kind at one exception level. */
class TlbSet {
  readonly lo = new Int32Array(TLB_SIZE).fill(TLB_EMPTY);
  readonly hi = new Int32Array(TLB_SIZE);
  readonly pa = new Int32Array(TLB_SIZE);
  readonly dev = new Uint8Array(TLB_SIZE);
  flush(): void {
    this.lo.fill(TLB_EMPTY);
  }
}

/** Reasons a core sleeps. */
const enum Sleep {
  None,
  Wfi,
  Wfe,
}

/** Options from the board's `cpus[].options`. */
export interface A64Options {
  /** Instructions per translated block at most; 1 = single-step reference mode. Default 128. */
  blockLimit?: number;
  /** Honour semihosting calls (HLT #0xF000). Default false: QEMU needs -semihosting too. */
  semihosting?: boolean;
  /**
   * Fault unaligned accesses to Device memory (all data with the MMU off), as the architecture
   * says. QEMU 7.2 does not check memory-type alignment, so the default is false.
   */
  strictAlignment?: boolean;
  /**
   * Implement and advertise the ARMv8.1 LSE atomics (ID_AA64ISAR0.Atomic = 2). Cortex-A57 and
   * QEMU's model of it have none (the encodings are UNDEFINED), so the default is false.
   */
  lse?: boolean;
}

/**
 * An ARMv8-A AArch64 core (EL0 and EL1, no EL2/EL3), modelled on QEMU's `-cpu cortex-a57`.
 * Guest code is translated per block into JavaScript (see `translate/`); this class holds the
 * architectural state, the software TLB, the memory access helpers that generated code calls,
 * exception entry and the run loop.
 */
export class A64Cpu extends CpuBase implements A64FpHost {
  // ---- architectural state (hot) ----
  /** X0..X30, zero register (slot 31), SP (slot 32) as int32 pairs. See INTERNALS.md. */
  readonly x = new Int32Array(68);
  nf = 0;
  zf = 0;
  cf = 0;
  vf = 0;
  pcLo = 0;
  pcHi = 0;
  readonly vregs = new Uint32Array(128);
  readonly vbytes = new Uint8Array(this.vregs.buffer);
  readonly vhalf = new Uint16Array(this.vregs.buffer);
  readonly vf32 = new Float32Array(this.vregs.buffer);
  readonly vf64 = new Float64Array(this.vregs.buffer);
  fpcr = 0;
  fpsr = 0;
  /** Current exception level, 0 or 1. */
  el = 1;
  /** PSTATE.SP: 1 selects SP_EL1 at EL1. */
  spsel = 1;
  /** PSTATE.{D,A,I,F} in their SPSR bit positions (9..6). */
  daif = 0x3c0;
  /** PSTATE.IL: set by an illegal exception return. */
  illegal = 0;
  /** SP_EL0 and SP_EL1 while not in slot 32. */
  readonly spBank = new Int32Array(4);
  /** 64-bit system registers, see `Sys`. */
  readonly sys = new Int32Array(2 * Sys.COUNT);
  /** Bits [63:32] of the last load64, and scratch high word for helpers. */
  loadHi = 0;
  rh = 0;
  /** PMCCNTR_EL0 = cycles + this offset. */
  pmccntrOffset = 0;
  /** CPACR_EL1.FPEN denies FP/SIMD at the current EL. */
  fpTrapped = 1;
  /** Non-zero when something must be looked at before the next block (interrupt, PSTATE.IL). */
  attention = 0;
  irqLevel = 0;
  fiqLevel = 0;
  /** A physical SError (asynchronous abort) is pending until it is taken. */
  serrorPending = 0;
  /** WFE event register. */
  eventRegister = 0;
  sleeping: number = Sleep.None;
  /** Exclusive monitor: reserved physical granule (64 bytes) or -1, and reserved size. */
  exclusivePa = -1;
  exclusiveHi = 0;
  exclusiveLo = 0;

  // ---- TLB: active sets for the current EL ----
  private readonly tlbs: TlbSet[][] = [
    [new TlbSet(), new TlbSet(), new TlbSet()],
    [new TlbSet(), new TlbSet(), new TlbSet()],
  ];
  rLo!: Int32Array;
  rHi!: Int32Array;
  rPa!: Int32Array;
  rDev!: Uint8Array;
  wLo!: Int32Array;
  wHi!: Int32Array;
  wPa!: Int32Array;
  wDev!: Uint8Array;
  xLo!: Int32Array;
  xHi!: Int32Array;
  xPa!: Int32Array;
  private tlbEl = -1;
  private readonly walk = new WalkResult();

  // ---- decoded code ----
  private readonly codePages = new Map<number, (Block | undefined)[]>();
  private lastCodePage = -1;
  private lastCodeBlocks: (Block | undefined)[] | undefined;
  /** Where the running block started (to count instructions retired before a fault). */
  blockStartLo = 0;
  /** `cycles` when the running block started. */
  blockStartCycles = 0;
  /** True while a block executes (syncCycles only means something then). */
  inBlock = false;
  /** Instructions of the faulting block retired before the fault. */
  private faultRetired = 0;
  /**
   * Cycles owed beyond one per instruction (exception entry, semihosting transfers), added to
   * `cycles` by the run loop, so every guest step advances virtual time.
   */
  extraCycles = 0;
  readonly blockLimit: number;
  readonly semihosting: boolean;
  readonly strictAlignment: boolean;
  readonly lse: boolean;

  readonly memory;
  readonly timer: GenericTimer;
  readonly registers: RegisterFile;
  readonly machine;
  readonly log;

  /** Where barriers, atomics and taken interrupts are reported (the race detector listens). */
  readonly sync: SyncEvents;

  constructor(readonly context: CpuContext) {
    super(context, 'aarch64', true);
    this.sync = context.sync ?? new SyncEvents();
    this.memory = context.memory;
    this.machine = context.machine;
    this.log = context.log;
    const opts = context.options as A64Options;
    this.blockLimit = Math.max(1, Math.min(1024, Number(opts.blockLimit ?? 128)));
    this.semihosting = opts.semihosting === true;
    this.strictAlignment = opts.strictAlignment === true;
    this.lse = opts.lse === true;
    this.timer = new GenericTimer(this, context.scheduler, this.createOutput('cntp'), this.createOutput('cntv'));
    this.inputs.set('irq', (level) => this.setInterruptLine(0, level));
    this.inputs.set('fiq', (level) => this.setInterruptLine(1, level));
    // A rising edge on `serror` makes an asynchronous abort pending, as a bus reporting a failed write would.
    this.inputs.set('serror', (level) => {
      if (!level || this.serrorPending) return;
      this.serrorPending = 1;
      this.updateAttention();
      if (this.sleeping !== Sleep.None) this.wake();
    });
    this.memory.codeWriteHook = (address, size) => this.onCodeWrite(address, size);
    this.registers = createRegisterFile(this);
    this.resetState();
  }

  get pc(): number {
    return this.pcHi * 4294967296 + this.pcLo;
  }

  /** The scheduler's `now()` as the generated code and devices see it. */
  now(): number {
    return this.context.scheduler.now();
  }

  // ================= reset and power =================

  private resetState(): void {
    this.x.fill(0);
    this.vregs.fill(0);
    this.spBank.fill(0);
    this.sys.fill(0);
    this.sys[2 * Sys.SCTLR] = SCTLR_RESET;
    this.sys[2 * Sys.OSLSR] = 0xa; // OS lock implemented (OSLM) and set at reset (OSLK), as QEMU's A57
    this.sys[2 * Sys.PMCR] = 0x41013000; // IMP=0x41, IDCODE, N=6 counters (as QEMU's A57)
    this.nf = this.zf = this.cf = this.vf = 0;
    this.fpcr = 0;
    this.fpsr = 0;
    this.el = 1;
    this.spsel = 1;
    this.daif = 0x3c0;
    this.illegal = 0;
    this.serrorPending = 0;
    this.pcLo = 0;
    this.pcHi = 0;
    this.eventRegister = 0;
    this.sleeping = Sleep.None;
    this.exclusivePa = -1;
    this.extraCycles = 0;
    this.timer.reset();
    this.flushTlb();
    this.tlbEl = -1;
    this.selectTlb(1);
    this.updateFpTrap();
    this.updateAttention();
  }

  /** Snapshot state (see cpu-state.ts). */
  saveState(): SavedState {
    return { ...this.saveRunState(), ...saveA64(this) };
  }

  restoreState(state: SavedState): void {
    restoreA64(this, state);
    this.restoreRunState(state);
  }

  /** After a restore: caches dropped, derived flags recomputed, the exclusive monitor watched again. */
  afterRestore(): void {
    this.flushCode();
    this.flushTlb();
    this.tlbEl = -1;
    this.selectTlb(this.el);
    this.updateFpTrap();
    this.updateAttention();
    this.inBlock = false;
    if (this.exclusivePa !== -1) this.memory.markCode(this.exclusivePa, 1);
  }

  reset(start: boolean): void {
    this.resetState();
    this.setState(start ? 'running' : 'stopped');
  }

  setEntry(pc: number): void {
    this.pcLo = pc >>> 0;
    this.pcHi = Math.floor(pc / 4294967296) >>> 0;
  }

  /** PSCI CPU_ON: start at EL1h, MMU off, at `entry` with X0 = `context`. */
  powerOn(entry = 0, context = 0): void {
    this.resetState();
    this.setEntry(entry);
    this.x[0] = context | 0;
    this.x[1] = Math.floor(context / 4294967296) | 0;
    this.setState('running');
  }

  override powerOff(): void {
    this.sleeping = Sleep.None;
    this.setState('stopped');
  }

  // ================= interrupts, sleeping =================

  private setInterruptLine(which: number, level: number): void {
    const v = level ? 1 : 0;
    if (which === 0) this.irqLevel = v;
    else this.fiqLevel = v;
    this.updateAttention();
    if (v && this.sleeping !== Sleep.None) this.wake();
  }

  /** Recompute whether the run loop must stop to take an interrupt or an illegal-state trap. */
  updateAttention(): void {
    this.attention =
      (this.irqLevel && (this.daif & 0x80) === 0) ||
      (this.fiqLevel && (this.daif & 0x40) === 0) ||
      (this.serrorPending && (this.daif & 0x100) === 0) ||
      this.illegal
        ? 1
        : 0;
  }

  private wake(): void {
    this.sleeping = Sleep.None;
    if (this.state === 'idle') this.setState('running');
  }

  /** WFI: sleep unless an interrupt is already pending (masked or not). */
  waitForInterrupt(): void {
    if (this.irqLevel || this.fiqLevel || this.serrorPending) return;
    this.sleeping = Sleep.Wfi;
    this.setState('idle');
  }

  /** WFE: consume the event register or sleep until an event. */
  waitForEvent(): void {
    if (this.eventRegister) {
      this.eventRegister = 0;
      return;
    }
    if (this.irqLevel || this.fiqLevel || this.serrorPending) return;
    this.sleeping = Sleep.Wfe;
    this.setState('idle');
  }

  /** An event for WFE (SEV from any core, monitor cleared). */
  signalEvent(): void {
    this.eventRegister = 1;
    if (this.sleeping === Sleep.Wfe) {
      this.eventRegister = 0;
      this.wake();
    }
  }

  // ================= PSTATE helpers =================

  /** SPSR encoding of the current PSTATE. */
  pstate(): number {
    return (
      ((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28) | (this.illegal << 20) | this.daif | (this.el << 2) | this.spsel) >>>
      0
    );
  }

  /** Save slot 32 into the bank of the SP in use. */
  private saveSp(): void {
    const b = this.el === 0 || this.spsel === 0 ? 0 : 2;
    this.spBank[b] = this.x[64];
    this.spBank[b + 1] = this.x[65];
  }

  private loadSp(): void {
    const b = this.el === 0 || this.spsel === 0 ? 0 : 2;
    this.x[64] = this.spBank[b];
    this.x[65] = this.spBank[b + 1];
  }

  /** Change EL and/or SPSel, keeping SP banking, TLB selection and traps in step. */
  setElSpsel(el: number, spsel: number): void {
    if (el !== this.el && this.eventHook !== null) this.eventHook.modeChange(`EL${this.el}`, `EL${el}`);
    this.saveSp();
    this.el = el;
    this.spsel = spsel;
    this.loadSp();
    this.selectTlb(el);
    this.updateFpTrap();
  }

  /** Read a banked SP (0 = SP_EL0, 1 = SP_EL1) into `rh`:return. */
  readBankedSp(which: number): number {
    this.saveSp();
    this.rh = this.spBank[2 * which + 1];
    return this.spBank[2 * which];
  }

  writeBankedSp(which: number, lo: number, hi: number): void {
    this.saveSp();
    this.spBank[2 * which] = lo;
    this.spBank[2 * which + 1] = hi;
    this.loadSp();
  }

  updateFpTrap(): void {
    const fpen = (this.sys[2 * Sys.CPACR] >>> 20) & 3;
    this.fpTrapped = fpen === 3 ? 0 : fpen === 1 ? (this.el === 0 ? 1 : 0) : 1;
  }

  /** Restore PSTATE from an SPSR value (ERET). */
  restorePstate(spsr: number): void {
    const m = spsr & 0x1f;
    let el: number;
    let sp: number;
    if (m === 0) {
      el = 0;
      sp = 0;
    } else if (m === 4 || m === 5) {
      el = 1;
      sp = m & 1;
    } else {
      // Illegal return (AArch32 or a higher EL): PSTATE.IL, mode unchanged.
      this.illegal = 1;
      this.updateAttention();
      return;
    }
    this.nf = (spsr >>> 31) & 1;
    this.zf = (spsr >>> 30) & 1;
    this.cf = (spsr >>> 29) & 1;
    this.vf = (spsr >>> 28) & 1;
    this.daif = spsr & 0x3c0;
    this.illegal = (spsr >>> 20) & 1;
    this.setElSpsel(el, sp);
    this.updateAttention();
  }

  // ================= exceptions =================

  /**
   * Take an exception to EL1: SPSR/ELR saved, PSTATE to EL1h with DAIF masked, PC at the vector.
   * `kind` is the vector offset within a group (VEC_SYNC, VEC_IRQ, ...).
   */
  enterException(kind: number, retLo: number, retHi: number): void {
    const spsr = this.pstate();
    const fromEl = this.el;
    const group = fromEl === 0 ? VEC_LOWER_A64 : this.spsel ? VEC_CURRENT_SPX : VEC_CURRENT_SP0;
    const sys = this.sys;
    sys[2 * Sys.SPSR] = spsr;
    sys[2 * Sys.SPSR + 1] = 0;
    sys[2 * Sys.ELR] = retLo;
    sys[2 * Sys.ELR + 1] = retHi;
    this.daif = 0x3c0;
    this.illegal = 0;
    this.setElSpsel(1, 1);
    this.updateAttention();
    this.extraCycles += EXCEPTION_ENTRY_CYCLES;
    this.pcLo = ((sys[2 * Sys.VBAR] & ~0x7ff) + group + kind) >>> 0;
    this.pcHi = sys[2 * Sys.VBAR + 1] >>> 0;
    if (this.eventHook !== null) this.reportException(kind, retLo, retHi);
  }

  /** `--trace-events`: the exception just taken, with its syndrome for synchronous ones. */
  private reportException(kind: number, retLo: number, retHi: number): void {
    const name = kind === VEC_SYNC ? 'sync' : kind === VEC_IRQ ? 'irq' : kind === VEC_FIQ ? 'fiq' : 'serror';
    const detail = kind === VEC_SYNC ? { ec: `0x${(this.sys[2 * Sys.ESR] >>> 26).toString(16)}`, esr: `0x${(this.sys[2 * Sys.ESR] >>> 0).toString(16)}` } : undefined;
    this.eventHook!.exception(name, retHi * 4294967296 + retLo, this.pc, detail);
  }

  /** Synchronous exception with syndrome; the preferred return address is `retLo/retHi`. */
  syncException(ec: number, iss: number, retLo: number, retHi: number): void {
    this.sys[2 * Sys.ESR] = (ec << 26) | ESR_IL | (iss & 0x1ffffff);
    this.sys[2 * Sys.ESR + 1] = 0;
    this.enterException(VEC_SYNC, retLo, retHi);
  }

  private setFar(lo: number, hi: number): void {
    this.sys[2 * Sys.FAR] = lo;
    this.sys[2 * Sys.FAR + 1] = hi;
  }

  /**
   * Bring `cycles` up to the current instruction inside a block, so that a device or the
   * scheduler called now sees this CPU's exact local time. Needs `pcLo` set for this instruction
   * (generated code sets it before every access and system instruction).
   */
  syncCycles(): void {
    if (!this.inBlock) return;
    this.cycles = this.blockStartCycles + (((this.pcLo - this.blockStartLo) >>> 2) & 0x3ff);
  }

  /** Count the instructions of the running block that retired before the fault at pcLo. */
  private noteFault(): void {
    this.faultRetired = ((this.pcLo - this.blockStartLo) >>> 2) & 0x3ff;
  }

  /** UNDEFINED at the current instruction (EC = 0); throws the guest-fault sentinel. */
  undefinedInstruction(): never {
    this.noteFault();
    this.syncException(EC_UNKNOWN, 0, this.pcLo, this.pcHi);
    throw GUEST_FAULT;
  }

  /** Trap to EL1 with `ec`/`iss` at the current instruction (ELR = this instruction); throws. */
  trap(ec: number, iss: number): never {
    this.noteFault();
    this.syncException(ec, iss, this.pcLo, this.pcHi);
    throw GUEST_FAULT;
  }

  /** CPACR_EL1.FPEN trap, as QEMU reports it (ISS CV=1, COND=0xE). */
  fpAccessTrap(): never {
    return this.trap(EC_FP_ACCESS, (1 << 24) | (0xe << 20));
  }

  /** Data abort for the current instruction; throws. */
  dataAbort(lo: number, hi: number, fsc: number, write: boolean): never {
    this.noteFault();
    this.setFar(lo, hi);
    const ec = this.el === 0 ? EC_DABORT_LOWER : EC_DABORT_SAME;
    this.syncException(ec, (write ? 1 << 6 : 0) | fsc, this.pcLo, this.pcHi);
    throw GUEST_FAULT;
  }

  private instructionAbort(lo: number, hi: number, fsc: number): void {
    this.faultRetired = 0;
    this.setFar(lo, hi);
    const ec = this.el === 0 ? EC_IABORT_LOWER : EC_IABORT_SAME;
    this.syncException(ec, fsc, lo, hi);
  }

  private takeAttention(): void {
    if (this.illegal) {
      this.syncException(EC_ILLEGAL_STATE, 0, this.pcLo, this.pcHi);
      return;
    }
    if (this.fiqLevel && (this.daif & 0x40) === 0) {
      this.enterException(VEC_FIQ, this.pcLo, this.pcHi);
      this.sync.observer?.interruptTaken(this.index);
    } else if (this.irqLevel && (this.daif & 0x80) === 0) {
      this.enterException(VEC_IRQ, this.pcLo, this.pcHi);
      this.sync.observer?.interruptTaken(this.index);
    } else if (this.serrorPending && (this.daif & 0x100) === 0) {
      // ARMv8.0 without RAS: ISS is 0 (no implementation-defined syndrome); FAR is not valid.
      this.serrorPending = 0;
      this.sys[2 * Sys.ESR] = (EC_SERROR << 26) | ESR_IL;
      this.sys[2 * Sys.ESR + 1] = 0;
      this.enterException(VEC_SERROR, this.pcLo, this.pcHi);
    }
  }

  // ================= TLB =================

  /** Use the TLB sets of exception level `el` (also used by LDTR/STTR at EL1). */
  selectTlb(el: number): void {
    if (el === this.tlbEl) return;
    this.tlbEl = el;
    const sets = this.tlbs[el];
    const r = sets[0];
    const w = sets[1];
    const x = sets[2];
    this.rLo = r.lo;
    this.rHi = r.hi;
    this.rPa = r.pa;
    this.rDev = r.dev;
    this.wLo = w.lo;
    this.wHi = w.hi;
    this.wPa = w.pa;
    this.wDev = w.dev;
    this.xLo = x.lo;
    this.xHi = x.hi;
    this.xPa = x.pa;
  }

  /** TLBI, and writes to SCTLR/TCR/TTBR/MAIR: drop every cached translation. */
  flushTlb(): void {
    for (const sets of this.tlbs) for (const s of sets) s.flush();
  }

  /**
   * Translate a data access that missed the fast path: TLB lookup or walk, permission and
   * alignment checks. Returns the physical address, or -1 when the access is unaligned normal
   * memory that the caller must split into bytes. Raises the data abort (throws) on a fault.
   */
  translateData(lo: number, hi: number, size: number, write: boolean, mustAlign: boolean): number {
    lo = lo >>> 0;
    hi = hi | 0;
    const i = (lo >>> 12) & TLB_MASK;
    const tagLo = lo & ~0xfff;
    const tLo = write ? this.wLo : this.rLo;
    const tHi = write ? this.wHi : this.rHi;
    let pageBase: number;
    let device: number;
    if (tLo[i] === tagLo && tHi[i] === hi) {
      pageBase = (write ? this.wPa : this.rPa)[i];
      device = (write ? this.wDev : this.rDev)[i];
    } else {
      const w = this.walk;
      translate(this, lo, hi, true, w);
      if (w.fault >= 0) this.dataAbort(lo, hi, w.fault, write);
      const el = this.tlbEl;
      const need = write ? (el === 0 ? P_W0 : P_W1) : el === 0 ? P_R0 : P_R1;
      if ((w.perms & need) === 0) this.dataAbort(lo, hi, FSC_PERMISSION + w.level, write);
      if (w.pa === -1) this.dataAbort(lo, hi, FSC_EXTERNAL, write);
      pageBase = w.pa | 0;
      device = w.device ? 1 : 0;
      this.fillTlb(i, tagLo, hi, w);
    }
    if ((lo & (size - 1)) !== 0) {
      if (mustAlign || (device && this.strictAlignment) || (this.sys[2 * Sys.SCTLR] & SCTLR_A) !== 0) this.dataAbort(lo, hi, FSC_ALIGNMENT, write);
      if ((lo & 0xfff) + size > 0x1000 || size > 1) return -1;
    }
    return (pageBase | (lo & 0xfff)) >>> 0;
  }

  private fillTlb(i: number, tagLo: number, hi: number, w: WalkResult): void {
    const el = this.tlbEl;
    const sets = this.tlbs[el];
    const r = sets[0];
    const wr = sets[1];
    const perms = w.perms;
    const pa = w.pa | 0;
    const dev = w.device ? 1 : 0;
    if (perms & (el === 0 ? P_R0 : P_R1)) {
      r.lo[i] = tagLo;
      r.hi[i] = hi;
      r.pa[i] = pa;
      r.dev[i] = dev;
    }
    if (perms & (el === 0 ? P_W0 : P_W1)) {
      wr.lo[i] = tagLo;
      wr.hi[i] = hi;
      wr.pa[i] = pa;
      wr.dev[i] = dev;
    }
  }

  /** Physical address of the instruction at the PC, or -1 after raising an instruction abort. */
  private translateFetch(): number {
    const lo = this.pcLo;
    const hi = this.pcHi | 0;
    if ((lo & 3) !== 0) {
      this.faultRetired = 0;
      this.setFar(lo, hi);
      this.syncException(EC_PC_ALIGN, 0, lo, hi);
      return -1;
    }
    const i = (lo >>> 12) & TLB_MASK;
    if (this.xLo[i] === (lo & ~0xfff) && this.xHi[i] === hi) return (this.xPa[i] | (lo & 0xfff)) >>> 0;
    const w = this.walk;
    translate(this, lo, hi, false, w);
    if (w.fault >= 0) {
      this.instructionAbort(lo, hi, w.fault);
      return -1;
    }
    const el = this.tlbEl;
    if ((w.perms & (el === 0 ? P_X0 : P_X1)) === 0) {
      this.instructionAbort(lo, hi, FSC_PERMISSION + w.level);
      return -1;
    }
    if (w.pa === -1 || !this.memory.isMemory(w.pa, 4)) {
      this.instructionAbort(lo, hi, w.pa === -1 ? FSC_ADDRESS_SIZE : FSC_EXTERNAL);
      return -1;
    }
    this.xLo[i] = lo & ~0xfff;
    this.xHi[i] = hi;
    this.xPa[i] = w.pa | 0;
    this.fillTlb(i, lo & ~0xfff, hi, w);
    return (w.pa + (lo & 0xfff)) >>> 0;
  }

  /** Address translation for AT S1E*: fills `walk` and returns it (not the hot path). */
  translateForAt(lo: number, hi: number, write: boolean, el: number): WalkResult {
    const w = this.walk;
    translate(this, lo >>> 0, hi | 0, true, w);
    if (w.fault < 0) {
      const need = write ? (el === 0 ? P_W0 : P_W1) : el === 0 ? P_R0 : P_R1;
      if ((w.perms & need) === 0) w.fault = FSC_PERMISSION + w.level;
    }
    return w;
  }

  // ================= memory helpers for generated code (hot) =================

  load8(lo: number, hi: number): number {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.rLo[i] === (lo & -4096) && this.rHi[i] === (hi | 0)) {
      const pa = (this.rPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.readIndex[pa >>> 12];
      if (b !== 0) return mem.views[b].getUint8(pa - mem.bases[b]);
    }
    return this.loadSlow(lo, hi, 1, false);
  }

  load16(lo: number, hi: number): number {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.rLo[i] === (lo & -4095) && this.rHi[i] === (hi | 0)) {
      const pa = (this.rPa[i] | (lo & 0xffe)) >>> 0;
      const mem = this.memory;
      const b = mem.readIndex[pa >>> 12];
      if (b !== 0) return mem.views[b].getUint16(pa - mem.bases[b], true);
    }
    return this.loadSlow(lo, hi, 2, false);
  }

  load32(lo: number, hi: number): number {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.rLo[i] === (lo & -4093) && this.rHi[i] === (hi | 0)) {
      const pa = (this.rPa[i] | (lo & 0xffc)) >>> 0;
      const mem = this.memory;
      const b = mem.readIndex[pa >>> 12];
      if (b !== 0) return mem.views[b].getUint32(pa - mem.bases[b], true);
    }
    return this.loadSlow(lo, hi, 4, false);
  }

  load64(lo: number, hi: number): number {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.rLo[i] === (lo & -4089) && this.rHi[i] === (hi | 0)) {
      const pa = (this.rPa[i] | (lo & 0xff8)) >>> 0;
      const mem = this.memory;
      const b = mem.readIndex[pa >>> 12];
      if (b !== 0) {
        const v = mem.views[b];
        const off = pa - mem.bases[b];
        this.loadHi = v.getUint32(off + 4, true);
        return v.getUint32(off, true);
      }
    }
    return this.loadSlow(lo, hi, 8, false);
  }

  store8(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.wLo[i] === (lo & -4096) && this.wHi[i] === (hi | 0)) {
      const pa = (this.wPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.writeIndex[pa >>> 12];
      if (b !== 0) {
        mem.views[b].setUint8(pa - mem.bases[b], val);
        return;
      }
    }
    this.storeSlow(lo, hi, 1, val, 0, false);
  }

  store16(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.wLo[i] === (lo & -4095) && this.wHi[i] === (hi | 0)) {
      const pa = (this.wPa[i] | (lo & 0xffe)) >>> 0;
      const mem = this.memory;
      const b = mem.writeIndex[pa >>> 12];
      if (b !== 0) {
        mem.views[b].setUint16(pa - mem.bases[b], val, true);
        return;
      }
    }
    this.storeSlow(lo, hi, 2, val, 0, false);
  }

  store32(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.wLo[i] === (lo & -4093) && this.wHi[i] === (hi | 0)) {
      const pa = (this.wPa[i] | (lo & 0xffc)) >>> 0;
      const mem = this.memory;
      const b = mem.writeIndex[pa >>> 12];
      if (b !== 0) {
        mem.views[b].setUint32(pa - mem.bases[b], val, true);
        return;
      }
    }
    this.storeSlow(lo, hi, 4, val, 0, false);
  }

  store64(lo: number, hi: number, vlo: number, vhi: number): void {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.wLo[i] === (lo & -4089) && this.wHi[i] === (hi | 0)) {
      const pa = (this.wPa[i] | (lo & 0xff8)) >>> 0;
      const mem = this.memory;
      const b = mem.writeIndex[pa >>> 12];
      if (b !== 0) {
        const v = mem.views[b];
        const off = pa - mem.bases[b];
        v.setUint32(off, vlo, true);
        v.setUint32(off + 4, vhi, true);
        return;
      }
    }
    this.storeSlow(lo, hi, 8, vlo, vhi, false);
  }

  load128(lo: number, hi: number, reg: number): void {
    // Translate and check alignment of the whole 16 bytes before touching the register.
    const a = this.load64(lo, hi);
    const ah = this.loadHi;
    const lo2 = (lo + 8) >>> 0;
    const b = this.load64(lo2, lo2 < 8 ? (hi + 1) | 0 : hi);
    const v = this.vregs;
    v[4 * reg] = a;
    v[4 * reg + 1] = ah;
    v[4 * reg + 2] = b;
    v[4 * reg + 3] = this.loadHi;
  }

  store128(lo: number, hi: number, reg: number): void {
    const v = this.vregs;
    const lo2 = (lo + 8) >>> 0;
    const hi2 = lo2 < 8 ? (hi + 1) | 0 : hi;
    // Check the second half first so that a fault leaves memory untouched.
    this.translateData(lo2, hi2, 8, true, false);
    this.store64(lo, hi, v[4 * reg], v[4 * reg + 1]);
    this.store64(lo2, hi2, v[4 * reg + 2], v[4 * reg + 3]);
  }

  /** Accesses that must be aligned (exclusives, atomics): translate and check. */
  alignedPa(lo: number, hi: number, size: number, write: boolean): number {
    return this.translateData(lo, hi, size, write, true);
  }

  /** Physical read after translation (for exclusives and atomics); checks for bus errors. */
  physRead(pa: number, size: number, lo: number, hi: number): number {
    const mem = this.memory;
    mem.faulted = false;
    let v: number;
    if (size === 1) v = mem.read8(pa);
    else if (mem.readIndex[pa >>> 12] === 0) {
      // A device (or nothing): one access of any size or alignment, split as the device's bus splits it.
      v = mem.readAccess(pa, size);
      this.loadHi = mem.accessHi;
    } else if (size === 2) v = mem.read16(pa);
    else if (size === 4) v = mem.read32(pa);
    else {
      v = mem.read32(pa);
      this.loadHi = mem.read32(pa + 4);
    }
    if (mem.faulted) {
      mem.faulted = false;
      this.dataAbort(lo, hi, FSC_EXTERNAL, false);
    }
    return v;
  }

  physWrite(pa: number, size: number, vlo: number, vhi: number, lo: number, hi: number): void {
    const mem = this.memory;
    mem.faulted = false;
    if (size === 1) mem.write8(pa, vlo & 0xff);
    else if (mem.readIndex[pa >>> 12] === 0) mem.writeAccess(pa, size, vlo >>> 0, vhi >>> 0); // a device: split as its bus splits it
    else if (size === 2) mem.write16(pa, vlo & 0xffff);
    else if (size === 4) mem.write32(pa, vlo >>> 0);
    else {
      mem.write32(pa, vlo >>> 0);
      mem.write32(pa + 4, vhi >>> 0);
    }
    if (mem.faulted) {
      mem.faulted = false;
      this.dataAbort(lo, hi, FSC_EXTERNAL, true);
    }
  }

  private loadSlow(lo: number, hi: number, size: number, mustAlign: boolean): number {
    const pa = this.translateData(lo, hi, size, false, mustAlign);
    if (pa !== -1) {
      this.syncCycles();
      return this.physRead(pa, size, lo, hi);
    }
    // Unaligned: a device window takes it as one access (split by its bus), memory byte by byte
    // (each byte translated; may cross a page).
    if ((lo & 0xfff) + size <= 0x1000) {
      const first = this.translateData(lo, hi, 1, false, false);
      if (this.memory.readIndex[first >>> 12] === 0) {
        this.syncCycles();
        return this.physRead(first, size, lo, hi);
      }
    }
    let vlo = 0;
    let vhi = 0;
    for (let k = 0; k < size; k++) {
      const a = (lo + k) >>> 0;
      const b = this.load8(a, a < (lo >>> 0) ? (hi + 1) | 0 : hi);
      if (k < 4) vlo |= b << (8 * k);
      else vhi |= b << (8 * (k - 4));
    }
    this.loadHi = vhi >>> 0;
    return vlo >>> 0;
  }

  private storeSlow(lo: number, hi: number, size: number, vlo: number, vhi: number, mustAlign: boolean): void {
    const pa = this.translateData(lo, hi, size, true, mustAlign);
    if (pa !== -1) {
      this.syncCycles();
      this.physWrite(pa, size, vlo, vhi, lo, hi);
      return;
    }
    // Unaligned: a device window takes it as one access (split by its bus), memory byte by byte;
    // check the last byte's page first so a fault writes nothing.
    if ((lo & 0xfff) + size <= 0x1000) {
      const first = this.translateData(lo, hi, 1, true, false);
      if (this.memory.readIndex[first >>> 12] === 0) {
        this.syncCycles();
        this.physWrite(first, size, vlo, vhi, lo, hi);
        return;
      }
    }
    const last = (lo + size - 1) >>> 0;
    this.translateData(last, last < (lo >>> 0) ? (hi + 1) | 0 : hi, 1, true, false);
    for (let k = 0; k < size; k++) {
      const a = (lo + k) >>> 0;
      const b = k < 4 ? vlo >>> (8 * k) : vhi >>> (8 * (k - 4));
      this.store8(a, a < (lo >>> 0) ? (hi + 1) | 0 : hi, b & 0xff);
    }
  }

  // ================= FP host helpers =================

  setX(n: number, lo: number, hi: number): void {
    if (n === 31) return;
    this.x[2 * n] = lo;
    this.x[2 * n + 1] = hi;
  }

  setW(n: number, lo: number): void {
    if (n === 31) return;
    this.x[2 * n] = lo;
    this.x[2 * n + 1] = 0;
  }

  conditionHolds(cond: number): boolean {
    let r: boolean;
    switch (cond >> 1) {
      case 0:
        r = this.zf !== 0;
        break;
      case 1:
        r = this.cf !== 0;
        break;
      case 2:
        r = this.nf !== 0;
        break;
      case 3:
        r = this.vf !== 0;
        break;
      case 4:
        r = this.cf !== 0 && this.zf === 0;
        break;
      case 5:
        r = this.nf === this.vf;
        break;
      case 6:
        r = this.nf === this.vf && this.zf === 0;
        break;
      default:
        return true;
    }
    return (cond & 1) !== 0 ? !r : r;
  }

  // ================= decoded code cache =================

  /** A write reached granules holding code or a reservation: drop only the blocks it overlaps. */
  private onCodeWrite(address: number, size: number): void {
    const end = address + size;
    const reach = 4 * this.blockLimit; // a block starts at most this far before a byte it covers
    for (let page = address >>> 12; page <= (end - 1) >>> 12; page++) {
      const blocks = this.codePages.get(page);
      if (blocks === undefined) continue;
      const base = page * 4096;
      const from = Math.max(0, address - reach + 4 - base) >>> 2;
      const to = Math.min(4096, end - base) >>> 2;
      for (let slot = from; slot < to; slot++) {
        const blk = blocks[slot];
        if (blk !== undefined && base + 4 * (slot + blk.n) > address) blocks[slot] = undefined;
      }
    }
    // The exclusive monitor: any write to the reserved granule clears the reservation.
    if (this.exclusivePa !== -1 && this.exclusivePa >= address && this.exclusivePa < end) {
      this.exclusivePa = -1;
      this.signalEvent();
    }
  }

  /** Forget all decoded code (after a reset of memory contents by a test harness). */
  flushCode(): void {
    this.codePages.clear();
    this.lastCodePage = -1;
    this.lastCodeBlocks = undefined;
  }

  private findBlock(pa: number): Block {
    const page = pa >>> 12;
    let blocks = this.lastCodeBlocks;
    if (page !== this.lastCodePage || blocks === undefined) {
      blocks = this.codePages.get(page);
      if (blocks === undefined) {
        blocks = new Array<Block | undefined>(1024);
        this.codePages.set(page, blocks);
      }
      this.lastCodePage = page;
      this.lastCodeBlocks = blocks;
    }
    const slot = (pa & 0xfff) >>> 2;
    let blk = blocks[slot];
    if (blk === undefined || blk.vaLo !== this.pcLo || blk.vaHi !== this.pcHi) {
      blk = compileBlock(this.memory, pa, this.pcLo, this.pcHi, this.blockLimit, this.lse);
      blocks[slot] = blk;
      this.memory.markCode(pa, 4 * blk.n);
    }
    return blk;
  }

  // ================= run loop =================

  run(budget: number): number {
    this.exitRequested = false;
    if (this.state !== 'running') return 0;
    const start = this.cycles;
    const end = start + budget;
    while (this.cycles < end && !this.exitRequested) {
      if (this.extraCycles !== 0) this.payExtraCycles();
      if (this.attention !== 0) this.takeAttention();
      const pa = this.translateFetch();
      if (pa === -1) {
        this.cycles += 1; // an abort costs time, so a faulting vector cannot spin for free
        continue;
      }
      const blk = this.findBlock(pa);
      this.blockStartLo = this.pcLo;
      const c0 = this.cycles;
      this.blockStartCycles = c0;
      this.inBlock = true;
      try {
        blk.fn(this);
        this.cycles = c0 + blk.n;
        this.instructions += blk.n;
      } catch (e) {
        this.inBlock = false;
        if (e !== GUEST_FAULT) throw e;
        this.cycles = c0 + this.faultRetired + 1;
        this.instructions += this.faultRetired;
      }
      this.inBlock = false;
    }
    if (this.extraCycles !== 0) this.payExtraCycles();
    return this.cycles - start;
  }

  private payExtraCycles(): void {
    this.cycles += this.extraCycles;
    this.extraCycles = 0;
  }
}
