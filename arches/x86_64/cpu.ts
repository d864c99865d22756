import type { CpuContext, RegisterFile } from '../../src/api/index.js';
import { CpuBase } from '../../src/api/index.js';
import type { Lapic, LapicCpu, LapicFactory } from './apic/lapic-contract.js';
import { CPU_FEATURE_NAMES, cpuidLeaf } from './cpuid.js';
import { deliverEvent, EventKind } from './exceptions.js';
import { GUEST_FAULT, Vec } from './fault.js';
import type { X86FpHost, X87Registers } from './fp-contract.js';
import { AF, ARITH, Cc, computeCf, computeFlags, condition, CF, IF, OF, PF, RF, SF, TF, ZF, type LazyFlags } from './flags.js';
import {
  CR0_ET,
  CR0_PE,
  DESC_A,
  DESC_B,
  DESC_CS,
  DESC_L,
  DESC_P,
  DESC_R,
  DESC_S,
  DESC_W,
  EFER_LMA,
  MODE_FLAT,
  MODE_PE,
  MODE_SS32,
  MODE_CPL_SHIFT,
} from './mode.js';
import { Seg } from './decode/insn.js';
import { Access, walk, WalkResult, type PagingState } from './paging.js';
import { createRegisterFile } from './register-file.js';
import type { Block } from './translate/block.js';
import { compileBlock } from './translate/block.js';
import { MsrState } from './msr.js';
import { TLB_EMPTY, TLB_MASK, TlbSet } from './tlb.js';
import { CodeCache } from './code-cache.js';
import { DebugRegs } from './debug-regs.js';

/** Options from the board's `cpus[].options`. */
export interface X86Options {
  /** Instructions per translated block at most; 1 = single-step reference mode. Default 64. */
  blockLimit?: number;
  /** MiB of generated JavaScript kept before the translation cache starts again (default 32). */
  codeCacheMiB?: number;
  /** Features added to qemu64, comma-separated as QEMU's `-cpu qemu64,+popcnt,+abm`: `popcnt`, `abm`. */
  features?: string;
}

/** Run-state reasons beyond `running`. */
const enum Wait {
  None = 0,
  /** HLT: idle until an interrupt. */
  Halt = 1,
  /** After INIT (and for application processors at power-on): stopped until a SIPI. */
  Sipi = 2,
}

/** Attention bits: something to look at before the next block. */
export const enum Att {
  Intr = 1,
  Nmi = 2,
  Init = 4,
  Sipi = 8,
  Step = 16,
  Triple = 32,
  /** The next instruction is in an STI/MOV SS shadow. */
  Shadow = 64,
  /** Breakpoints are enabled in DR7. */
  Debug = 128,
}

/**
 * An x86-64 core modelled on QEMU 7.2's `qemu64` CPU: real mode, 16/32-bit protected mode,
 * compatibility and 64-bit mode, paging, the system architecture and a local APIC. Guest code
 * is translated per block into JavaScript (`translate/`); this class holds the architectural
 * state, the software TLB, the memory helpers generated code calls, event delivery entry
 * points and the run loop.
 */
export class X86Cpu extends CpuBase implements X86FpHost, LapicCpu, LazyFlags, PagingState {
  // ================= architectural state (hot) =================
  /** RAX..R15 as int32 pairs (lo at 2n, hi at 2n+1). */
  readonly r = new Int32Array(32);
  /** RIP between blocks, as unsigned halves (inside a block each instruction's address is a constant). */
  ip = 0;
  ipHi = 0;
  // Lazy arithmetic flags (flags.ts).
  ccOp = Cc.Eflags << 2;
  ccA = 0;
  ccAH = 0;
  ccB = 0;
  ccBH = 0;
  ccR = 0;
  ccRH = 0;
  ccC = 0;
  /** EFLAGS except the six arithmetic flags; bit 1 always set. */
  eflags = 2;
  /** Segment registers ES, CS, SS, DS, FS, GS, LDTR, TR: selector, base (lo/hi), limit, descriptor flags. */
  readonly segSel = new Int32Array(8);
  readonly segBase = new Int32Array(8);
  readonly segBaseHi = new Int32Array(8);
  readonly segLimit = new Float64Array(8);
  readonly segFlags = new Int32Array(8);
  gdtBaseLo = 0;
  gdtBaseHi = 0;
  gdtLimit = 0xffff;
  idtBaseLo = 0;
  idtBaseHi = 0;
  idtLimit = 0xffff;
  cr0 = 0x60000010;
  cr2Lo = 0;
  cr2Hi = 0;
  cr3Lo = 0;
  cr3Hi = 0;
  cr4 = 0;
  efer = 0;
  /** DR0-DR3 (pairs), DR6, DR7: stored for software; breakpoints are not implemented. */
  readonly dr = new Int32Array(8);
  dr6 = 0xffff0ff0 | 0;
  dr7 = 0x400;
  /** DR7's enabled breakpoints, decoded. */
  readonly debug = new DebugRegs();
  cpl = 0;
  /** What translated blocks are compiled for (mode.ts). */
  modeKey = 2;
  /** MSRs other than EFER (msr.ts). */
  readonly msr = new MsrState();
  /** Bits 63:32 of the last 64-bit load (and of 64-bit helper results). */
  loadHi = 0;
  /** A second result of some helpers (IMUL overflow...). */
  aux = 0;

  // ---- FP state (fp-contract.ts) ----
  readonly xmm = new Uint32Array(64);
  readonly xmmBytes = new Uint8Array(this.xmm.buffer);
  readonly xmmU16 = new Uint16Array(this.xmm.buffer);
  readonly xmmI32 = new Int32Array(this.xmm.buffer);
  readonly xmmF32 = new Float32Array(this.xmm.buffer);
  readonly xmmF64 = new Float64Array(this.xmm.buffer);
  mxcsr = 0x1f80;
  readonly x87: X87Registers = { fpr: new Uint16Array(40), fcw: 0x37f, fsw: 0, top: 0, ftw: 0xffff, fop: 0, fipLo: 0, fipHi: 0, fdpLo: 0, fdpHi: 0 };

