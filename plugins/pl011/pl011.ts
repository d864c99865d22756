import type { Device, DeviceContext, SerialPort, Signal } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';

const PL011_STATE = ['rxFifo', 'rxPos', 'rxCount', 'backlog', 'flags', 'rsr', 'ilpr', 'ibrd', 'fbrd', 'lcr', 'cr', 'ifls', 'imsc', 'ris', 'dmacr'];
import {
  CR_RESET, FIFO_DEPTH, FR_RXFE, FR_RXFF, FR_TXFE, IFLS_RESET, INT_ALL, INT_RX, INT_TX, LCR_FEN, PL011_ID, Pl011Reg,
} from './registers.js';

/**
 * ARM PL011 UART as QEMU 7.2 models it: transmission is instant (TXIS is set as soon as DR is
 * written, TX FIFO always empty, never busy); the receive FIFO holds 16 entries with FEN set and
 * one without; the RX interrupt fires when the FIFO becomes non-empty (QEMU's trigger level is
 * always 1, because Linux only drains the FIFO from the interrupt).
 */
export class Pl011 implements Device {
  private readonly irq: Signal;
  private readonly serial: SerialPort;
  /** Receive FIFO as a ring; entries keep the error bits (11:8) next to the data byte. */
  private readonly rxFifo = new Uint16Array(FIFO_DEPTH);
  private rxPos = 0;
  private rxCount = 0;
  /** Bytes the host sent while the FIFO was full; QEMU's chardev holds them back the same way. */
  private readonly backlog: number[] = [];

  private flags = 0;
  private rsr = 0;
  private ilpr = 0;
  private ibrd = 0;
  private fbrd = 0;
  private lcr = 0;
  private cr = 0;
  private ifls = 0;
  private imsc = 0;
  private ris = 0;
  private dmacr = 0;

  constructor(ctx: DeviceContext) {
    this.irq = ctx.output('irq');
    this.serial = ctx.serial();
    this.serial.onReceive((byte) => this.receive(byte));
  }

  save(): SavedState {
    return saveFields(this, PL011_STATE);
  }

  restore(state: SavedState): void {
    restoreFields(this, PL011_STATE, state);
  }

  /** Registers by name and the receive FIFO in order. */
  inspect(): Record<string, unknown> {
    const fifo = Array.from({ length: this.rxCount }, (_, k) => this.rxFifo[(this.rxPos + k) % FIFO_DEPTH]);
    return { fr: this.flags, rsr: this.rsr, ibrd: this.ibrd, fbrd: this.fbrd, lcr_h: this.lcr, cr: this.cr, ifls: this.ifls, imsc: this.imsc, ris: this.ris, mis: this.ris & this.imsc, dmacr: this.dmacr, rxFifo: fifo, backlog: [...this.backlog] };
  }

  reset(): void {
    this.rxPos = 0;
    this.rxCount = 0;
    this.backlog.length = 0;
    this.flags = FR_RXFE | FR_TXFE;
    this.rsr = 0;
    this.ilpr = 0;
    this.ibrd = 0;
    this.fbrd = 0;
    this.lcr = 0;
    this.cr = CR_RESET;
    this.ifls = IFLS_RESET;
    this.imsc = 0;
    this.ris = 0;
    this.dmacr = 0;
    this.update();
  }

  /** Registers are 32-bit; a narrower access sees its little-endian byte lanes of the word. */
  read(offset: number, size: 1 | 2 | 4): number {
    const word = this.readWord(offset & 0xffc);
    if (size === 4) return word >>> 0;
    const shift = (offset & 3) * 8;
    return (word >>> shift) & (size === 1 ? 0xff : 0xffff);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    this.writeWord(offset & 0xffc, size === 4 ? value >>> 0 : (value << ((offset & 3) * 8)) >>> 0);
  }

