import { ticksAt, timeOfTick, type Scheduler, type TimerHandle } from '../../../src/api/index.js';
import { LVT_MASKED, LVT_TIMER_PERIODIC } from './registers.js';

const NONE = -1;

/**
 * The local APIC timer, computed from virtual time as QEMU's: the initial count written at
 * `loadTime` counts down once per `divisor` bus clocks; the count goes N, N−1, …, 0 and the
 * interrupt comes when the next tick would go below 0, N + 1 ticks after the load (then the
 * count reloads in periodic mode, and rests at 0 in one-shot mode). Ticks are counted from the
 * load, exactly (`ticksAt` on the bus frequency). One event is armed for the next expiry, and
 * only while the LVT entry is unmasked; `deadline` keeps its absolute time.
 */
export class ApicTimer {
  initialCount = 0;
  divideConfig = 0;
  loadTime = 0;
  /** Absolute time of the armed expiry, NONE when none is armed. */
  deadline = NONE;
  private event: TimerHandle | undefined;

  private readonly busHz: number;

  constructor(
    private readonly scheduler: Scheduler,
    busHz: number,
    /** The LVT timer entry (mask, periodic mode). */
    private readonly lvt: () => number,
    private readonly expire: () => void,
    private readonly label: string,
  ) {
    // Exact tick arithmetic needs whole hertz.
    this.busHz = Math.max(1, Math.round(busHz));
  }

  reset(): void {
    this.initialCount = 0;
    this.divideConfig = 0;
    this.loadTime = this.scheduler.now();
    this.disarm();
  }

  /** Divide configuration (bits 0, 1, 3): 2, 4, …, 128, or 1 for 0b1011. */
  divisor(): number {
    const v = (this.divideConfig & 3) | ((this.divideConfig >> 1) & 4);
    return v === 7 ? 1 : 2 << v;
  }

  private ticks(now: number): number {
    return Math.floor(ticksAt(now - this.loadTime, this.busHz) / this.divisor());
  }

  writeInitial(count: number): void {
    this.initialCount = count >>> 0;
    this.loadTime = this.scheduler.now();
    this.rearm();
  }

  /** A new divider applies to the ticks since the load, as in QEMU (the count may jump). */
  writeDivide(value: number): void {
    this.divideConfig = value & 0xb;
    this.rearm();
  }

  current(): number {
    const n = this.initialCount;
    if (n === 0) return 0;
    const d = this.ticks(this.scheduler.now());
    if (this.lvt() & LVT_TIMER_PERIODIC) return n - (d % (n + 1));
    return d >= n ? 0 : n - d;
  }

  /** Time of the first expiry after now, or NONE. */
  private nextExpiry(): number {
    const n1 = this.initialCount + 1;
    if (this.initialCount === 0) return NONE;
    const d = this.ticks(this.scheduler.now());
    let tick: number;
    if (this.lvt() & LVT_TIMER_PERIODIC) tick = (Math.floor(d / n1) + 1) * n1;
    else if (d < n1) tick = n1;
    else return NONE;
    return this.loadTime + timeOfTick(tick * this.divisor(), this.busHz);
  }

  /** Arm the event for the next expiry if the entry is unmasked; call after any change. */
  rearm(): void {
    const at = this.lvt() & LVT_MASKED ? NONE : this.nextExpiry();
    if (at === this.deadline && (at === NONE || this.event)) return;
    this.disarm();
    this.deadline = at;
    if (at !== NONE) this.event = this.scheduler.at(at, () => this.fire(), this.label);
  }

  disarm(): void {
    this.scheduler.cancel(this.event);
    this.event = undefined;
    this.deadline = NONE;
  }

  private fire(): void {
    this.event = undefined;
    this.deadline = NONE;
    this.expire();
    this.rearm();
  }
}