  // ---- interrupts and run state ----
  /** Non-zero when the run loop must look at something before the next block (Att bits). */
  attention = 0;
  private wait: Wait = Wait.None;
  nmiPending = false;
  /** NMIs are blocked from an NMI's delivery until the next IRET. */
  nmiBlocked = false;
  private sipiVector = -1;
  private initPending = false;
  /** STI / MOV SS shadow: the next instruction runs before interrupts are looked at. */
  shadow = false;
  /** INTR pin level when there is no local APIC (LINT0 straight to the core). */
  private intrPin = 0;
  readonly lapic: Lapic | undefined;
  /** TPR (CR8) when there is no local APIC. */
  tpr = 0;
  /** Initial APIC ID: this core's index among the board's x86 cores (0 = the bootstrap processor). */
  readonly apicId: number;
  /** Which event is being delivered (for #DF and triple-fault rules), -1 when none. */
  delivering = -1;

  // ---- TLB ----
  private readonly tlbs: TlbSet[][] = [
    [new TlbSet(), new TlbSet(), new TlbSet()],
    [new TlbSet(), new TlbSet(), new TlbSet()],
  ];
  rTag!: Int32Array;
  rHi!: Int32Array;
  rPa!: Int32Array;
  wTag!: Int32Array;
  wHi!: Int32Array;
  wPa!: Int32Array;
  private xTag!: Int32Array;
  private xHi!: Int32Array;
  private xPa!: Int32Array;
  private tlbUser = -1;
  private readonly w = new WalkResult();

  // ---- translated code ----
  /** Translated blocks by physical address, and their invalidation. */
  readonly code: CodeCache;
  /** The running block and the index of its instruction that may fault now (set by generated code). */
  curBlock: Block | undefined;
  k = 0;
  /** REP iterations of the running instruction already retired (for exact counts on a fault). */
  repDone = 0;
  inBlock = false;
  /** `cycles` when the running block started, and the budget end of this `run`. */
  blockStartCycles = 0;
  cycleLimit = 0;
  /** Set when a store rewrote the running block: generated code ends the block after that store. */
  smc = 0;
  private faultRetired = 0;
  /** Cycles that retired no instruction (fault and event entry): instructions = cycles - stalls. */
  private stalls = 0;
  /** Bumped by every TLB flush: cached block successors from before are not trusted. */
  tlbEpoch = 0;
  readonly blockLimit: number;
  /** {@link CpuFeature} bits beyond qemu64 (CPUID and decoding). */
  readonly features: number;
  /** A fetch window for the block compiler. */
  readonly fetchBuf = new Uint8Array(16);

  readonly memory;
  readonly io;
  readonly registers: RegisterFile;
  readonly machine;
  readonly log;
  readonly scheduler;

  constructor(readonly context: CpuContext, lapicFactory?: LapicFactory) {
    super(context, 'x86_64', true);
    this.memory = context.memory;
    this.io = context.io;
    this.machine = context.machine;
    this.log = context.log;
    this.scheduler = context.scheduler;
    const opts = context.options as X86Options;
    this.blockLimit = Math.max(1, Math.min(256, Number(opts.blockLimit ?? 64)));
    // The schema admits only known names; an empty string is no feature.
    this.features = String(opts.features ?? '').split(',').filter((f) => f !== '').reduce((m, f) => m | (CPU_FEATURE_NAMES[f] ?? 0), 0);
    this.apicId = context.machine.cpus.filter((c) => c.arch === 'x86_64').length;
    this.lapic = lapicFactory?.({
      cpu: this,
      apicId: this.apicId,
      scheduler: context.scheduler,
      messages: context.machine.interruptMessages,
      log: context.log.child('lapic'),
      busFrequency: 1e9,
    });
    this.inputs.set('lint0', (level) => this.setLint(0, level));
    this.inputs.set('lint1', (level) => this.setLint(1, level));
    this.code = new CodeCache(this, Math.max(1, Math.min(1024, Number(opts.codeCacheMiB ?? 32))) * 0x100000);
    this.memory.codeWriteHook = (address, size) => this.code.onCodeWrite(address, size);
    this.registers = createRegisterFile(this);
    this.powerOnState();
  }

  get pc(): number {
    return this.ipHi * 4294967296 + this.ip;
  }

  /** RIP of the executing instruction (inside a block) or of the next one (between blocks). */
  get ripLo(): number {
    // k counts the instructions retired in this block (loop blocks go round: index mod n).
    return this.inBlock && this.curBlock ? this.curBlock.rips[this.k % this.curBlock.n] >>> 0 : this.ip;
  }
  get ripHi(): number {
    return this.inBlock && this.curBlock ? this.curBlock.ripHi : this.ipHi;
  }
  /** Set RIP (between blocks, or by a block at its exit). */
  setRip(lo: number, hi: number): void {
    this.ip = lo >>> 0;
    this.ipHi = hi >>> 0;
  }
  /** x86 cores on the board (CPUID topology). */
  get coreCount(): number {
    // Counted each time: the first CPUID (the reset value of EDX) runs before later cores exist.
    let n = 0;
    for (const c of this.machine.cpus) if (c.arch === 'x86_64') n++;
    return Math.max(1, n);
  }

  get csSelector(): number {
    return this.segSel[Seg.CS];
  }
  get mode64(): boolean {
    return (this.modeKey & 0xf) === 8;
  }
  get codeSize(): number {
    return this.modeKey & 0xf;
  }
  /** Protected mode (CR0.PE). */
  get pe(): boolean {
    return (this.cr0 & CR0_PE) !== 0;
  }

  // ================= reset, INIT, SIPI =================

  /** Power-on state (Intel SDM vol. 3 §9.1.1): real mode at F000:FFF0. */
  private powerOnState(): void {
    this.resetCore(false);
  }