  private readWord(offset: number): number {
    switch (offset) {
      case Pl011Reg.DR:
        return this.popRx();
      case Pl011Reg.RSR_ECR:
        return this.rsr;
      case Pl011Reg.FR:
        return this.flags;
      case Pl011Reg.ILPR:
        return this.ilpr;
      case Pl011Reg.IBRD:
        return this.ibrd;
      case Pl011Reg.FBRD:
        return this.fbrd;
      case Pl011Reg.LCR_H:
        return this.lcr;
      case Pl011Reg.CR:
        return this.cr;
      case Pl011Reg.IFLS:
        return this.ifls;
      case Pl011Reg.IMSC:
        return this.imsc;
      case Pl011Reg.RIS:
        return this.ris;
      case Pl011Reg.MIS:
        return this.ris & this.imsc;
      case Pl011Reg.DMACR:
        return this.dmacr;
      default:
        if (offset >= Pl011Reg.ID_BASE) return PL011_ID[(offset - Pl011Reg.ID_BASE) >> 2];
        return 0;
    }
  }

  private writeWord(offset: number, value: number): void {
    switch (offset) {
      case Pl011Reg.DR:
        // QEMU 7.2 ignores UARTEN/TXE: every write goes out, and TX completes at once.
        this.serial.transmit(value & 0xff);
        this.ris |= INT_TX;
        this.update();
        return;
      case Pl011Reg.RSR_ECR:
        this.rsr = 0;
        return;
      case Pl011Reg.ILPR:
        this.ilpr = value & 0xff;
        return;
      case Pl011Reg.IBRD:
        this.ibrd = value & 0xffff;
        return;
      case Pl011Reg.FBRD:
        this.fbrd = value & 0x3f;
        return;
      case Pl011Reg.LCR_H:
        // Switching the FIFOs on or off empties them.
        if ((this.lcr ^ value) & LCR_FEN) this.flushRx();
        this.lcr = value & 0xff;
        this.drainBacklog();
        return;
      case Pl011Reg.CR:
        this.cr = value & 0xffff;
        return;
      case Pl011Reg.IFLS:
        this.ifls = value & 0x3f;
        return;
      case Pl011Reg.IMSC:
        this.imsc = value & INT_ALL;
        this.update();
        return;
      case Pl011Reg.ICR:
        this.ris &= ~value;
        this.update();
        return;
      case Pl011Reg.DMACR:
        this.dmacr = value & 0x7;
        return;
      default:
        return; // FR, RIS, MIS and the IDs are read-only; the rest is reserved
    }
  }

  private depth(): number {
    return this.lcr & LCR_FEN ? FIFO_DEPTH : 1;
  }

  private receive(byte: number): void {
    this.backlog.push(byte & 0xff);
    this.drainBacklog();
  }

  /** Move held-back host bytes into the FIFO while it has room. */
  private drainBacklog(): void {
    while (this.backlog.length && this.rxCount < this.depth()) this.pushRx(this.backlog.shift()!);
  }

  private pushRx(value: number): void {
    const depth = this.depth();
    this.rxFifo[(this.rxPos + this.rxCount) & (depth - 1)] = value;
    this.rxCount++;
    this.flags &= ~FR_RXFE;
    if (this.rxCount === depth) this.flags |= FR_RXFF;
    // Trigger level 1: the interrupt rises when the FIFO stops being empty.
    if (this.rxCount === 1) {
      this.ris |= INT_RX;
      this.update();
    }
  }

  private popRx(): number {
    this.flags &= ~FR_RXFF;
    // An empty FIFO reads the stale entry, as the hardware's holding register does.
    const c = this.rxFifo[this.rxPos];
    if (this.rxCount > 0) {
      this.rxCount--;
      this.rxPos = (this.rxPos + 1) & (this.depth() - 1);
    }
    if (this.rxCount === 0) {
      this.flags |= FR_RXFE;
      this.ris &= ~INT_RX;
    }
    this.rsr = c >> 8;
    this.update();
    this.drainBacklog();
    return c;
  }

  private flushRx(): void {
    this.rxCount = 0;
    this.rxPos = 0;
    this.flags = (this.flags & ~FR_RXFF) | FR_RXFE;
  }

  private update(): void {
    this.irq.set((this.ris & this.imsc) !== 0 ? 1 : 0);
  }
}
