import type { Device, DeviceContext } from '../../src/api/index.js';
import type { SavedState } from '../../src/api/index.js';
import { periodPs } from '../../src/api/index.js';
import {
  CONFIG, CONFIG_DF, CONFIG_IRQ_SHIFT, CONFIG_SI, SCALER, SCALER_RELOAD, TIMER_COUNTER, TIMER_CTRL, TIMER_RELOAD, TIMER_STRIDE,
} from './registers.js';
import { TimerChannel, type TickSource } from './timer-channel.js';

export interface GptimerOptions {
  /** Input clock in Hz (the AMBA bus clock); default 40 MHz like QEMU's leon3. */
  frequency?: number;
  /** Number of timers, 1..7; default 2. */
  timers?: number;
  /** First interrupt number, reported in CONFIG; timer n raises `irq<n>` and is irq + n. Default 8 (QEMU's default). */
  irq?: number;
}

/**
 * GRLIB GPTIMER unit: a 16-bit prescaler shared by up to 7 32-bit down-counters with separate
 * interrupts. As in QEMU, the prescaler is modelled by its reload value only: the counters tick
 * at frequency / (SCALER_RELOAD + 1) and the SCALER register just holds what was written.
 */
export class GptimerUnit implements Device, TickSource {
  tickPs: number;
  private readonly frequency: number;
  private readonly channels: TimerChannel[] = [];
  private readonly irqBase: number;
  private scaler = 0;
  private scalerReload = 0;

  constructor(ctx: DeviceContext<GptimerOptions>) {
    this.frequency = ctx.options.frequency ?? 40_000_000;
    this.irqBase = ctx.options.irq ?? 8;
    const n = ctx.options.timers ?? 2;
    for (let i = 0; i < n; i++) this.channels.push(new TimerChannel(this, ctx.scheduler, ctx.output(`irq${i}`), `${ctx.id}.timer${i}`));
    this.tickPs = this.computeTick();
  }

  save(): SavedState {
    return { scaler: this.scaler, scalerReload: this.scalerReload, tickPs: this.tickPs, channels: this.channels.map((c) => c.save()) };
  }

  restore(state: SavedState): void {
    this.scaler = state.scaler as number;
    this.scalerReload = state.scalerReload as number;
    this.tickPs = state.tickPs as number;
    const channels = state.channels as SavedState[];
    if (channels.length !== this.channels.length) throw new Error(`saved state has ${channels.length} timers, this unit ${this.channels.length}`);
    this.channels.forEach((c, i) => c.restore(channels[i]));
  }

  /** Scaler and each timer's registers and pending underflow. */
  inspect(): Record<string, unknown> {
    return this.save();
  }

  reset(): void {
    this.scaler = 0;
    this.scalerReload = 0;
    this.tickPs = this.computeTick();
    for (const c of this.channels) c.reset();
  }

  /** Registers are 32-bit; a narrower access sees the big-endian byte lanes of its word. */
  read(offset: number, size: 1 | 2 | 4): number {
    const word = this.readWord(offset & 0xfc) >>> 0;
    if (size === 4) return word;
    return (word >>> ((4 - (offset & 3) - size) * 8)) & (size === 1 ? 0xff : 0xffff);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    this.writeWord(offset & 0xfc, size === 4 ? value >>> 0 : (value << ((4 - (offset & 3) - size) * 8)) >>> 0);
  }

  private readWord(offset: number): number {
    switch (offset) {
      case SCALER:
        return this.scaler;
      case SCALER_RELOAD:
        return this.scalerReload;
      case CONFIG:
        return this.channels.length | (this.irqBase << CONFIG_IRQ_SHIFT) | CONFIG_SI | CONFIG_DF;
    }
    const channel = this.channelAt(offset);
    if (!channel) return 0;
    switch (offset % TIMER_STRIDE) {
      case TIMER_COUNTER:
        return channel.readCounter();
      case TIMER_RELOAD:
        return channel.reload;
      case TIMER_CTRL:
        return channel.readCtrl();
      default:
        return 0;
    }
  }

  private writeWord(offset: number, value: number): void {
    switch (offset) {
      case SCALER:
        this.scaler = value & 0xffff;
        return;
      case SCALER_RELOAD:
        for (const c of this.channels) c.rebase();
        this.scalerReload = value & 0xffff;
        this.tickPs = this.computeTick();
        for (const c of this.channels) c.schedule();
        return;
      case CONFIG:
        return; // read-only
    }
    const channel = this.channelAt(offset);
    if (!channel) return;
    switch (offset % TIMER_STRIDE) {
      case TIMER_COUNTER:
        channel.writeCounter(value);
        return;
      case TIMER_RELOAD:
        channel.writeReload(value);
        return;
      case TIMER_CTRL:
        channel.writeCtrl(value);
        return;
    }
  }

  private channelAt(offset: number): TimerChannel | undefined {
    const n = Math.floor(offset / TIMER_STRIDE) - 1;
    return n >= 0 ? this.channels[n] : undefined;
  }

  /** QEMU divides in whole hertz: tick = 1 / floor(frequency / (reload + 1)). */
  private computeTick(): number {
    return periodPs(Math.max(1, Math.floor(this.frequency / (this.scalerReload + 1))));
  }
}