  /** Reset or INIT. `init` keeps the x87/SSE state, MTRRs and the MSRs an INIT leaves alone. */
  private resetCore(init: boolean): void {
    this.r.fill(0);
    this.r[4] = cpuidLeaf(this, 1, 0)[0]; // EDX = processor signature
    this.ip = 0xfff0;
    this.ipHi = 0;
    this.ccOp = Cc.Eflags << 2;
    this.ccR = 0;
    this.eflags = 2;
    for (let s = 0; s < 6; s++) this.setSegmentCache(s, 0, 0, 0xffff, DESC_P | DESC_S | DESC_W | DESC_A);
    this.setSegmentCache(Seg.CS, 0xf000, 0xffff0000 | 0, 0xffff, DESC_P | DESC_S | DESC_CS | DESC_R | DESC_A);
    this.setSegmentCache(Seg.LDTR, 0, 0, 0xffff, DESC_P | (2 << 8));
    this.setSegmentCache(Seg.TR, 0, 0, 0xffff, DESC_P | (11 << 8));
    this.gdtBaseLo = this.gdtBaseHi = 0;
    this.gdtLimit = 0xffff;
    this.idtBaseLo = this.idtBaseHi = 0;
    this.idtLimit = 0xffff;
    this.cr0 = (this.cr0 & 0x60000000) | CR0_ET;
    if (!init) this.cr0 = 0x60000000 | CR0_ET;
    this.cr2Lo = this.cr2Hi = this.cr3Lo = this.cr3Hi = 0;
    this.cr4 = 0;
    this.efer = 0;
    this.dr.fill(0);
    this.dr6 = 0xffff0ff0 | 0;
    this.dr7 = 0x400;
    this.debug.update(this.dr, this.dr7);
    this.cpl = 0;
    this.msr.reset(init);
    if (!init) {
      // QEMU's reset state: FCW 0x37F, every register empty, MXCSR 0x1F80.
      this.xmm.fill(0);
      this.mxcsr = 0x1f80;
      const x = this.x87;
      x.fpr.fill(0);
      x.fcw = 0x37f;
      x.fsw = 0;
      x.top = 0;
      x.ftw = 0xffff;
      x.fop = x.fipLo = x.fipHi = x.fdpLo = x.fdpHi = 0;
    }
    this.nmiPending = false;
    this.nmiBlocked = false;
    this.initPending = false;
    this.sipiVector = -1;
    this.shadow = false;
    this.delivering = -1;
    this.lapic?.reset(init);
    this.updateMode();
    this.flushTlb(false);
    this.updateAttention();
  }

  reset(start: boolean): void {
    this.resetCore(false);
    // QEMU's pc firmware leaves x87 in the FNINIT state; the boot protocol or BIOS does that.
    this.wait = start ? Wait.None : Wait.Sipi;
    this.setState(start ? 'running' : 'stopped');
  }

  setEntry(pc: number): void {
    this.ip = pc >>> 0;
    this.ipHi = Math.floor(pc / 4294967296) >>> 0;
  }

  /**
   * Start a core that waits for a SIPI, in real mode at `entry` (CS = entry >> 4), as a SIPI
   * to vector entry >> 12 would. `context` is unused on x86.
   */
  powerOn(entry = 0, _context = 0): void {
    this.resetCore(false);
    this.setSegmentCache(Seg.CS, (entry >>> 4) & 0xffff, (entry >>> 4) << 4, 0xffff, DESC_P | DESC_S | DESC_CS | DESC_R | DESC_A);
    this.ip = entry & 0xf;
    this.ipHi = 0;
    this.updateMode();
    this.wait = Wait.None;
    this.setState('running');
  }

  override powerOff(): void {
    this.wait = Wait.Sipi;
    this.setState('stopped');
  }

  /** LapicCpu: INIT resets into wait-for-SIPI at the next instruction boundary. */
  init(): void {
    this.initPending = true;
    this.attention |= Att.Init;
    this.requestExit();
    if (this.state !== 'running') this.serviceInitSipi();
  }

  /** LapicCpu: a start-up IPI; only a core waiting for SIPI takes it. */
  startup(vector: number): void {
    if (this.wait !== Wait.Sipi || this.initPending) {
      if (this.initPending) {
        this.sipiVector = vector & 0xff;
        this.attention |= Att.Sipi;
      }
      return;
    }
    this.sipiVector = vector & 0xff;
    this.serviceInitSipi();
  }

  /** LapicCpu: NMI (LINT1 or an NMI message). */
  nmi(): void {
    this.nmiPending = true;
    this.updateAttention();
    this.wakeIfWork();
  }

  /** LapicCpu: IRR/PPR/LINT changed. */
  interruptStateChanged(): void {
    this.updateAttention();
    this.wakeIfWork();
  }

  private setLint(pin: 0 | 1, level: number): void {
    if (this.lapic) {
      this.lapic.setLint(pin, level ? 1 : 0);
      return;
    }
    // No local APIC: LINT0 is the INTR pin and LINT1 the NMI pin (rising edge).
    if (pin === 0) {
      this.intrPin = level ? 1 : 0;
      this.interruptStateChanged();
    } else if (level) this.nmi();
  }

  private serviceInitSipi(): void {
    if (this.initPending) {
      this.initPending = false;
      this.resetCore(true);
      this.wait = Wait.Sipi;
      this.setState('stopped');
    }
    if (this.sipiVector >= 0 && this.wait === Wait.Sipi) {
      const v = this.sipiVector;
      this.sipiVector = -1;
      this.setSegmentCache(Seg.CS, v << 8, v << 12, 0xffff, DESC_P | DESC_S | DESC_CS | DESC_R | DESC_A);
      this.ip = 0;
      this.ipHi = 0;
      this.updateMode();
      this.wait = Wait.None;
      this.setState('running');
    }
    this.sipiVector = -1;
    this.updateAttention();
  }

  // ================= modes, flags =================

  /** Load a segment register's hidden part directly (reset, real mode, boot state). */
  setSegmentCache(seg: number, selector: number, base: number, limit: number, flags: number, baseHi = 0): void {
    this.segSel[seg] = selector & 0xffff;
    this.segBase[seg] = base | 0;
    this.segBaseHi[seg] = baseHi | 0;
    this.segLimit[seg] = limit >>> 0;
    this.segFlags[seg] = flags;
  }

