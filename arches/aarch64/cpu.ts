import type { CpuContext, RegisterFile, SavedState } from '../../src/api/index.js';
import { restoreA64, saveA64 } from './cpu-state.js';
import { CpuBase, SyncEvents } from '../../src/api/index.js';
import type { A64FpHost } from './fpsimd-contract.js';
import { A64Debug } from './debug.js';
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
import { type Region, compileRegion } from './translate/region.js';

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
const NO_VIEW = new DataView(new ArrayBuffer(8));
const CLOSED_GATE = new Uint8Array(64).fill(1);
/**
 * Instructions per region at most. V8 optimises a function only up to a bytecode size, and
 * compiles big ones slowly; a region of this many instructions stays well inside both.
 */
const REGION_LIMIT = 128;
/** Pages a region may hold code of (a loop across a page boundary, a small function it calls). */
const REGION_PAGES = 4;
/**
 * Arrivals at a block start (run as a single block) before a region is translated from it:
 * optimising a region costs V8 far more than a single block, so only hot code pays for it.
 */
const HOT = 4000;
/**
 * Instructions translated (regions, single blocks and single steps) before the code cache is
 * emptied; it is also emptied past a unit count (a compiled function each, however small) and a
 * page count (the lookup tables), so that memory stays bounded in long runs with lots of code.
 */
const CODE_CACHE_LIMIT = 1 << 16;

/**
 * The part of the TLB that generated code reads inline (`translate/memory.ts`): for pages of
 * RAM or ROM only, the tag, the page's offset in its backing and the backing's DataView, per
 * access kind. Writes also see the backing's store gate, so a store to a granule holding code
 * (or ROM) leaves the fast path. Filled with the translation cache below; flushed with it.
 */
