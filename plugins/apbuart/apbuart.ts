import type { Device, DeviceContext, SerialPort, Signal } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';

const APBUART_STATE = ['rx', 'backlog', 'status', 'control'];
import {
  CTRL, CTRL_RE, CTRL_RI, CTRL_TE, CTRL_TI, DATA, RX_FIFO_LENGTH, SCALER, STATUS, STATUS_DR, STATUS_TE, STATUS_TS,
} from './registers.js';

/**
 * GRLIB APBUART as QEMU 7.2's grlib_apbuart presents it: transmission is instant, so the
 * transmitter is always empty (TS and TE set, TF never); interrupts are pulses (the IRQMP latches
 * the rising edge) on each transmitted byte with TI and on each received byte with RI; the
 * scaler is not modelled and reads 0.
 */
export class ApbUart implements Device {
  private readonly irq: Signal;
  private readonly serial: SerialPort;
  private readonly rx: number[] = [];
  /** Host bytes that did not fit in the FIFO; they move in as the guest reads. */
  private readonly backlog: number[] = [];
  private status = 0;
  private control = 0;

  constructor(ctx: DeviceContext) {
    this.irq = ctx.output('irq');
    this.serial = ctx.serial();
    this.serial.onReceive((byte) => this.receive(byte));
  }

  save(): SavedState {
    return saveFields(this, APBUART_STATE);
  }

  restore(state: SavedState): void {
    restoreFields(this, APBUART_STATE, state);
  }

  /** STATUS, CTRL, the receive FIFO in order and bytes held back while it was full. */
  inspect(): Record<string, unknown> {
    return saveFields(this, APBUART_STATE);
  }

  reset(): void {
    this.status = STATUS_TE | STATUS_TS;
    this.control = 0;
    this.rx.length = 0;
    this.backlog.length = 0;
    this.irq.lower();
  }

  /**
   * Offsets are decoded as QEMU does: DATA answers at 0 and at 3 (the low byte on this
   * big-endian bus), so byte accesses to the data register work; other registers are words.
   */
  read(offset: number): number {
    switch (offset & 0xff) {
      case DATA:
      case DATA + 3:
        return this.pop();
      case STATUS:
        return this.status;
      case CTRL:
        return this.control >>> 0;
      case SCALER:
        return 0;
      default:
        return 0;
    }
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    switch (offset & 0xff) {
      case DATA:
      case DATA + 3:
        if (this.control & CTRL_TE) {
          this.serial.transmit(value & 0xff);
          if (this.control & CTRL_TI) this.pulse();
        }
        return;
      case CTRL:
        this.control = value >>> 0;
        return;
      default:
        return; // STATUS is read-only; SCALER is not modelled
    }
  }

  private receive(byte: number): void {
    // A disabled receiver drops what arrives, as in QEMU.
    if (!(this.control & CTRL_RE)) return;
    if (this.rx.length >= RX_FIFO_LENGTH) {
      this.backlog.push(byte & 0xff);
      return;
    }
    this.rx.push(byte & 0xff);
    this.status |= STATUS_DR;
    if (this.control & CTRL_RI) this.pulse();
  }

  private pop(): number {
    if (this.rx.length === 0) {
      this.status &= ~STATUS_DR;
      return 0;
    }
    const c = this.rx.shift()!;
    while (this.backlog.length && this.rx.length < RX_FIFO_LENGTH) this.rx.push(this.backlog.shift()!);
    if (this.rx.length === 0) this.status &= ~STATUS_DR;
    return c;
  }

  private pulse(): void {
    this.irq.raise();
    this.irq.lower();
  }
}