  /** Recompute the mode key after CR0, EFER, CS, SS, CPL or a DS/ES/SS base changed. */
  updateMode(): void {
    const pe = (this.cr0 & CR0_PE) !== 0;
    const csf = this.segFlags[Seg.CS];
    let code: number;
    if (!pe) code = 2;
    else if ((this.efer & EFER_LMA) !== 0 && (csf & DESC_L) !== 0) code = 8;
    else code = (csf & DESC_B) !== 0 ? 4 : 2;
    const ss32 = (this.segFlags[Seg.SS] & DESC_B) !== 0;
    const b = this.segBase;
    const flat = (b[Seg.CS] | b[Seg.SS] | b[Seg.DS] | b[Seg.ES]) === 0;
    if (!pe) this.cpl = 0;
    this.modeKey = code | (ss32 ? MODE_SS32 : 0) | (this.cpl << MODE_CPL_SHIFT) | (pe ? MODE_PE : 0) | (flat ? MODE_FLAT : 0);
    this.selectTlb(this.cpl === 3 ? 1 : 0);
  }

  /** EFER changed by WRMSR: NXE changes page rights, LME/LMA the mode. */
  eferChanged(): void {
    this.flushTlb(false);
    this.updateMode();
  }

  /** Full EFLAGS. */
  getEflags(): number {
    return ((this.eflags & ~ARITH) | computeFlags(this) | 2) >>> 0;
  }

  /** Write the EFLAGS bits in `mask` (the arithmetic ones go into the lazy state as materialised flags). */
  setEflags(value: number, mask: number): void {
    const old = computeFlags(this);
    this.ccOp = Cc.Eflags << 2;
    this.ccR = ((old & ~mask) | (value & mask)) & ARITH;
    const sysMask = mask & ~ARITH;
    const before = this.eflags;
    this.eflags = ((this.eflags & ~sysMask) | (value & sysMask) | 2) & ~ARITH;
    if (((before ^ this.eflags) & (IF | TF)) !== 0) this.updateAttention();
  }

  /** Arithmetic flags as a number (LAHF, PUSHF, exception frames). */
  arithFlags(): number {
    return computeFlags(this);
  }

  /** Carry flag as 0/1. */
  carry(): number {
    return computeCf(this);
  }

  setCompareFlags(zf: number, pf: number, cf: number): void {
    this.ccOp = Cc.Eflags << 2;
    this.ccR = (zf ? ZF : 0) | (pf ? PF : 0) | (cf ? CF : 0);
  }

  setFcomiFlags(zf: number, pf: number, cf: number): void {
    const kept = computeFlags(this) & (OF | SF | AF);
    this.ccOp = Cc.Eflags << 2;
    this.ccR = kept | (zf ? ZF : 0) | (pf ? PF : 0) | (cf ? CF : 0);
  }

  conditionHolds(cc: number): boolean {
    return condition(this, cc);
  }

  // ================= interrupts =================

  /** Recompute `attention` from pending events, IF and TF. */
  updateAttention(): void {
    let a = this.attention & (Att.Init | Att.Sipi | Att.Triple);
    if (this.nmiPending && !this.nmiBlocked) a |= Att.Nmi;
    if ((this.eflags & IF) !== 0 && this.intrPending()) a |= Att.Intr;
    if ((this.eflags & TF) !== 0) a |= Att.Step;
    if (this.shadow) a |= Att.Shadow;
    if (this.debug.active) a |= Att.Debug;
    // The block loop, loop blocks, REP and I/O instructions all test `attention`; nothing else to do.
    this.attention = a;
  }

  private intrPending(): boolean {
    return this.lapic ? this.lapic.pendingVector() >= 0 : this.intrPin !== 0;
  }

  /** Wake from HLT when something the halted core takes is pending. */
  private wakeIfWork(): void {
    if (this.wait !== Wait.Halt) return;
    if ((this.nmiPending && !this.nmiBlocked) || ((this.eflags & IF) !== 0 && this.intrPending())) {
      this.wait = Wait.None;
      this.setState('running');
    }
  }

  /** HLT: idle until an interrupt (RIP already past the HLT). */
  halt(): void {
    if ((this.nmiPending && !this.nmiBlocked) || ((this.eflags & IF) !== 0 && this.intrPending())) return;
    this.wait = Wait.Halt;
    this.setState('idle');
  }

  /**
   * Take what `attention` flags, between blocks. Returns true when the run loop should not
   * fetch now (the core stopped or an event was delivered and it must re-check).
   */
  private serviceAttention(): boolean {
    const a = this.attention;
    if ((a & Att.Triple) !== 0) {
      this.attention &= ~Att.Triple;
      return true;
    }
    if ((a & (Att.Init | Att.Sipi)) !== 0) {
      this.attention &= ~(Att.Init | Att.Sipi);
      this.serviceInitSipi();
      return this.state !== 'running';
    }
    if (this.shadow) return false;
    if ((a & Att.Nmi) !== 0) {
      this.nmiPending = false;
      this.nmiBlocked = true;
      this.updateAttention();
      this.cycles += 1;
      this.stalls += 1;
      deliverEvent(this, Vec.NMI, -1, EventKind.Hardware, this.ip, this.ipHi);
      return true;
    }
    if ((a & Att.Intr) !== 0) {
      if ((this.eflags & IF) !== 0) {
        const vector = this.lapic ? this.lapic.acknowledge() : this.ackPic();
        this.updateAttention();
        if (vector >= 0) {
          this.cycles += 1;
          this.stalls += 1;
          deliverEvent(this, vector, -1, EventKind.Hardware, this.ip, this.ipHi);
          return true;
        }
      } else this.updateAttention();
    }
    return false;
  }

  /** INTA cycle without a local APIC: the 8259 answers with the vector. */
  private ackPic(): number {
    const v = this.machine.interruptMessages.send({ kind: 'inta', address: 0, data: 0, source: this.id });
    return v === undefined ? -1 : v & 0xff;
  }

  // ================= exceptions =================

  /** Deliver exception `vector` for the current instruction and throw the fault sentinel. */
  raise(vector: number, errorCode?: number): never {
    this.exception(vector, errorCode ?? -1);
    throw GUEST_FAULT;
  }

  /** #GP(code). */
  gp(code = 0): never {
    return this.raise(Vec.GP, code);
  }

  /** #UD. */
  ud(): never {
    return this.raise(Vec.UD);
  }

