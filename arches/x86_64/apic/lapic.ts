import type { InterruptMessage, InterruptMessageBus, Logger } from '../../../src/api/index.js';
import { ApicTimer } from './apic-timer.js';
import type { Lapic, LapicContext, LapicCpu, LapicFactory } from './lapic-contract.js';
import { decodeMsi, encodeAddress, encodeData, Mode, Shorthand, type MsiFields } from './msi-format.js';
import {
  APIC_VERSION, ApicReg, BASE_BSP, BASE_ENABLE, DEFAULT_BASE, ESR_ILLEGAL_REGISTER, ESR_RECEIVE_ILLEGAL_VECTOR, ESR_SEND_ILLEGAL_VECTOR,
  ICR_LOW_WRITABLE, Lvt, LVT_ACTIVE_LOW, LVT_LEVEL, LVT_MASKED, LVT_REMOTE_IRR, LVT_WRITABLE, SVR_ENABLE, SVR_WRITABLE,
} from './registers.js';
import { VectorSet } from './vector-set.js';

/** What `pendingVector` returns for an ExtINT: the 8259 names the vector during `acknowledge`. */
export const EXTINT_PENDING = 0x100;

/** Reserved IA32_APIC_BASE bits: 7:0, 9 (reserved), 10 (x2APIC, which qemu64 lacks) and 63:40 (40 physical address bits). */
const BASE_RESERVED_LOW = 0x6ff;
const BASE_RESERVED_HIGH = 0xffffff00;

/**
 * The local APICs on one interrupt message bus, in creation order: lowest-priority arbitration
 * needs every candidate's priority, which the shared bus of real hardware carries and a
 * one-answer message bus cannot.
 */
const apicsOnBus = new WeakMap<InterruptMessageBus, LocalApic[]>();

/**
 * The winner of each lowest-priority message, decided by the first APIC that sees it: every
 * APIC must judge the same priorities, before any of them has accepted the interrupt.
 */
const arbitrated = new WeakMap<InterruptMessage, LocalApic | null>();

/**
 * A local APIC (xAPIC, version 0x14, as QEMU 7.2's for qemu64) implementing the core's contract
 * (`lapic-contract.ts`). Fixed interrupts queue in IRR and go to ISR when the CPU acknowledges;
 * the highest IRR vector is taken when its priority class is above PPR's. IPIs, IOAPIC
 * redirections and ExtINT deliveries travel as `msi` messages that every local APIC (the sender
 * too) receives and filters by destination; EOI of a level-triggered vector sends `eoi`; ExtINT
 * is acknowledged by an `inta` message that the 8259 answers. The whole state is plain fields
 * and typed arrays; the timer's pending expiry is an absolute time (`timer.deadline`).
 */
export class LocalApic implements Lapic {
  private readonly cpu: LapicCpu;
  private readonly bus: InterruptMessageBus;
  private readonly log: Logger;
  private readonly initialId: number;
  readonly timer: ApicTimer;

  /** IA32_APIC_BASE: bits 31:0 and 39:32. */
  private baseLow = 0;
  private baseHigh = 0;
  id = 0;
  tpr = 0;
  private ldr = 0;
  private dfr = 0;
  private svr = 0;
  readonly irr = new VectorSet();
  readonly isr = new VectorSet();
  readonly tmr = new VectorSet();
  private esr = 0;
  /** Errors detected since the last ESR write; a write moves them into ESR. */
  private errors = 0;
  private icrLow = 0;
  private icrHigh = 0;
  readonly lvt = new Uint32Array(6);
  /** LINT0 and LINT1 pin levels (wire levels, before polarity). */
  private readonly lint = new Uint8Array(2);
  /** An ExtINT message (from the IOAPIC) waiting for the CPU's acknowledge. */
  private extIntMessage = false;
  private readonly fields: MsiFields = { destination: 0, logical: false, shorthand: Shorthand.None, vector: 0, mode: Mode.Fixed, assert: false, levelTriggered: false };

  constructor(ctx: LapicContext) {
    this.cpu = ctx.cpu;
    this.bus = ctx.messages;
    this.log = ctx.log;
    this.initialId = ctx.apicId & 0xff;
    this.timer = new ApicTimer(ctx.scheduler, ctx.busFrequency, () => this.lvt[Lvt.Timer], () => this.localInterrupt(Lvt.Timer), `${ctx.cpu.id} apic timer`);
    let list = apicsOnBus.get(this.bus);
    if (!list) apicsOnBus.set(this.bus, (list = []));
    list.push(this);
    this.bus.listen((m) => this.onMessage(m));
    // Power-on state without telling the CPU, which is still being built (it resets us again).
    this.resetState(false);
  }

