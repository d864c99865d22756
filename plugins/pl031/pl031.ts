import type { Device, DeviceContext, Scheduler, Signal, TimerHandle } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';

const PL031_STATE = ['tickOffset', 'mr', 'lr', 'im', 'is'];
import { PS_PER_S } from '../../src/api/index.js';

export interface Pl031Options {
  /** Seconds the clock reads at virtual time 0 (Unix time). Default 0: runs stay reproducible. */
  epoch?: number;
}

const DR = 0x00;
const MR = 0x04;
const LR = 0x08;
const CR = 0x0c;
const IMSC = 0x10;
const RIS = 0x14;
const MIS = 0x18;
const ICR = 0x1c;
const ID_BASE = 0xfe0;
/** Peripheral ID (PL031) and PrimeCell ID bytes, as QEMU reports them. */
const PL031_ID: readonly number[] = [0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

/**
 * ARM PL031 real-time clock, as QEMU's pl031: a 1 Hz 32-bit counter that is always running
 * (CR reads 1), a load register that sets it, and a match register that raises the interrupt
 * when the count reaches it. The clock follows virtual time from `epoch`, never the host clock.
 */
export class Pl031 implements Device {
  private readonly irq: Signal;
  private readonly scheduler: Scheduler;
  private readonly epoch: number;
  /** Counter value minus whole virtual seconds elapsed (mod 2^32). */
  private tickOffset = 0;
  private mr = 0;
  private lr = 0;
  private im = 0;
  private is = 0;
  private alarm: TimerHandle | undefined;

  constructor(ctx: DeviceContext<Pl031Options>) {
    this.irq = ctx.output('irq');
    this.scheduler = ctx.scheduler;
    this.epoch = ctx.options.epoch ?? 0;
  }

  save(): SavedState {
    return { ...saveFields(this, PL031_STATE), alarm: this.alarm && !this.alarm.cancelled ? this.alarm.time : null };
  }

  restore(state: SavedState): void {
    restoreFields(this, PL031_STATE, state);
    this.scheduler.cancel(this.alarm);
    this.alarm = typeof state.alarm === 'number' ? this.scheduler.at(state.alarm, () => this.raise(), 'pl031 alarm') : undefined;
  }

  /** Registers and when the alarm fires. */
  inspect(): Record<string, unknown> {
    return { ...this.save(), count: this.count() };
  }

  reset(): void {
    this.scheduler.cancel(this.alarm);
    this.alarm = undefined;
    this.tickOffset = this.epoch >>> 0;
    this.mr = 0;
    this.lr = 0;
    this.im = 0;
    this.is = 0;
    this.update();
  }

  read(offset: number): number {
    switch (offset) {
      case DR:
        return this.count();
      case MR:
        return this.mr;
      case LR:
        return this.lr;
      case CR:
        return 1;
      case IMSC:
        return this.im;
      case RIS:
        return this.is;
      case MIS:
        return this.is & this.im;
      default:
        if (offset >= ID_BASE && offset < ID_BASE + 0x20) return PL031_ID[(offset - ID_BASE) >> 2];
        return 0;
    }
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    switch (offset) {
      case LR:
        this.lr = value >>> 0;
        this.tickOffset = (this.tickOffset + this.lr - this.count()) >>> 0;
        this.setAlarm();
        return;
      case MR:
        this.mr = value >>> 0;
        this.setAlarm();
        return;
      case IMSC:
        this.im = value & 1;
        this.update();
        return;
      case ICR:
        this.is &= ~value;
        this.update();
        return;
      default:
        return; // CR is ignored (always enabled); DR, RIS, MIS are read-only
    }
  }

  private count(): number {
    return (this.tickOffset + Math.floor(this.scheduler.now() / PS_PER_S)) >>> 0;
  }

  private setAlarm(): void {
    this.scheduler.cancel(this.alarm);
    this.alarm = undefined;
    // The counter wraps; so does this difference, which is right when the match is "behind".
    const seconds = (this.mr - this.count()) >>> 0;
    if (seconds === 0) {
      this.raise();
      return;
    }
    const due = this.scheduler.now() + seconds * PS_PER_S;
    if (due <= Number.MAX_SAFE_INTEGER) this.alarm = this.scheduler.at(due, () => this.raise(), 'pl031 alarm');
  }

  private raise(): void {
    this.alarm = undefined;
    this.is = 1;
    this.update();
  }

  private update(): void {
    this.irq.set(this.is & this.im);
  }
}