  /**
   * Deliver a fault-class exception whose return address is the current instruction, applying
   * the double-fault rules when it happens during another delivery.
   */
  exception(vector: number, errorCode: number): void {
    if (this.inBlock) {
      this.faultRetired = this.k + this.repDone;
      this.repDone = 0;
    }
    const first = this.delivering;
    if (first >= 0) {
      if (first === Vec.DF) {
        this.tripleFault();
        return;
      }
      const contributory = (v: number): boolean => v === Vec.DE || (v >= Vec.TS && v <= Vec.GP);
      if ((contributory(first) && contributory(vector)) || (first === Vec.PF && (contributory(vector) || vector === Vec.PF))) {
        vector = Vec.DF;
        errorCode = 0;
      }
    }
    deliverEvent(this, vector, errorCode, EventKind.Fault, this.ripLo, this.ripHi);
  }

  /** Shutdown after a triple fault: as QEMU's pc with -no-reboot, the run ends (see docs). */
  tripleFault(): void {
    this.delivering = -1;
    this.log.warn(`triple fault at ${this.ripHi.toString(16)}:${this.ripLo.toString(16).padStart(8, '0')}: shutdown`);
    this.attention |= Att.Triple;
    this.wait = Wait.Sipi;
    this.setState('stopped');
    this.machine.exit(0, `${this.id} triple fault`);
  }

  /** INT n / INT3 / INTO / INT1 from a block: RIP is already past the instruction. */
  softInterrupt(vector: number, kind: EventKind): void {
    deliverEvent(this, vector, -1, kind, this.ip, this.ipHi);
  }

  // ================= TLB and translation =================

  private selectTlb(user: number): void {
    if (user === this.tlbUser) return;
    this.tlbUser = user;
    const s = this.tlbs[user];
    this.rTag = s[0].tag;
    this.rHi = s[0].hi;
    this.rPa = s[0].pa;
    this.wTag = s[1].tag;
    this.wHi = s[1].hi;
    this.wPa = s[1].pa;
    this.xTag = s[2].tag;
    this.xHi = s[2].hi;
    this.xPa = s[2].pa;
  }

  /** Drop cached translations (all, or all but global pages). */
  flushTlb(keepGlobal: boolean): void {
    for (const sets of this.tlbs) for (const s of sets) s.flush(keepGlobal);
    this.tlbEpoch++;
  }

  /** INVLPG: drop one page from every set. */
  flushTlbPage(lo: number, hi: number): void {
    this.tlbEpoch++;
    const i = (lo >>> 12) & TLB_MASK;
    const tag = lo & -4096;
    for (const sets of this.tlbs) {
      for (const s of sets) if (s.tag[i] === tag && s.hi[i] === (hi | 0)) s.tag[i] = TLB_EMPTY;
    }
  }

  /**
   * Linear → physical for an access that missed the fast path. Raises #GP (non-canonical) or
   * #PF (throws) when `raise`, else returns -1. Returns -2 for a page above 4 GiB.
   */
  translate(lo: number, hi: number, kind: Access, user: boolean, raise: boolean): number {
    lo = lo >>> 0;
    hi = hi | 0;
    const u = user ? 1 : 0;
    const set = this.tlbs[u][kind];
    const i = (lo >>> 12) & TLB_MASK;
    if (set.tag[i] === (lo & -4096) && set.hi[i] === hi) return (set.pa[i] | (lo & 0xfff)) >>> 0;
    const top = hi >> 15;
    if (top !== 0 && top !== -1) {
      // Non-canonical (bits 63:47 not all equal): #GP(0), as QEMU raises it whatever the segment.
      if (!raise) return -1;
      this.raise(Vec.GP, 0);
    }
    const w = this.w;
    walk(this, lo, hi, kind, user, w);
    if (w.pa === -1) {
      if (!raise) return -1;
      this.cr2Lo = lo | 0;
      this.cr2Hi = hi;
      this.raise(Vec.PF, w.error);
    }
    if (w.pa === -2) return -2;
    const pa = w.pa;
    const page = (pa & -4096) | 0;
    if (!this.isApicPage(pa) && !this.debug.watchesPage(lo, hi)) {
      const sets = this.tlbs[u];
      const tag = lo & -4096;
      const g = w.global ? 1 : 0;
      if (!user || w.userRead) this.fill(sets[0], i, tag, hi, page, g);
      if ((user ? w.userWrite : w.supWrite) && (w.dirty || kind === Access.Write)) this.fill(sets[1], i, tag, hi, page, g);
      if (w.exec && (!user || w.userRead)) this.fill(sets[2], i, tag, hi, page, g);
    }
    return pa;
  }

  private fill(s: TlbSet, i: number, tag: number, hi: number, page: number, g: number): void {
    s.tag[i] = tag;
    s.hi[i] = hi;
    s.pa[i] = page;
    s.global[i] = g;
  }

  private isApicPage(pa: number): boolean {
    const l = this.lapic;
    return l !== undefined && (l.baseMsr & 0x800) !== 0 && (pa & -4096) === (l.baseMsr & -4096);
  }

  /** Privilege of data accesses: user when CPL = 3. */
  get user(): boolean {
    return this.tlbUser === 1;
  }

  // ================= memory helpers (hot) =================

  load8(lo: number, hi: number): number {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.rTag[i] === (lo & -4096) && this.rHi[i] === (hi | 0)) {
      const pa = (this.rPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.readIndex[pa >>> 12];
      if (b !== 0) return mem.views[b].getUint8(pa - mem.bases[b]);
    }
    return this.loadSlow(lo, hi, 1);
  }

  load16(lo: number, hi: number): number {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.rTag[i] === ((lo + 1) & -4096) && this.rHi[i] === (hi | 0)) {
      const pa = (this.rPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.readIndex[pa >>> 12];
      if (b !== 0) return mem.views[b].getUint16(pa - mem.bases[b], true);
    }
    return this.loadSlow(lo, hi, 2);
  }

  load32(lo: number, hi: number): number {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.rTag[i] === ((lo + 3) & -4096) && this.rHi[i] === (hi | 0)) {
      const pa = (this.rPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.readIndex[pa >>> 12];
      if (b !== 0) return mem.views[b].getUint32(pa - mem.bases[b], true);
    }
    return this.loadSlow(lo, hi, 4);
  }