  // --- the core's contract -----------------------------------------------------------------

  get baseMsr(): number {
    return this.baseHigh * 0x100000000 + (this.baseLow >>> 0);
  }

  writeBaseMsr(lo: number, hi: number): boolean {
    if (lo & BASE_RESERVED_LOW || hi & BASE_RESERVED_HIGH) return false;
    const wasEnabled = this.enabled;
    // The BSP flag is read-only. Once disabled, the APIC stays off until reset (QEMU's rule).
    this.baseLow = ((lo & 0xfffff000) | (this.baseLow & BASE_BSP) | (wasEnabled && lo & BASE_ENABLE ? BASE_ENABLE : 0)) >>> 0;
    this.baseHigh = hi & 0xff;
    if (wasEnabled && !this.enabled) {
      this.svr &= ~SVR_ENABLE;
      this.maskAllLvt();
      this.timer.disarm();
      this.changed();
    }
    return true;
  }

  read(offset: number, size: 1 | 2 | 4): number {
    if (size !== 4) return 0; // QEMU ignores narrower accesses
    const reg = offset & 0xff0;
    switch (reg) {
      case ApicReg.ID:
        return (this.id << 24) >>> 0;
      case ApicReg.VERSION:
        return APIC_VERSION;
      case ApicReg.TPR:
        return this.tpr;
      case ApicReg.APR:
        return this.apr();
      case ApicReg.PPR:
        return this.ppr();
      case ApicReg.EOI:
        return 0;
      case ApicReg.LDR:
        return this.ldr;
      case ApicReg.DFR:
        return this.dfr;
      case ApicReg.SVR:
        return this.svr;
      case ApicReg.ESR:
        return this.esr;
      case ApicReg.ICR_LOW:
        return this.icrLow;
      case ApicReg.ICR_HIGH:
        return this.icrHigh;
      case ApicReg.TIMER_INITIAL:
        return this.timer.initialCount;
      case ApicReg.TIMER_CURRENT:
        return this.timer.current();
      case ApicReg.TIMER_DIVIDE:
        return this.timer.divideConfig;
      default:
        if (reg >= ApicReg.ISR && reg < ApicReg.ESR) {
          const set = reg < ApicReg.TMR ? this.isr : reg < ApicReg.IRR ? this.tmr : this.irr;
          return set.words[(reg >> 4) & 7];
        }
        if (reg >= ApicReg.LVT_TIMER && reg <= ApicReg.LVT_ERROR) return this.lvt[(reg - ApicReg.LVT_TIMER) >> 4];
        this.error(ESR_ILLEGAL_REGISTER);
        return 0;
    }
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    if (size !== 4) return;
    value >>>= 0;
    const reg = offset & 0xff0;
    switch (reg) {
      case ApicReg.ID:
        this.id = value >>> 24;
        return;
      case ApicReg.TPR:
        this.tpr = value & 0xff;
        this.changed();
        return;
      case ApicReg.EOI:
        this.eoi();
        return;
      case ApicReg.LDR:
        this.ldr = (value & 0xff000000) >>> 0;
        return;
      case ApicReg.DFR:
        this.dfr = (value | 0x0fffffff) >>> 0;
        return;
      case ApicReg.SVR:
        this.svr = value & SVR_WRITABLE;
        if (!(this.svr & SVR_ENABLE)) this.maskAllLvt();
        this.changed();
        return;
      case ApicReg.ESR:
        this.esr = this.errors;
        this.errors = 0;
        return;
      case ApicReg.ICR_LOW:
        this.icrLow = value & ICR_LOW_WRITABLE;
        this.sendIpi();
        return;
      case ApicReg.ICR_HIGH:
        this.icrHigh = (value & 0xff000000) >>> 0;
        return;
      case ApicReg.TIMER_INITIAL:
        this.timer.writeInitial(value);
        return;
      case ApicReg.TIMER_DIVIDE:
        this.timer.writeDivide(value);
        return;
      case ApicReg.VERSION:
      case ApicReg.APR:
      case ApicReg.PPR:
      case ApicReg.TIMER_CURRENT:
        return; // read-only
      default:
        if (reg >= ApicReg.LVT_TIMER && reg <= ApicReg.LVT_ERROR) {
          this.writeLvt((reg - ApicReg.LVT_TIMER) >> 4, value);
          return;
        }
        if (reg >= ApicReg.ISR && reg < ApicReg.ESR) return; // ISR, TMR, IRR are read-only
        this.error(ESR_ILLEGAL_REGISTER);
    }
  }