export class FastTlb {
  readonly rt = new Int32Array(TLB_SIZE).fill(TLB_EMPTY);
  readonly rh = new Int32Array(TLB_SIZE);
  readonly ro = new Int32Array(TLB_SIZE);
  readonly rv: DataView[] = new Array<DataView>(TLB_SIZE).fill(NO_VIEW);
  readonly wt = new Int32Array(TLB_SIZE).fill(TLB_EMPTY);
  readonly wh = new Int32Array(TLB_SIZE);
  readonly wo = new Int32Array(TLB_SIZE);
  readonly wv: DataView[] = new Array<DataView>(TLB_SIZE).fill(NO_VIEW);
  readonly wg: Uint8Array[] = new Array<Uint8Array>(TLB_SIZE).fill(CLOSED_GATE);
  flush(): void {
    this.rt.fill(TLB_EMPTY);
    this.wt.fill(TLB_EMPTY);
  }
}

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
  /** Instructions kept translated before the code cache is emptied (default 65536; also at 1/8 as many compiled units). */
  codeCacheLimit?: number;
  /** Times a block start is reached before a region is translated from it (default 4000; tests use 1). */
  hotThreshold?: number;
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

  /** The fast TLB of the current exception level (read by generated code). */
  fast!: FastTlb;
  private readonly fastSets = [new FastTlb(), new FastTlb()];

  // ---- decoded code and the run ----
  private readonly codePages = new Map<number, CodePage>();
  private lastCodePage = -1;
  private lastCode: CodePage | undefined;
  /** Instructions currently translated in `codePages`, and the regions, blocks and steps holding them. */
  private codeSize = 0;
  private codeUnits = 0;
  private readonly codeCacheLimit: number;
  private readonly hot: number;
  /** Block index of the region `findRegion` returned. */
  private foundBlock = 0;
  /** True while generated code runs (syncCycles only means something then). */
  inBlock = false;
  /**
   * Cycles left in the current run. Generated code keeps its own count and stores it here when
   * it leaves and before every call that may look at the time (`syncCycles`).
   */
  left = 0;
  /** `cycles` when the current run's budget is used up. */
  private runEnd = 0;
  /** Non-zero asks generated code to return to the run loop at the next block. */
  brk = 0;
  /** PC of the instruction whose exception was raised last (to count what its block retired). */
  faultPc = 0;
  /** Non-zero when an exception was raised and waits for the run loop to enter it. */
  raised = 0;
  private raisedEc = 0;
  private raisedIss = 0;
  /**
   * Cycles owed beyond one per instruction (exception entry, semihosting transfers), added to
   * `cycles` by the run loop, so every guest step advances virtual time.
   */
  extraCycles = 0;
  readonly blockLimit: number;
  /** Debugger control; `debugActive` is true while a breakpoint is set or a step is asked for. */
  readonly debugControl = new A64Debug(this);
  debugActive = false;
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
    this.codeCacheLimit = Math.max(1024, Number(opts.codeCacheLimit ?? CODE_CACHE_LIMIT));
    this.hot = Math.max(0, Math.min(65535, Number(opts.hotThreshold ?? HOT)));
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
    if (this.attention !== 0) this.brk = 1;
  }

  /** Return to the run loop at the next block boundary, and leave `run` there. */
  override requestExit(): void {
    this.exitRequested = true;
    this.brk = 1;
  }

  private wake(): void {
    this.sleeping = Sleep.None;
    if (this.state === 'idle') this.setState('running');
  }

  /** WFI: sleep unless an interrupt is already pending (masked or not). */
  waitForInterrupt(): void {
    this.syncCycles();
    if (this.irqLevel || this.fiqLevel || this.serrorPending) return;
    this.sleeping = Sleep.Wfi;
    this.setState('idle');
  }

  /** WFE: consume the event register or sleep until an event. */
  waitForEvent(): void {
    this.syncCycles();
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
    this.cycles = this.runEnd - this.left;
  }

  /**
   * Raise a synchronous exception at the current instruction (pcLo/pcHi). It is entered by the
   * run loop once the running region has written back the registers and flags it holds in
   * locals (exception entry saves PSTATE and banks SP), so this only records it and throws.
   */
  private raise(ec: number, iss: number): never {
    this.faultPc = this.pcLo;
    this.raised = 1;
    this.raisedEc = ec;
    this.raisedIss = iss;
    throw GUEST_FAULT;
  }

  /** Enter the exception recorded by `raise` (ELR = the faulting instruction). */
  private enterRaised(): void {
    this.syncException(this.raisedEc, this.raisedIss, this.faultPc, this.pcHi);
  }

  /** UNDEFINED at the current instruction (EC = 0); throws the guest-fault sentinel. */
  undefinedInstruction(): never {
    return this.raise(EC_UNKNOWN, 0);
  }

  /** Trap to EL1 with `ec`/`iss` at the current instruction (ELR = this instruction); throws. */
  trap(ec: number, iss: number): never {
    return this.raise(ec, iss);
  }

  /** CPACR_EL1.FPEN trap, as QEMU reports it (ISS CV=1, COND=0xE). */
  fpAccessTrap(): never {
    return this.trap(EC_FP_ACCESS, (1 << 24) | (0xe << 20));
  }

  /** Data abort for the current instruction; throws. */
  dataAbort(lo: number, hi: number, fsc: number, write: boolean): never {
    this.setFar(lo, hi);
    return this.raise(this.el === 0 ? EC_DABORT_LOWER : EC_DABORT_SAME, (write ? 1 << 6 : 0) | fsc);
  }

  private instructionAbort(lo: number, hi: number, fsc: number): void {
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
    this.fast = this.fastSets[el];
  }

  /** TLBI, and writes to SCTLR/TCR/TTBR/MAIR: drop every cached translation. */
  flushTlb(): void {
    for (const sets of this.tlbs) for (const s of sets) s.flush();
    for (const f of this.fastSets) f.flush();
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
    // The inline fast path, for pages of RAM or ROM (the bus map never changes during a run).
    const mem = this.memory;
    const b = pa >= 0 ? mem.readIndex[pa >>> 12] : 0;
    const f = this.fastSets[el];
    f.rt[i] = TLB_EMPTY;
    f.wt[i] = TLB_EMPTY;
    if (b === 0) return;
    const off = pa - mem.bases[b];
    if (perms & (el === 0 ? P_R0 : P_R1)) {
      f.rt[i] = tagLo;
      f.rh[i] = hi;
      f.ro[i] = off;
      f.rv[i] = mem.views[b];
    }
    if (perms & (el === 0 ? P_W0 : P_W1)) {
      f.wt[i] = tagLo;
      f.wh[i] = hi;
      f.wo[i] = off;
      f.wv[i] = mem.views[b];
      f.wg[i] = mem.gates[b];
    }
  }

  /** Physical address of the instruction at the PC, or -1 after raising an instruction abort. */
  private translateFetch(): number {
    const lo = this.pcLo;
    const hi = this.pcHi | 0;
    if ((lo & 3) !== 0) {
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
      let b = mem.writeIndex[pa >>> 12];
      if (b === 0) b = this.besideCode(pa);
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
      let b = mem.writeIndex[pa >>> 12];
      if (b === 0) b = this.besideCode(pa);
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
      let b = mem.writeIndex[pa >>> 12];
      if (b === 0) b = this.besideCode(pa);
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
      let b = mem.writeIndex[pa >>> 12];
      if (b === 0) b = this.besideCode(pa);
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

  /**
   * A store to a RAM page that holds code: the backing index when the granule at `pa` holds none
   * (the store may write directly), else 0 (slow path: code to drop, ROM, MMIO, unmapped).
   */
  private besideCode(pa: number): number {
    const mem = this.memory;
    const b = mem.readIndex[pa >>> 12];
    return b !== 0 && mem.gates[b][(pa - mem.bases[b]) >>> 6] === 0 ? b : 0;
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

  /**
   * The slow path of an inline load in generated code: translate, reach a device, or raise an
   * exception, which it reports in `raised` (returning 0) instead of throwing.
   */
  slowLoad(lo: number, hi: number, size: number): number {
    try {
      return this.loadSlow(lo, hi, size, false);
    } catch (e) {
      if (e !== GUEST_FAULT) throw e;
      return 0;
    }
  }

  /** The slow path of an inline store in generated code; exceptions as for `slowLoad`. */
  slowStore(lo: number, hi: number, size: number, vlo: number, vhi: number): void {
    try {
      this.storeSlow(lo, hi, size, vlo, vhi, false);
    } catch (e) {
      if (e !== GUEST_FAULT) throw e;
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

  /** A write reached granules holding code or a reservation: drop only the regions it overlaps. */
  private onCodeWrite(address: number, size: number): void {
    const end = address + size;
    for (let page = address >>> 12; page <= (end - 1) >>> 12; page++) {
      const cp = this.codePages.get(page);
      if (cp === undefined) continue;
      let dropped = false;
      for (let r = cp.regions.length - 1; r >= 0; r--) {
        const region = cp.regions[r];
        if (!overlaps(region, address, end)) continue;
        this.dropRegion(region);
        dropped = true;
      }
      const base = page * 4096;
      for (let slot = Math.max(address - base, 0) >>> 2; slot < (Math.min(end - base, 4096) + 3) >>> 2; slot++) {
        if (cp.steps[slot] !== undefined) {
          cp.steps[slot] = undefined;
          this.codeSize--;
          dropped = true;
        }
      }
      // Code that is running may be stale now: leave it at the next block boundary.
      if (dropped && this.inBlock) this.brk = 1;
    }
    // The exclusive monitor: any write to the reserved granule clears the reservation.
    if (this.exclusivePa !== -1 && this.exclusivePa >= address && this.exclusivePa < end) {
      this.exclusivePa = -1;
      this.signalEvent();
    }
  }

  /** Forget a region in every page it holds code of. */
  private dropRegion(region: Region): void {
    for (const pa of region.blockPa) this.codePages.get(pa >>> 12)?.forget(region);
    this.codeSize -= region.size;
  }

  /** Forget all translated code (a full cache, or a test harness that rewrote memory behind the bus). */
  flushCode(): void {
    this.codePages.clear();
    this.lastCodePage = -1;
    this.lastCode = undefined;
    this.codeSize = 0;
    this.codeUnits = 0;
  }

  private codePage(pa: number): CodePage {
    const page = pa >>> 12;
    let cp = this.lastCode;
    if (page !== this.lastCodePage || cp === undefined) {
      cp = this.codePages.get(page);
      if (cp === undefined) {
        cp = new CodePage();
        this.codePages.set(page, cp);
      }
      this.lastCodePage = page;
      this.lastCode = cp;
    }
    return cp;
  }

  /**
   * Make room in the code cache before translating `size` more instructions: past the limit
   * (or past as many pages' worth of tables), everything translated is dropped and code is
   * translated again as it runs, as QEMU empties its translation buffer when it is full.
   */
  private reserveCode(size: number): void {
    if (this.codeSize + size > this.codeCacheLimit || ++this.codeUnits > this.codeCacheLimit >>> 3 || this.codePages.size > this.codeCacheLimit >>> 8) {
      this.flushCode();
      this.codeUnits = 1;
    }
    this.codeSize += size;
  }

  /** Instructions translated and kept in the code cache (tests of the bound). */
  get translatedInstructions(): number {
    return this.codeSize;
  }

  /** The translated region with a block starting at `pa` for the current PC's page, or undefined; its block in `foundBlock`. */
  private lookupRegion(pa: number): Region | undefined {
    const cp = this.codePage(pa);
    const slot = (pa & 0xfff) >>> 2;
    const region = cp.slots[slot];
    if (region === undefined || region.vaLo !== (this.pcLo - (this.pcLo & 0xfff)) >>> 0 || region.vaHi !== this.pcHi >>> 0) return undefined;
    if (region.extraPages.length !== 0 && !this.extraPagesHold(region)) return undefined;
    this.foundBlock = cp.blocks[slot];
    return region;
  }

  /** Do the other pages a region holds code of still translate as they did (executable, same physical page)? */
  private extraPagesHold(region: Region): boolean {
    for (const e of region.extraPages) if (this.peekFetch(e.vaLo, e.vaHi) !== e.pa) return false;
    return true;
  }

  /**
   * Physical address of an instruction fetch from (lo, hi) if it would succeed (mapped,
   * executable at the current EL, in memory), else -1. Raises nothing; fills the TLB.
   */
  private peekFetch(lo: number, hi: number): number {
    lo = lo >>> 0;
    hi = hi | 0;
    const i = (lo >>> 12) & TLB_MASK;
    if (this.xLo[i] === (lo & ~0xfff) && this.xHi[i] === hi) return (this.xPa[i] | (lo & 0xfff)) >>> 0;
    const w = this.walk;
    translate(this, lo, hi, false, w);
    if (w.fault >= 0 || (w.perms & (this.tlbEl === 0 ? P_X0 : P_X1)) === 0 || w.pa === -1 || !this.memory.isMemory(w.pa, 4096)) return -1;
    this.xLo[i] = lo & ~0xfff;
    this.xHi[i] = hi;
    this.xPa[i] = w.pa | 0;
    this.fillTlb(i, lo & ~0xfff, hi, w);
    return (w.pa + (lo & 0xfff)) >>> 0;
  }

  /**
   * Translate a region entered at `pa`. Entered in the middle of a block another region holds
   * (after a run that ended inside it, or an exception return), it is just the rest of that
   * block, so that the next lookup lands on a block start of the existing region.
   */
  private translateRegion(pa: number): Region {
    const limit = this.blockLimit;
    const midBlock = this.codePage(pa).regions.some((r) => covers(r, pa));
    const chain = limit > 1 && !midBlock;
    const region = compileRegion(this.memory, pa, this.pcLo, this.pcHi, {
      blockLimit: limit,
      chain,
      locals: chain,
      maxInstructions: REGION_LIMIT,
      maxPages: REGION_PAGES,
      lse: this.lse,
      fetchPa: (lo, hi) => this.peekFetch(lo, hi),
    });
    this.reserveCode(region.size);
    // After reserveCode, which may have emptied the cache: the region joins every page it holds
    // code of (to be dropped by a write there), and is looked up by its entry page's blocks.
    const page = pa >>> 12;
    for (let i = 0; i < region.blockPa.length; i++) {
      const bpa = region.blockPa[i];
      const cp = this.codePage(bpa);
      if (!cp.regions.includes(region)) cp.regions.push(region);
      if (bpa >>> 12 === page) cp.claim(region, i, bpa === pa);
      this.memory.markCode(bpa, 4 * region.lengths[i]);
    }
    this.foundBlock = 0;
    return region;
  }

  /**
   * The first tier: one block, registers in memory, every branch back to the run loop. Cheap to
   * compile, so code that runs a few times costs little. Once a block start has been reached
   * `HOT` times, a region is translated from it (chained blocks, registers in locals), which
   * V8 then optimises: only hot code pays for that.
   */
  private findBlock(pa: number): Region {
    const cp = this.codePage(pa);
    const slot = (pa & 0xfff) >>> 2;
    if (cp.heat[slot] >= this.hot) {
      cp.heat[slot] = 0;
      return this.translateRegion(pa);
    }
    cp.heat[slot]++;
    const vaLo = (this.pcLo - (this.pcLo & 0xfff)) >>> 0;
    let blk = cp.single[slot];
    if (blk !== undefined && blk.vaLo === vaLo && blk.vaHi === this.pcHi >>> 0) {
      this.foundBlock = 0;
      return blk;
    }
    blk = compileRegion(this.memory, pa, this.pcLo, this.pcHi, {
      blockLimit: this.blockLimit,
      chain: false,
      locals: false,
      maxInstructions: this.blockLimit,
      maxPages: 1,
      lse: this.lse,
      fetchPa: () => -1,
    });
    this.reserveCode(blk.size);
    const current = this.codePage(pa); // reserveCode may have emptied the cache
    current.single[slot] = blk;
    current.regions.push(blk);
    this.memory.markCode(pa, 4 * blk.lengths[0]);
    this.foundBlock = 0;
    return blk;
  }

  /** A one-instruction region for `pa` (budget tails, and the single-step reference mode). */
  private findStep(pa: number): Region {
    const cp = this.codePage(pa);
    const slot = (pa & 0xfff) >>> 2;
    const vaLo = (this.pcLo - (this.pcLo & 0xfff)) >>> 0;
    let step = cp.steps[slot];
    if (step !== undefined && step.vaLo === vaLo && step.vaHi === this.pcHi >>> 0) return step;
    step = compileRegion(this.memory, pa, this.pcLo, this.pcHi, { blockLimit: 1, chain: false, locals: false, maxInstructions: 1, maxPages: 1, lse: this.lse, fetchPa: () => -1 });
    this.reserveCode(1);
    this.codePage(pa).steps[slot] = step;
    this.memory.markCode(pa, 4);
    return step;
  }

  // ================= run loop =================

  /**
   * Execute up to `budget` cycles, never more: a block that does not fit in what is left runs
   * one instruction at a time. Returns the cycles used.
   */
  run(budget: number): number {
    this.exitRequested = false;
    if (this.state !== 'running' || budget <= 0) return 0;
    const start = this.cycles;
    this.runEnd = start + budget;
    let left = budget;
    let penalties = 0;
    while (left > 0 && !this.exitRequested) {
      this.brk = 0;
      if (this.extraCycles !== 0) {
        // Cycles owed (exception entry, semihosting transfers) come out of the budget; what
        // does not fit is owed to the next run, so run(budget) still never exceeds its budget.
        const paid = this.payExtraCycles(left);
        left -= paid;
        penalties += paid;
        this.cycles = start + (budget - left);
        if (left === 0) break;
      }
      if (this.attention !== 0) this.takeAttention();
      const pa = this.translateFetch();
      if (pa === -1) {
        left -= 1; // an abort costs time, so a faulting vector cannot spin for free
        penalties++;
        this.cycles = start + (budget - left);
        continue;
      }
      // A block that does not fit in what is left runs one instruction at a time; near the end
      // of the budget, code not translated yet is stepped rather than translated as a region.
      // Code runs as single blocks until it is hot, then as a region of chained blocks.
      // Under a debugger (breakpoints, watchpoints, a step) code runs one instruction per block,
      // so the PC is checked before every instruction; without one this costs a boolean test.
      if (this.debugActive && this.debugControl.stopsBefore(this.pcLo, this.pcHi)) break;
      let region: Region | undefined;
      let block = 0;
      if (this.blockLimit > 1 && !this.debugActive) {
        region = this.lookupRegion(pa);
        if (region === undefined && left >= this.blockLimit) region = this.findBlock(pa);
        if (region !== undefined) {
          block = this.foundBlock;
          if (region.lengths[block] > left) region = undefined;
        }
      }
      if (region === undefined) {
        region = this.findStep(pa);
        block = 0;
      }
      this.left = left;
      this.inBlock = true;
      try {
        region.fn(this, block);
      } catch (e) {
        // An opaque instruction raised an exception; the region wrote its locals back before it.
        if (e !== GUEST_FAULT) {
          this.inBlock = false;
          throw e;
        }
      }
      this.inBlock = false;
      left = this.left;
      if (this.raised !== 0) {
        // `left` is what was left before the faulting instruction, which takes a cycle and retires nothing.
        this.raised = 0;
        left -= 1;
        penalties++;
        this.enterRaised();
      }
      this.cycles = start + (budget - left);
      if (this.debugActive && this.debugControl.stopsAfter()) break;
    }
    if (this.extraCycles !== 0 && left > 0) {
      const paid = this.payExtraCycles(left);
      left -= paid;
      penalties += paid;
      this.cycles = start + (budget - left);
    }
    const used = budget - left;
    this.instructions += used - penalties;
    return used;
  }

  /** Take up to `most` of the cycles owed in `extraCycles` off the debt; returns how many. */
  private payExtraCycles(most: number): number {
    const paid = Math.min(this.extraCycles, most);
    this.extraCycles -= paid;
    return paid;
  }
}

/** Does a block of `region` hold a byte of [from, to) (physical addresses)? */
function overlaps(region: Region, from: number, to: number): boolean {
  for (let i = 0; i < region.blockPa.length; i++) {
    const a = region.blockPa[i];
    if (a < to && a + 4 * region.lengths[i] > from) return true;
  }
  return false;
}

/** Does a block of `region` hold the instruction at `pa` other than as its first? */
function covers(region: Region, pa: number): boolean {
  for (let i = 0; i < region.blockPa.length; i++) {
    const a = region.blockPa[i];
    if (a < pa && a + 4 * region.lengths[i] > pa) return true;
  }
  return false;
}

/** Translated code of one physical page. */
class CodePage {
  /** Per instruction slot: the region with a block starting there, and that block's index. */
  readonly slots: (Region | undefined)[] = new Array<Region | undefined>(1024);
  readonly blocks = new Int16Array(1024);
  /** One-instruction regions per slot. */
  readonly steps: (Region | undefined)[] = new Array<Region | undefined>(1024);
  /** Single blocks (the first tier) per slot, and how often each slot was reached without a region. */
  readonly single: (Region | undefined)[] = new Array<Region | undefined>(1024);
  readonly heat = new Uint16Array(1024);
  /** Every region holding code of the page, to drop the ones a write overlaps. */
  readonly regions: Region[] = [];

  /** Look block `i` of `region` up by its address: always for the entry, else where no valid region starts yet. */
  claim(region: Region, i: number, entry: boolean): void {
    const slot = (region.blockPa[i] & 0xfff) >>> 2;
    const old = this.slots[slot];
    if (entry || old === undefined || old.vaLo !== region.vaLo || old.vaHi !== region.vaHi) {
      this.slots[slot] = region;
      this.blocks[slot] = i;
    }
  }

  /** Drop a region and every slot that points to it. */
  forget(region: Region): void {
    const k = this.regions.indexOf(region);
    if (k >= 0) this.regions.splice(k, 1);
    for (const pa of region.blockPa) {
      const slot = (pa & 0xfff) >>> 2;
      if (this.slots[slot] === region) this.slots[slot] = undefined;
      if (this.single[slot] === region) this.single[slot] = undefined;
    }
  }
}