  /** Bits 31:0 (unsigned); bits 63:32 in `loadHi`. */
  load64(lo: number, hi: number): number {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.rTag[i] === ((lo + 7) & -4096) && this.rHi[i] === (hi | 0)) {
      const pa = (this.rPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.readIndex[pa >>> 12];
      if (b !== 0) {
        const v = mem.views[b];
        const off = pa - mem.bases[b];
        this.loadHi = v.getUint32(off + 4, true);
        return v.getUint32(off, true);
      }
    }
    return this.loadSlow(lo, hi, 8);
  }

  store8(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.wTag[i] === (lo & -4096) && this.wHi[i] === (hi | 0)) {
      const pa = (this.wPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.writeIndex[pa >>> 12];
      if (b !== 0) {
        mem.views[b].setUint8(pa - mem.bases[b], val);
        return;
      }
      // A page that holds translated code: a store beside the code still needs no invalidation.
      if (this.storeCodePage(pa, 1, val, 0)) return;
    }
    this.storeSlow(lo, hi, 1, val, 0);
  }

  store16(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.wTag[i] === ((lo + 1) & -4096) && this.wHi[i] === (hi | 0)) {
      const pa = (this.wPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.writeIndex[pa >>> 12];
      if (b !== 0) {
        mem.views[b].setUint16(pa - mem.bases[b], val, true);
        return;
      }
      // A page that holds translated code: a store beside the code still needs no invalidation.
      if (this.storeCodePage(pa, 2, val, 0)) return;
    }
    this.storeSlow(lo, hi, 2, val, 0);
  }

  store32(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.wTag[i] === ((lo + 3) & -4096) && this.wHi[i] === (hi | 0)) {
      const pa = (this.wPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.writeIndex[pa >>> 12];
      if (b !== 0) {
        mem.views[b].setUint32(pa - mem.bases[b], val, true);
        return;
      }
      // A page that holds translated code: a store beside the code still needs no invalidation.
      if (this.storeCodePage(pa, 4, val, 0)) return;
    }
    this.storeSlow(lo, hi, 4, val, 0);
  }

  store64(lo: number, hi: number, vlo: number, vhi: number): void {
    const i = (lo >>> 12) & TLB_MASK;
    if (this.wTag[i] === ((lo + 7) & -4096) && this.wHi[i] === (hi | 0)) {
      const pa = (this.wPa[i] | (lo & 0xfff)) >>> 0;
      const mem = this.memory;
      const b = mem.writeIndex[pa >>> 12];
      if (b !== 0) {
        const v = mem.views[b];
        const off = pa - mem.bases[b];
        v.setUint32(off, vlo, true);
        v.setUint32(off + 4, vhi, true);
        return;
      }
      if (this.storeCodePage(pa, 8, vlo, vhi)) return;
    }
    this.storeSlow(lo, hi, 8, vlo, vhi);
  }

  /**
   * A store that hit the TLB on a RAM page whose write index is 0 because some granules of it
   * hold decoded code (of any CPU). If the bytes touch no marked granule, write them here and
   * return true; otherwise the bus's slow path must report the write to the code hooks.
   */
  private storeCodePage(pa: number, size: number, vlo: number, vhi: number): boolean {
    const mem = this.memory;
    const b = mem.readIndex[pa >>> 12];
    if (b === 0) return false;
    const backing = mem.backings[b]!;
    if (!backing.writable) return false;
    const off = pa - mem.bases[b];
    const g = backing.codeGranules;
    if (g[off >>> 6] !== 0 || g[(off + size - 1) >>> 6] !== 0) return false;
    const v = mem.views[b];
    switch (size) {
      case 1:
        v.setUint8(off, vlo);
        break;
      case 2:
        v.setUint16(off, vlo, true);
        break;
      case 4:
        v.setUint32(off, vlo, true);
        break;
      default:
        v.setUint32(off, vlo, true);
        v.setUint32(off + 4, vhi, true);
    }
    return true;
  }

  /** Fault now as a write of `size` bytes at lo/hi would, without writing. */
  probeWrite(lo: number, hi: number, size: number): void {
    this.probe(lo, hi, size, Access.Write);
  }

  private probe(lo: number, hi: number, size: number, kind: Access): void {
    lo = lo >>> 0;
    this.translate(lo, hi, kind, this.user, true);
    if ((lo & 0xfff) + size > 0x1000) {
      const next = (lo & -4096) + 4096;
      this.translate(next >>> 0, next > 0xffffffff ? hi + 1 : hi, kind, this.user, true);
    }
  }

  /** Fault now as a read would (all-or-nothing instructions check their reads first). */
  probeRead(lo: number, hi: number, size: number): void {
    this.probe(lo, hi, size, Access.Read);
  }

  /** A load that missed the fast path (TLB miss, page straddle, MMIO, LAPIC). */
  loadSlow(lo: number, hi: number, size: number, user = this.user): number {
    lo = lo >>> 0;
    if (this.debug.data !== 0) this.debug.access(lo, hi, size, false);
    if ((lo & 0xfff) + size > 0x1000) {
      // Straddles a page: byte by byte (each translated; the second page may fault).
      let vlo = 0;
      let vhi = 0;
      for (let k = 0; k < size; k++) {
        const a = lo + k;
        const b = this.physRead(this.translate(a >>> 0, a > 0xffffffff ? hi + 1 : hi, Access.Read, user, true), 1);
        if (k < 4) vlo |= b << (8 * k);
        else vhi |= b << (8 * (k - 4));
      }
      this.loadHi = vhi >>> 0;
      return size === 8 ? vlo >>> 0 : (vlo >>> 0) & (size === 4 ? 0xffffffff : (1 << (8 * size)) - 1);
    }
    return this.physRead(this.translate(lo, hi, Access.Read, user, true), size);
  }