  pendingVector(): number {
    if (!this.enabled) return this.lint[0] ? EXTINT_PENDING : -1;
    if (!(this.svr & SVR_ENABLE)) return -1;
    if (this.extIntWaiting()) return EXTINT_PENDING;
    const v = this.irr.highest();
    return v >= 0 && v >> 4 > this.ppr() >> 4 ? v : -1;
  }

  acknowledge(): number {
    if (!this.enabled) return this.lint[0] ? this.inta() : -1;
    if (!(this.svr & SVR_ENABLE)) return -1;
    // ExtINT bypasses IRR, ISR and the priorities, and goes first (as QEMU's apic_get_interrupt).
    if (this.extIntWaiting()) {
      this.extIntMessage = false;
      const v = this.inta();
      this.changed();
      return v;
    }
    const v = this.irr.highest();
    if (v < 0) return -1;
    // Raised above it since the CPU looked: the spurious vector, nothing goes in service.
    if (v >> 4 <= this.ppr() >> 4) return this.svr & 0xff;
    this.irr.clear(v);
    this.isr.set(v);
    this.changed();
    return v;
  }

  get cr8(): number {
    return this.tpr >> 4;
  }

  set cr8(value: number) {
    this.tpr = (value & 0xf) << 4;
    this.changed();
  }

  setLint(pin: 0 | 1, level: number): void {
    const was = this.lint[pin];
    level = level ? 1 : 0;
    if (level === was) return;
    this.lint[pin] = level;
    if (!this.enabled) {
      // No APIC: LINT0 is the INTR pin, LINT1 the NMI pin.
      if (pin === 0) this.changed();
      else if (level) this.cpu.nmi();
      return;
    }
    const entry = this.lvt[Lvt.Lint0 + pin];
    const polarity = entry & LVT_ACTIVE_LOW ? 1 : 0;
    this.lintChanged(pin, (was ^ polarity) === 1, (level ^ polarity) === 1);
  }

  reset(init: boolean): void {
    this.resetState(init);
    this.changed();
  }

  private resetState(init: boolean): void {
    if (!init) {
      this.baseLow = (DEFAULT_BASE | BASE_ENABLE | (this.initialId === 0 ? BASE_BSP : 0)) >>> 0;
      this.baseHigh = 0;
      this.id = this.initialId;
    }
    this.tpr = 0;
    this.ldr = 0;
    this.dfr = 0xffffffff;
    this.svr = 0xff;
    this.irr.reset();
    this.isr.reset();
    this.tmr.reset();
    this.esr = this.errors = 0;
    this.icrLow = this.icrHigh = 0;
    this.lvt.fill(LVT_MASKED);
    this.extIntMessage = false;
    this.timer.reset();
  }

  // --- priorities ----------------------------------------------------------------------------

  get enabled(): boolean {
    return (this.baseLow & BASE_ENABLE) !== 0;
  }

  /** PPR: TPR, or the class of the highest vector in service if that is higher (SDM §11.8.3.1). */
  ppr(): number {
    const isrv = Math.max(this.isr.highest(), 0);
    return this.tpr >> 4 >= isrv >> 4 ? this.tpr : isrv & 0xf0;
  }

  /** APR, as the SDM defines it for P6 lowest-priority arbitration (the nibble AND is the SDM's). */
  apr(): number {
    const tpr = this.tpr >> 4;
    const isrv = Math.max(this.isr.highest(), 0) >> 4;
    const irrv = Math.max(this.irr.highest(), 0) >> 4;
    if (tpr >= irrv && tpr > isrv) return this.tpr;
    return Math.max(tpr & isrv, irrv) << 4;
  }

  private changed(): void {
    this.cpu.interruptStateChanged();
  }

  // --- local interrupt sources ---------------------------------------------------------------

