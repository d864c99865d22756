import { ticksAt, timeOfTick, type Device, type DeviceContext, type Scheduler, type Signal, type TimerHandle } from '../../src/api/index.js';
import { readBytes, writeBytes } from '../isa/byte-wide.js';
import { Access, PitChannel } from './pit-channel.js';

/** Options of the `i8254` plugin. */
export interface I8254Options {
  /** Input clock in Hz (default 1193182, as QEMU's PIT_FREQ). */
  readonly frequency?: number;
  /** `reset` (default): QEMU's power-on state; `seabios`: as SeaBIOS leaves it before `-kernel` (channel 0 in mode 2). */
  readonly bootState?: 'reset' | 'seabios';
}

/** Port offsets from the base (0x40); port 0x61 comes through a board window. */
export const PIT_PORTS = { COUNTER0: 0, CONTROL: 3, PORT61: 0x21 } as const;

const NONE = -1;

/**
 * The PC's 8254 PIT at 0x40–0x43 with port 0x61 (channel 2's gate and output, the speaker
 * data bit and the refresh toggle, as QEMU's pcspk). Channel 0's OUT drives `irq`. Counting is
 * computed from virtual time in whole input-clock ticks (see PitChannel); the only event is
 * channel 0's next OUT edge, stored as the absolute time `irqEdgeAt`.
 */
export class I8254 implements Device {
  readonly channels = [new PitChannel(), new PitChannel(), new PitChannel()];
  private readonly irq: Signal;
  private readonly scheduler: Scheduler;
  private readonly hz: number;
  private speakerData = 0;
  private refreshToggle = 0;
  /** Absolute time of channel 0's next OUT edge, NONE if none. */
  private irqEdgeAt = NONE;
  private event: TimerHandle | undefined;

  constructor(private readonly ctx: DeviceContext<I8254Options>) {
    this.irq = ctx.output('irq');
    this.scheduler = ctx.scheduler;
    this.hz = ctx.options.frequency ?? 1193182;
  }

  reset(): void {
    const t = this.tick();
    this.channels.forEach((c, i) => c.reset(i === 2 ? 0 : 1, t));
    if (this.ctx.options.bootState === 'seabios') {
      // SeaBIOS pit_setup: channel 0, LSB then MSB, mode 2, binary, count 0 (65536): 18.2 Hz.
      this.channels[0].setMode(2, Access.Word, 0, t);
      this.channels[0].write(0, t);
      this.channels[0].write(0, t);
    }
    this.speakerData = 0;
    this.refreshToggle = 0;
    this.updateIrq();
  }

  ioRead(offset: number, size: 1 | 2 | 4): number {
    return readBytes(size, offset, (o) => this.readPort(o));
  }

  ioWrite(offset: number, size: 1 | 2 | 4, value: number): void {
    writeBytes(size, offset, value, (o, v) => this.writePort(o, v));
  }

  /** The input clock edges so far. */
  private tick(): number {
    return ticksAt(this.scheduler.now(), this.hz);
  }

  private readPort(offset: number): number {
    const t = this.tick();
    if (offset < PIT_PORTS.CONTROL) return this.channels[offset].read(t);
    if (offset === PIT_PORTS.CONTROL) return 0; // write-only; QEMU reads 0
    if (offset === PIT_PORTS.PORT61) {
      // QEMU toggles the refresh bit on every read, so polling loops see it move.
      this.refreshToggle ^= 1;
      const ch2 = this.channels[2];
      return ch2.gate | (this.speakerData << 1) | (this.refreshToggle << 4) | (ch2.out(t) << 5);
    }
    this.ctx.log.warn(`read of unknown port offset +0x${offset.toString(16)}`);
    return 0xff;
  }

  private writePort(offset: number, value: number): void {
    const t = this.tick();
    if (offset < PIT_PORTS.CONTROL) {
      this.channels[offset].write(value, t);
      if (offset === 0) this.updateIrq();
    } else if (offset === PIT_PORTS.CONTROL) {
      this.writeControl(value, t);
    } else if (offset === PIT_PORTS.PORT61) {
      this.speakerData = (value >> 1) & 1;
      this.channels[2].setGate(value & 1, t);
    } else {
      this.ctx.log.warn(`write of unknown port offset +0x${offset.toString(16)}`);
    }
  }

  private writeControl(value: number, t: number): void {
    const select = value >> 6;
    if (select === 3) {
      // Read-back: bit 5 clear latches counts, bit 4 clear latches status, bits 3:1 pick channels.
      this.channels.forEach((c, i) => {
        if (!(value & (2 << i))) return;
        if (!(value & 0x20)) c.latchCount(t);
        if (!(value & 0x10)) c.latchStatus(t);
      });
      return;
    }
    const channel = this.channels[select];
    const access = (value >> 4) & 3;
    if (access === 0) channel.latchCount(t);
    else channel.setMode((value >> 1) & 7, access as Access, value & 1, t);
    if (select === 0) this.updateIrq();
  }

  /** Drive `irq` from channel 0's OUT and arm one event at its next edge. */
  private updateIrq(): void {
    const t = this.tick();
    const ch0 = this.channels[0];
    this.irq.set(ch0.out(t));
    const edge = ch0.nextEdge(t);
    const at = edge === NONE ? NONE : timeOfTick(edge, this.hz);
    if (at === this.irqEdgeAt && this.event) return;
    this.scheduler.cancel(this.event);
    this.event = undefined;
    this.irqEdgeAt = at;
    if (at !== NONE) this.event = this.scheduler.at(at, () => this.onEdge(), `${this.ctx.id} out0`);
  }

  private onEdge(): void {
    this.event = undefined;
    this.irqEdgeAt = NONE;
    this.updateIrq();
  }
}