  storeSlow(lo: number, hi: number, size: number, vlo: number, vhi: number, user = this.user): void {
    lo = lo >>> 0;
    if (this.debug.data !== 0) this.debug.access(lo, hi, size, true);
    if ((lo & 0xfff) + size > 0x1000) {
      // Both pages are checked before anything is written (first page first, as QEMU); a fault on
      // the second reports its first byte in CR2.
      const next = (lo & -4096) + 4096;
      this.translate(lo, hi, Access.Write, user, true);
      this.translate(next >>> 0, next > 0xffffffff ? hi + 1 : hi, Access.Write, user, true);
      for (let k = 0; k < size; k++) {
        const a = lo + k;
        const b = k < 4 ? vlo >>> (8 * k) : vhi >>> (8 * (k - 4));
        this.physWrite(this.translate(a >>> 0, a > 0xffffffff ? hi + 1 : hi, Access.Write, user, true), 1, b & 0xff, 0);
      }
      return;
    }
    this.physWrite(this.translate(lo, hi, Access.Write, user, true), size, vlo, vhi);
  }

  /** Supervisor-privilege accesses (descriptor tables, TSS, IDT) whatever the CPL. */
  sysLoad(lo: number, hi: number, size: number): number {
    return this.loadSlow(lo, hi, size, false);
  }
  sysStore(lo: number, hi: number, size: number, vlo: number, vhi = 0): void {
    this.storeSlow(lo, hi, size, vlo, vhi, false);
  }

  /** Bring `cycles` up to the current instruction, so devices see this core's exact time. */
  syncCycles(): void {
    if (this.inBlock) {
      this.cycles = this.blockStartCycles + this.k + this.repDone;
      this.instructions = this.cycles - this.stalls;
    }
  }

  physRead(pa: number, size: number): number {
    if (pa === -2) {
      this.loadHi = 0;
      return 0;
    }
    const mem = this.memory;
    if (this.isApicPage(pa)) {
      this.syncCycles();
      const l = this.lapic!;
      const off = pa & 0xfff;
      if (size === 8) {
        this.loadHi = l.read(off + 4, 4) >>> 0;
        return l.read(off, 4) >>> 0;
      }
      return l.read(off, size as 1 | 2 | 4) >>> 0;
    }
    if (mem.readIndex[pa >>> 12] === 0) this.syncCycles();
    switch (size) {
      case 1:
        return mem.read8(pa);
      case 2:
        return mem.read16(pa);
      case 4:
        return mem.read32(pa);
      default: {
        const v = mem.read32(pa);
        this.loadHi = mem.read32(pa + 4);
        return v;
      }
    }
  }

  physWrite(pa: number, size: number, vlo: number, vhi: number): void {
    if (pa === -2) return;
    const mem = this.memory;
    if (this.isApicPage(pa)) {
      this.syncCycles();
      const l = this.lapic!;
      const off = pa & 0xfff;
      if (size === 8) {
        l.write(off, 4, vlo >>> 0);
        l.write(off + 4, 4, vhi >>> 0);
      } else l.write(off, size as 1 | 2 | 4, vlo >>> 0);
      return;
    }
    if (mem.readIndex[pa >>> 12] === 0) this.syncCycles();
    switch (size) {
      case 1:
        mem.write8(pa, vlo & 0xff);
        break;
      case 2:
        mem.write16(pa, vlo & 0xffff);
        break;
      case 4:
        mem.write32(pa, vlo >>> 0);
        break;
      default:
        mem.write32(pa, vlo >>> 0);
        mem.write32(pa + 4, vhi >>> 0);
    }
  }

  // ================= I/O ports =================

  /** IN after the permission checks (generated code calls `H.ioCheck` first). */
  portIn(port: number, size: 1 | 2 | 4): number {
    this.syncCycles();
    return this.io.in(port & 0xffff, size, this.index) >>> 0;
  }

  portOut(port: number, size: 1 | 2 | 4, value: number): void {
    this.syncCycles();
    this.io.out(port & 0xffff, size, value >>> 0, this.index);
  }

  // ================= translated code =================

  /** Forget all translated code (tests that rewrite memory behind the bus). */
  flushCode(): void {
    this.code.flush();
  }

  private readonly lin = { lo: 0, hi: 0 };
  /** Linear address of RIP + offset (CS base added outside 64-bit mode). */
  linearRip(offset: number): { lo: number; hi: number } {
    const l = this.lin;
    if ((this.modeKey & 0xf) === 8) {
      const s = this.ip + offset;
      l.lo = s >>> 0;
      l.hi = (this.ipHi + (s > 0xffffffff ? 1 : 0)) | 0;
    } else {
      l.lo = (this.segBase[Seg.CS] + this.ip + offset) >>> 0;
      l.hi = 0;
    }
    return l;
  }

  /** Physical address of the instruction at RIP (raises #PF/#GP on a fetch fault). */
  fetchPa(): number {
    let lo: number;
    let hi: number;
    if ((this.modeKey & 0xf) === 8) {
      lo = this.ip;
      hi = this.ipHi | 0;
    } else {
      lo = (this.segBase[Seg.CS] + this.ip) >>> 0;
      hi = 0;
    }
    const i = (lo >>> 12) & TLB_MASK;
    if (this.xTag[i] === (lo & -4096) && this.xHi[i] === hi) return (this.xPa[i] | (lo & 0xfff)) >>> 0;
    const pa = this.translate(lo, hi, Access.Exec, this.user, true);
    if (pa === -2) this.raise(Vec.PF, 0); // unreachable on a pc board: nothing to execute above 4 GiB
    return pa;
  }

  /**
   * Read instruction bytes at linear RIP+offset into `fetchBuf` for the block compiler: up to
   * 15 bytes, stopping where the next page cannot be fetched. Returns the count and the
   * physical address of the second page (or -1) in `fetchPa2`.
   */
  fetchWindow(offset: number, pa: number): number {
    const buf = this.fetchBuf;
    const mem = this.memory;
    const inPage = 0x1000 - (pa & 0xfff);
    const first = Math.min(15, inPage);
    for (let k = 0; k < first; k++) buf[k] = mem.read8(pa + k);
    this.fetchPa2 = -1;
    if (first === 15) return 15;
    const l = this.linearRip(offset + first);
    const pa2 = this.translate(l.lo, l.hi, Access.Exec, this.user, false);
    if (pa2 < 0) return first;
    this.fetchPa2 = pa2;
    for (let k = first; k < 15; k++) buf[k] = mem.read8(pa2 + k - first);
    return 15;
  }
  fetchPa2 = -1;

