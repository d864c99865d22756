import type { Scheduler, Signal, TimerHandle } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';

const CHANNEL_STATE = ['reload', 'ctrl', 'counter', 'running', 't0'];
import { CTRL_EN, CTRL_IE, CTRL_IP, CTRL_LD, CTRL_RS, CTRL_STORED } from './registers.js';

/** What a channel needs from its unit: the prescaled tick length. */
export interface TickSource {
  /** Picoseconds between two decrements of the counters. */
  readonly tickPs: number;
}

/**
 * One GPTIMER counter, computed from virtual time instead of ticked: while running, the counter
 * was `counter` at time `t0` and loses one per tick since. An underflow (the decrement from 0)
 * happens `counter + 1` ticks after `t0`. A scheduler event is set only for an underflow that
 * must raise an interrupt (IE); reloads without IE and one-shot expiry are caught up lazily by
 * `sync` whenever the guest looks or changes something.
 */
export class TimerChannel {
  reload = 0;
  private ctrl = 0;
  private counter = 0;
  private running = false;
  private t0 = 0;
  private event: TimerHandle | undefined;

  constructor(
    private readonly unit: TickSource,
    private readonly scheduler: Scheduler,
    private readonly irq: Signal,
    private readonly label: string,
  ) {}

  /** Registers, and when the pending underflow event fires (the event is re-armed from it). */
  save(): SavedState {
    return { ...saveFields(this, CHANNEL_STATE), event: this.event && !this.event.cancelled ? this.event.time : null };
  }

  restore(state: SavedState): void {
    restoreFields(this, CHANNEL_STATE, state);
    this.scheduler.cancel(this.event);
    this.event = typeof state.event === 'number' ? this.scheduler.at(state.event, () => this.onUnderflowEvent(), this.label) : undefined;
  }

  reset(): void {
    this.scheduler.cancel(this.event);
    this.event = undefined;
    this.reload = 0;
    this.ctrl = 0;
    this.counter = 0;
    this.running = false;
    this.irq.lower();
  }

  readCounter(): number {
    const now = this.scheduler.now();
    this.sync(now);
    if (!this.running) return this.counter;
    return this.counter - Math.floor((now - this.t0) / this.unit.tickPs);
  }

  writeCounter(value: number): void {
    const now = this.scheduler.now();
    this.sync(now);
    this.counter = value >>> 0;
    this.t0 = now;
    this.schedule();
  }

  writeReload(value: number): void {
    // Periods that already ended used the old reload value.
    this.sync(this.scheduler.now());
    this.reload = value >>> 0;
  }

  readCtrl(): number {
    this.sync(this.scheduler.now());
    return this.ctrl;
  }

  writeCtrl(value: number): void {
    const now = this.scheduler.now();
    this.sync(now);
    const ip = value & CTRL_IP ? 0 : this.ctrl & CTRL_IP;
    this.ctrl = (value & CTRL_STORED) | ip;
    if (value & CTRL_LD) {
      this.counter = this.reload;
      this.t0 = now;
    }
    if (this.ctrl & CTRL_EN) {
      if (!this.running) {
        this.running = true;
        this.t0 = now;
      }
    } else if (this.running) {
      this.counter = this.valueAt(now);
      this.running = false;
    }
    this.schedule();
  }

  /** The unit's tick length is about to change: keep the current count and restart the tick from now. */
  rebase(): void {
    const now = this.scheduler.now();
    this.sync(now);
    if (!this.running) return;
    this.counter = this.valueAt(now);
    this.t0 = now;
  }

  /** Re-arm the underflow event after the tick length changed. */
  schedule(): void {
    this.scheduler.cancel(this.event);
    this.event = undefined;
    if (!this.running || !(this.ctrl & CTRL_IE)) return;
    const due = this.t0 + (this.counter + 1) * this.unit.tickPs;
    if (due > Number.MAX_SAFE_INTEGER) return; // beyond what virtual time can count (about 2.5 hours)
    this.event = this.scheduler.at(due, () => this.onUnderflowEvent(), this.label);
  }

  private onUnderflowEvent(): void {
    this.event = undefined;
    this.sync(this.scheduler.now());
    this.schedule();
  }

  private valueAt(now: number): number {
    return this.counter - Math.floor((now - this.t0) / this.unit.tickPs);
  }

  /** Apply every underflow that happened up to `now`. */
  private sync(now: number): void {
    if (!this.running) return;
    const tick = this.unit.tickPs;
    const due = this.t0 + (this.counter + 1) * tick;
    if (now < due) return;
    if (this.ctrl & CTRL_IE) {
      this.ctrl |= CTRL_IP;
      // A pulse: the IRQMP latches the rising edge.
      this.irq.raise();
      this.irq.lower();
    }
    if (this.ctrl & CTRL_RS) {
      const period = (this.reload + 1) * tick;
      this.t0 = due + Math.floor((now - due) / period) * period;
      this.counter = this.reload;
    } else {
      // One-shot expiry: the counter rests at 0 (as QEMU reads it) and the timer disables itself
      // (as the GRLIB manual says).
      this.counter = 0;
      this.running = false;
      this.ctrl &= ~CTRL_EN;
    }
  }
}