  /** ExtINT waiting: an ExtINT message, or LINT0 in ExtINT mode, unmasked and active. */
  private extIntWaiting(): boolean {
    if (this.extIntMessage) return true;
    const e = this.lvt[Lvt.Lint0];
    if (e & LVT_MASKED || ((e >> 8) & 7) !== Mode.ExtInt) return false;
    return (this.lint[0] ^ (e & LVT_ACTIVE_LOW ? 1 : 0)) === 1;
  }

  private inta(): number {
    const answer = this.bus.send({ kind: 'inta', address: 0, data: 0, source: this.cpu.id });
    return answer === undefined ? -1 : answer & 0xff;
  }

  private lintChanged(pin: 0 | 1, wasActive: boolean, active: boolean): void {
    const n = Lvt.Lint0 + pin;
    const entry = this.lvt[n];
    if (entry & LVT_MASKED) {
      this.changed();
      return;
    }
    switch ((entry >> 8) & 7) {
      case Mode.Fixed:
        if (entry & LVT_LEVEL) {
          // Level: requests while active and not already accepted; EOI clears remote IRR.
          if (active && !(entry & LVT_REMOTE_IRR)) {
            this.lvt[n] = entry | LVT_REMOTE_IRR;
            this.accept(entry & 0xff, true);
          }
        } else if (active && !wasActive) {
          this.accept(entry & 0xff, false);
        }
        return;
      case Mode.Nmi:
        if (active && !wasActive) this.cpu.nmi();
        return;
      case Mode.Init:
        if (active && !wasActive) this.cpu.init();
        return;
      case Mode.ExtInt:
        this.changed();
        return;
      default:
        if (active && !wasActive) this.log.warn(`LVT ${n} delivery mode ${(entry >> 8) & 7} (SMI) is not modelled`);
    }
  }

  /** An LVT source fired (timer, error): deliver as its entry says, unless masked. */
  private localInterrupt(n: Lvt): void {
    const entry = this.lvt[n];
    if (entry & LVT_MASKED) return;
    switch ((entry >> 8) & 7) {
      case Mode.Fixed:
        this.accept(entry & 0xff, false);
        return;
      case Mode.Nmi:
        this.cpu.nmi();
        return;
      default:
        this.log.warn(`LVT ${n} delivery mode ${(entry >> 8) & 7} is not modelled`);
    }
  }

  private writeLvt(n: Lvt, value: number): void {
    const old = this.lvt[n];
    let entry = (value & LVT_WRITABLE[n]) | (old & LVT_REMOTE_IRR);
    // A software-disabled APIC keeps every LVT entry masked.
    if (!(this.svr & SVR_ENABLE)) entry |= LVT_MASKED;
    if (!(entry & LVT_LEVEL)) entry &= ~LVT_REMOTE_IRR;
    this.lvt[n] = entry;
    if (n === Lvt.Timer) this.timer.rearm();
    if (n === Lvt.Lint0 || n === Lvt.Lint1) {
      // A level-triggered fixed LINT that is active when unmasked requests now.
      const pin = n - Lvt.Lint0;
      const active = (this.lint[pin] ^ (entry & LVT_ACTIVE_LOW ? 1 : 0)) === 1;
      if (((entry >> 8) & 7) === Mode.Fixed && entry & LVT_LEVEL && !(entry & LVT_MASKED) && active && !(entry & LVT_REMOTE_IRR)) {
        this.lvt[n] = entry | LVT_REMOTE_IRR;
        this.accept(entry & 0xff, true);
      }
      this.changed();
    }
  }

  private maskAllLvt(): void {
    for (let n = 0; n < 6; n++) this.lvt[n] |= LVT_MASKED;
    this.timer.rearm();
  }

  private error(bits: number): void {
    const fresh = bits & ~this.errors;
    this.errors |= bits;
    if (fresh) this.localInterrupt(Lvt.Error);
  }

  // --- fixed interrupts ----------------------------------------------------------------------

  /** Accept a fixed (or lowest-priority) interrupt: IRR, with TMR for level-triggered. An IRR bit already set absorbs it. */
  private accept(vector: number, level: boolean): void {
    if (vector < 16) {
      this.error(ESR_RECEIVE_ILLEGAL_VECTOR);
      return;
    }
    this.irr.set(vector);
    this.tmr.assign(vector, level);
    this.changed();
  }