  // ================= run loop =================

  /**
   * Run up to `budget` cycles. The inner loop runs block after block, following each block's
   * cached successors (checked against RIP, mode and the TLB epoch), and leaves it only for
   * what `attention` flags, an exit request, the budget, or a block it has to look up. The
   * last instructions before the budget end, and everything in an STI/MOV SS shadow, under TF or
   * with breakpoints enabled, run one instruction at a time (`stepOne`).
   */
  run(budget: number): number {
    this.exitRequested = false;
    if (this.state !== 'running') return 0;
    const start = this.cycles;
    const end = start + budget;
    this.cycleLimit = end;
    const r = this.r;
    while (this.cycles < end && !this.exitRequested) {
      try {
        if (this.attention !== 0) {
          if (this.serviceAttention()) continue;
          if ((this.attention & (Att.Step | Att.Shadow | Att.Debug)) !== 0) {
            this.stepOne(r);
            continue;
          }
        }
        let blk = this.code.find(this.fetchPa(), false);
        // Cycles live in a local while blocks chain; the field is written where anything can read it.
        let cyc = this.cycles;
        this.inBlock = true;
        for (;;) {
          if (blk.n > end - cyc) {
            this.cycles = cyc;
            this.inBlock = false;
            this.stepOne(r);
            break;
          }
          this.blockStartCycles = cyc;
          this.curBlock = blk;
          cyc += blk.fn(this, r);
          if (this.attention !== 0 || this.exitRequested || cyc >= end) break;
          if (this.smc !== 0) this.smc = 0;
          const nx = this.chained(blk);
          if (nx !== undefined) {
            blk = nx;
            continue;
          }
          this.cycles = cyc;
          this.inBlock = false;
          blk = this.successor(blk);
          this.inBlock = true;
        }
        if (this.inBlock) {
          this.cycles = cyc;
          this.inBlock = false;
        }
      } catch (e) {
        if (e !== GUEST_FAULT) throw e;
        // A fault costs a cycle besides the instructions of its block that retired before it.
        this.cycles = (this.inBlock ? this.blockStartCycles + this.faultRetired : this.cycles) + 1;
        this.stalls += 1;
        this.inBlock = false;
        this.faultRetired = 0;
        this.delivering = -1;
        if (this.shadow) this.clearShadow();
      }
    }
    this.instructions = this.cycles - this.stalls;
    return this.cycles - start;
  }

  /** One of `blk`'s two cached successors if it is the block at the current RIP, else undefined. */
  private chained(blk: Block): Block | undefined {
    if (blk.linkEpoch !== this.tlbEpoch) return undefined;
    const ip = this.ip;
    const ipHi = this.ipHi;
    let nx = blk.next0;
    if (nx !== undefined && nx.ripLo === ip && nx.ripHi === ipHi && nx.valid && nx.mode === this.modeKey) return nx;
    nx = blk.next1;
    if (nx !== undefined && nx.ripLo === ip && nx.ripHi === ipHi && nx.valid && nx.mode === this.modeKey) return nx;
    return undefined;
  }

  /** Look up (or compile) the block at the current RIP and remember it as a successor of `blk`. */
  private successor(blk: Block): Block {
    if (blk.linkEpoch !== this.tlbEpoch) {
      blk.next0 = blk.next1 = undefined;
      blk.linkEpoch = this.tlbEpoch;
    }
    const nx = this.code.find(this.fetchPa(), false);
    // A block whose last instruction straddles a page is revalidated by findBlock each time: no link.
    if (nx.pa2 < 0) {
      blk.next1 = blk.next0;
      blk.next0 = nx;
    }
    return nx;
  }

  /**
   * One instruction, with the checks the block loop leaves out: instruction breakpoints,
   * the interrupt shadow, TF and data watchpoints.
   */
  private stepOne(r: Int32Array): void {
    const dbg = this.debug.active;
    const rf = this.eflags & RF;
    // Instruction breakpoints are faults before the instruction (EFLAGS.RF suppresses one).
    if (dbg && this.debug.exec !== 0 && rf === 0 && this.breakpointHit()) return;
    const shadow = this.shadow;
    const tf = (this.eflags & TF) !== 0;
    const blk = this.code.find(this.fetchPa(), true);
    const bs = this.cycles;
    this.blockStartCycles = bs;
    this.curBlock = blk;
    this.inBlock = true;
    const n = blk.fn(this, r);
    this.inBlock = false;
    this.cycles = bs + n;
    this.smc = 0;
    // The shadow covers one instruction and does not chain (QEMU: STI in a shadow sets none).
    if (shadow) this.clearShadow();
    if (dbg) {
      if (n > 0 && rf !== 0) this.eflags &= ~RF; // RF covers the one instruction it was set for
      if (this.debug.pending !== 0 || (tf && n > 0)) this.debugTrap(tf && n > 0);
    } else if (tf && n > 0) this.debugTrap(true);
  }

  /** STI and MOV/POP SS: interrupts (and debug traps) wait until after the next instruction. */
  setShadow(): void {
    this.shadow = true;
    this.attention |= Att.Shadow;
  }

  private clearShadow(): void {
    this.shadow = false;
    this.updateAttention();
  }

  /** #DB trap after an instruction: single step (DR6.BS) and/or data watchpoints hit (DR6.Bn). */
  private debugTrap(singleStep: boolean): void {
    this.dr6 |= (singleStep ? 0x4000 : 0) | this.debug.pending;
    this.debug.pending = 0;
    this.cycles += 1;
    this.stalls += 1;
    deliverEvent(this, Vec.DB, -1, EventKind.Trap, this.ip, this.ipHi);
  }

  /** An instruction breakpoint matches RIP: #DB fault with DR6.Bn; returns true when taken. */
  private breakpointHit(): boolean {
    const l = this.linearRip(0);
    const hits = this.debug.execHits(l.lo, l.hi);
    if (hits === 0) return false;
    this.dr6 |= hits;
    this.cycles += 1;
    this.stalls += 1;
    deliverEvent(this, Vec.DB, -1, EventKind.Fault, this.ip, this.ipHi);
    return true;
  }
}