  private eoi(): void {
    const v = this.isr.highest();
    if (v < 0) return;
    this.isr.clear(v);
    if (this.tmr.has(v)) {
      // A level-triggered LINT with this vector may request again.
      for (const n of [Lvt.Lint0, Lvt.Lint1]) {
        const entry = this.lvt[n];
        if (!(entry & LVT_REMOTE_IRR) || (entry & 0xff) !== v) continue;
        this.lvt[n] = entry & ~LVT_REMOTE_IRR;
        this.lintChanged((n - Lvt.Lint0) as 0 | 1, false, (this.lint[n - Lvt.Lint0] ^ (entry & LVT_ACTIVE_LOW ? 1 : 0)) === 1);
      }
      this.bus.send({ kind: 'eoi', address: 0, data: v, source: this.cpu.id });
    }
    this.changed();
  }

  // --- interrupt messages --------------------------------------------------------------------

  private sendIpi(): void {
    const icr = this.icrLow;
    const mode = ((icr >> 8) & 7) as Mode;
    const vector = icr & 0xff;
    if ((mode === Mode.Fixed || mode === Mode.LowestPriority) && vector < 16) {
      this.error(ESR_SEND_ILLEGAL_VECTOR);
      return;
    }
    const shorthand = ((icr >> 18) & 3) as Shorthand;
    const address = encodeAddress(this.icrHigh >>> 24, (icr & (1 << 11)) !== 0, shorthand);
    const data = encodeData(vector, mode, (icr & (1 << 14)) !== 0, (icr & (1 << 15)) !== 0);
    this.bus.send({ kind: 'msi', address, data, source: this.cpu.id });
  }

  private onMessage(m: InterruptMessage): undefined {
    if (m.kind !== 'msi' || !this.enabled) return undefined;
    const f = decodeMsi(m.address, m.data, this.fields);
    if (!this.isTarget(f, m.source)) return undefined;
    switch (f.mode) {
      case Mode.Fixed:
        this.accept(f.vector, f.levelTriggered);
        break;
      case Mode.LowestPriority:
        if (this.arbitrationWinner(m, f) === this) this.accept(f.vector, f.levelTriggered);
        break;
      case Mode.Nmi:
        this.cpu.nmi();
        break;
      case Mode.Init:
        // INIT level de-assert only resynchronises arbitration IDs: nothing to do.
        if (!(f.levelTriggered && !f.assert)) this.cpu.init();
        break;
      case Mode.StartUp:
        this.cpu.startup(f.vector);
        break;
      case Mode.ExtInt:
        this.extIntMessage = true;
        this.changed();
        break;
      default:
        this.log.warn(`SMI message from ${m.source} ignored: SMM is not modelled`);
    }
    return undefined;
  }

  /** Does a message with these fields from `source` reach this APIC? */
  private isTarget(f: MsiFields, source: string): boolean {
    switch (f.shorthand) {
      case Shorthand.Self:
        return source === this.cpu.id;
      case Shorthand.AllIncludingSelf:
        return true;
      case Shorthand.AllExcludingSelf:
        return source !== this.cpu.id;
      default:
        return this.matches(f.destination, f.logical);
    }
  }

  /** Destination match: physical ID or broadcast 0xFF; logical flat (LDR AND) or cluster (same cluster, AND of the low nibbles), as QEMU. */
  matches(destination: number, logical: boolean): boolean {
    if (!logical) return destination === 0xff || destination === this.id;
    const ldr = this.ldr >>> 24;
    if (this.dfr >>> 28 === 0xf) return (destination & ldr) !== 0;
    return (destination & 0xf0) === (ldr & 0xf0) && (destination & ldr & 0x0f) !== 0;
  }

  /** Lowest-priority arbitration among the enabled APICs a message reaches: lowest APR, then lowest APIC ID. */
  private arbitrationWinner(m: InterruptMessage, f: MsiFields): LocalApic | null {
    const known = arbitrated.get(m);
    if (known !== undefined) return known;
    let winner: LocalApic | null = null;
    for (const a of apicsOnBus.get(this.bus) ?? []) {
      if (!a.enabled || !(a.svr & SVR_ENABLE) || !a.isTarget(f, m.source)) continue;
      if (!winner || a.apr() < winner.apr() || (a.apr() === winner.apr() && a.id < winner.id)) winner = a;
    }
    arbitrated.set(m, winner);
    return winner;
  }
}

/** The factory the x86-64 core calls, one local APIC per CPU. */
export const createLapic: LapicFactory = (ctx) => new LocalApic(ctx);

