import type { Device, DeviceContext, Logger, Scheduler, SerialPort, Signal, TimerHandle } from '../../src/api/index.js';
import { readBytes, writeBytes } from '../isa/byte-wide.js';
import {
  FCR_FE, FCR_RFR, FCR_STORED, FCR_XFR, FIFO_DEPTH, HOST_MODEM_LINES, IER_MSI, IER_RDI, IER_RLSI, IER_THRI, IIR_CTI, IIR_FIFO_ON,
  IIR_MSI, IIR_NONE, IIR_RDI, IIR_RLSI, IIR_THRI, LCR_DLAB, LCR_PARITY, LCR_STOP2, LSR_BI, LSR_DR, LSR_ERRORS, LSR_OE, LSR_TEMT,
  LSR_THRE, MCR_DTR, MCR_LOOP, MCR_MASK, MCR_OUT1, MCR_OUT2, MCR_RTS, MSR_DCTS, MSR_DDCD, MSR_DDSR, MSR_DELTAS, MSR_RI, MSR_TERI,
  RESET_DIVISOR, RESET_MCR, RX_TRIGGER_LEVELS, UartReg,
} from './registers.js';

/** Options of the `uart16550` plugin (see docs/devices.md). */
export interface Uart16550Options {
  /** Baud rate at divisor 1: the input clock / 16 (default 115200, a 1.8432 MHz crystal). */
  readonly baudBase?: number;
  /** `line`: bytes take their frame time on the wire (default); `instant`: as QEMU, no line timing. */
  readonly timing?: 'line' | 'instant';
  /** A THR write while the transmitter is full: `keep` it (default, QEMU loses nothing) or `drop` it (a real 16550). */
  readonly txOverflow?: 'keep' | 'drop';
}

const NONE = -1;

/** The earlier of two deadlines, either of which may be NONE. */
const earliest = (a: number, b: number): number => (a === NONE ? b : b === NONE ? a : Math.min(a, b));

/** Marks a transmitted byte that loops back to the receiver (MCR.LOOP was set when it was written). */
const LOOPED = 0x100;

/**
 * A 16550A UART as a guest sees QEMU 7.2's: the register file, 16-byte FIFOs, the interrupt
 * priorities of serial_update_irq, loopback; plus the line timing QEMU leaves out. Each byte
 * spends one frame (start + data + parity + stop bits at the programmed baud rate) in the
 * transmit shift register, so THRE and TEMT fall and rise as on the wire; host bytes arrive one
 * frame apart and overrun a full receiver.
 *
 * A byte reaches the host when the guest's write is accepted, not when its frame ends, so a run
 * that stops right after a write still shows every byte (as under QEMU). The whole state is in
 * plain fields; the three pending deadlines (`tsrEnd`, `rxArrival`, `rxTimeoutAt`) are absolute
 * times and one scheduler event is armed for the earliest.
 */
export class Uart16550 implements Device {
  private readonly irq: Signal;
  private readonly serial: SerialPort;
  private readonly scheduler: Scheduler;
  private readonly log: Logger;
  private readonly baudBase: number;
  private readonly instant: boolean;
  private readonly keepOverflow: boolean;

  private ier = 0;
  /** Interrupt identification without the FIFO bits. */
  private iir = IIR_NONE;
  private fcr = 0;
  private lcr = 0;
  private mcr = 0;
  private lsr = 0;
  private msr = 0;
  private scr = 0;
  private divisor = 0;
  private rxTrigger = 1;
  /** Picoseconds per character at the current divisor and frame format. */
  private charPs = 0;
  private thrIpending = 0;
  private timeoutIpending = 0;

  private readonly rxFifo = new Uint8Array(FIFO_DEPTH);
  private rxHead = 0;
  private rxCount = 0;
  /** The receive holding register with the FIFOs off. */
  private rbr = 0;

  /** Written bytes waiting for the shift register (the THR or the transmit FIFO). */
  private txQueue: number[] = [];
  /** Byte in the transmit shift register, or NONE. */
  private tsr = NONE;
  /** Absolute time the shift register's frame ends, or NONE. */
  private tsrEnd = NONE;

  /** Host bytes on their way down the line. */
  private wire: number[] = [];
  /** Absolute time the first byte on the line has fully arrived, or NONE. */
  private rxArrival = NONE;
  /** Absolute time of the character-timeout check, or NONE. */
  private rxTimeoutAt = NONE;

  private event: TimerHandle | undefined;
  private eventAt = NONE;
  private warnedOverflow = false;

  constructor(private readonly ctx: DeviceContext<Uart16550Options>) {
    const o = ctx.options;
    this.baudBase = o.baudBase ?? 115200;
    this.instant = o.timing === 'instant';
    this.keepOverflow = o.txOverflow !== 'drop';
    this.irq = ctx.output('irq');
    this.serial = ctx.serial();
    this.scheduler = ctx.scheduler;
    this.log = ctx.log;
    this.serial.onReceive((byte) => this.hostSent(byte));
  }

  reset(): void {
    this.ier = 0;
    this.iir = IIR_NONE;
    this.fcr = 0;
    this.lcr = 0;
    this.mcr = RESET_MCR;
    this.lsr = LSR_TEMT | LSR_THRE;
    this.msr = HOST_MODEM_LINES;
    this.scr = 0;
    this.divisor = RESET_DIVISOR;
    this.rxTrigger = 1;
    // QEMU starts at 9600 baud 8N1 although LCR reads 0 (5 data bits) until the guest writes it.
    this.charPs = Math.round((1e12 * 10 * RESET_DIVISOR) / this.baudBase);
    this.thrIpending = 0;
    this.timeoutIpending = 0;
    this.rxHead = this.rxCount = this.rbr = 0;
    this.txQueue = [];
    this.tsr = this.tsrEnd = NONE;
    this.wire = [];
    this.rxArrival = this.rxTimeoutAt = NONE;
    this.scheduler.cancel(this.event);
    this.event = undefined;
    this.eventAt = NONE;
    this.irq.lower();
  }

  ioRead(offset: number, size: 1 | 2 | 4): number {
    return readBytes(size, offset, (o) => this.readRegister(o & 7));
  }

  ioWrite(offset: number, size: 1 | 2 | 4, value: number): void {
    writeBytes(size, offset, value, (o, v) => this.writeRegister(o & 7, v));
  }

  private readRegister(reg: number): number {
    this.catchUp(this.scheduler.now());
    let value: number;
    switch (reg) {
      case UartReg.RBR_THR:
        value = this.lcr & LCR_DLAB ? this.divisor & 0xff : this.readRbr();
        break;
      case UartReg.IER:
        value = this.lcr & LCR_DLAB ? this.divisor >> 8 : this.ier;
        break;
      case UartReg.IIR_FCR:
        value = this.iir | (this.fcr & FCR_FE ? IIR_FIFO_ON : 0);
        // Reading IIR while it shows THR empty acknowledges that interrupt.
        if (this.iir === IIR_THRI) this.thrIpending = 0;
        break;
      case UartReg.LCR:
        value = this.lcr;
        break;
      case UartReg.MCR:
        value = this.mcr;
        break;
      case UartReg.LSR:
        value = this.lsr;
        this.lsr &= ~LSR_ERRORS;
        break;
      case UartReg.MSR:
        value = this.msr;
        this.msr &= ~MSR_DELTAS;
        break;
      default:
        value = this.scr;
    }
    this.settle();
    return value;
  }

  private writeRegister(reg: number, value: number): void {
    const now = this.scheduler.now();
    this.catchUp(now);
    switch (reg) {
      case UartReg.RBR_THR:
        if (this.lcr & LCR_DLAB) this.setDivisor((this.divisor & 0xff00) | value);
        else this.writeThr(value, now);
        break;
      case UartReg.IER:
        if (this.lcr & LCR_DLAB) this.setDivisor((this.divisor & 0xff) | (value << 8));
        else this.writeIer(value);
        break;
      case UartReg.IIR_FCR:
        this.writeFcr(value);
        break;
      case UartReg.LCR:
        this.lcr = value;
        this.updateCharTime();
        break;
      case UartReg.MCR:
        this.mcr = value & MCR_MASK;
        this.setModemInputs(this.modemInputs());
        break;
      case UartReg.SCR:
        this.scr = value;
        break;
      default:
        break; // LSR and MSR are read-only
    }
    this.settle();
  }

  // --- transmitter -------------------------------------------------------------------------

  private writeThr(byte: number, now: number): void {
    const room = this.fcr & FCR_FE ? FIFO_DEPTH : 1;
    if (this.txQueue.length >= room) {
      if (!this.keepOverflow) {
        if (!this.warnedOverflow) this.log.warn('THR written while the transmitter was full: the byte is lost (txOverflow: drop)');
        this.warnedOverflow = true;
        return;
      }
      if (!this.warnedOverflow) this.log.info('THR written while the transmitter was full: kept, as QEMU does (a 16550 would lose it)');
      this.warnedOverflow = true;
    }
    const looped = this.mcr & MCR_LOOP;
    if (!looped) this.serial.transmit(byte);
    this.txQueue.push(looped ? byte | LOOPED : byte);
    this.lsr &= ~(LSR_THRE | LSR_TEMT);
    this.thrIpending = 0;
    this.loadShiftRegister(now);
  }

  /** Move the next written byte into the idle shift register; THRE rises when none is left behind it. */
  private loadShiftRegister(time: number): void {
    if (this.tsr !== NONE) return;
    if (this.txQueue.length === 0) {
      this.lsr |= LSR_TEMT;
      return;
    }
    this.tsr = this.txQueue.shift()!;
    this.tsrEnd = time + this.lineCharPs();
    if (this.txQueue.length === 0) {
      this.lsr |= LSR_THRE;
      this.thrIpending = 1;
    }
  }

  private frameEnded(time: number): void {
    const byte = this.tsr;
    this.tsr = this.tsrEnd = NONE;
    if (byte & LOOPED) this.receive(byte & 0xff, time);
    this.loadShiftRegister(time);
  }

  // --- receiver ----------------------------------------------------------------------------

  private hostSent(byte: number): void {
    const now = this.scheduler.now();
    this.catchUp(now);
    this.wire.push(byte & 0xff);
    if (this.instant) this.deliverHeldBytes(now);
    else if (this.rxArrival === NONE) this.rxArrival = now + this.charPs;
    this.settle();
  }

  /** The first host byte on the line has arrived; the receiver ignores the line in loopback. */
  private hostByteArrived(time: number): void {
    const byte = this.wire.shift()!;
    this.rxArrival = this.wire.length ? time + this.charPs : NONE;
    if (!(this.mcr & MCR_LOOP)) this.receive(byte, time);
  }

  /**
   * Instant timing has no line to pace the host, so host bytes wait until the receiver has room,
   * as QEMU's character backends do (serial_can_receive).
   */
  private deliverHeldBytes(time: number): void {
    if (this.mcr & MCR_LOOP) return;
    while (this.wire.length && (this.fcr & FCR_FE ? this.rxCount < FIFO_DEPTH : !(this.lsr & LSR_DR))) this.receive(this.wire.shift()!, time);
  }

  private receive(byte: number, time: number): void {
    if (this.fcr & FCR_FE) {
      // An overrun keeps the FIFO's contents and loses the new character.
      if (this.rxCount < FIFO_DEPTH) this.rxFifo[(this.rxHead + this.rxCount++) % FIFO_DEPTH] = byte;
      else this.lsr |= LSR_OE;
      this.rxTimeoutAt = time + 4 * this.charPs;
    } else {
      if (this.lsr & LSR_DR) this.lsr |= LSR_OE;
      this.rbr = byte;
    }
    this.lsr |= LSR_DR;
  }

  private readRbr(): number {
    let value: number;
    if (this.fcr & FCR_FE) {
      value = 0;
      if (this.rxCount > 0) {
        value = this.rxFifo[this.rxHead];
        this.rxHead = (this.rxHead + 1) % FIFO_DEPTH;
        this.rxCount--;
      }
      if (this.rxCount === 0) this.lsr &= ~(LSR_DR | LSR_BI);
      else this.rxTimeoutAt = this.scheduler.now() + 4 * this.charPs;
      this.timeoutIpending = 0;
    } else {
      value = this.rbr;
      this.lsr &= ~(LSR_DR | LSR_BI);
    }
    if (this.instant) this.deliverHeldBytes(this.scheduler.now());
    return value;
  }

  private characterTimeout(): void {
    this.rxTimeoutAt = NONE;
    if (this.fcr & FCR_FE && this.rxCount > 0) this.timeoutIpending = 1;
  }

  // --- control registers -------------------------------------------------------------------

  private writeIer(value: number): void {
    const changed = (this.ier ^ value) & 0x0f;
    this.ier = value & 0x0f;
    // Enabling the THR interrupt while THR is empty raises it even if IIR was read (QEMU; Windows relies on it).
    if (changed & IER_THRI) this.thrIpending = this.ier & IER_THRI && this.lsr & LSR_THRE ? 1 : 0;
  }

  private writeFcr(value: number): void {
    // Switching the FIFOs on or off empties both.
    if ((value ^ this.fcr) & FCR_FE) value |= FCR_RFR | FCR_XFR;
    if (value & FCR_RFR) {
      this.lsr &= ~(LSR_DR | LSR_BI);
      this.rxHead = this.rxCount = 0;
      this.rxTimeoutAt = NONE;
      this.timeoutIpending = 0;
    }
    if (value & FCR_XFR) {
      // The byte in the shift register still goes out; TEMT follows it.
      this.txQueue = [];
      this.lsr |= LSR_THRE;
      this.thrIpending = 1;
    }
    this.fcr = value & FCR_STORED;
    this.rxTrigger = RX_TRIGGER_LEVELS[(value >> 6) & 3];
    if (this.instant) this.deliverHeldBytes(this.scheduler.now());
  }

  private setDivisor(divisor: number): void {
    this.divisor = divisor & 0xffff;
    this.updateCharTime();
  }

  /** Frame = start bit + 5..8 data bits + optional parity + 1 or 2 stop bits. QEMU keeps the old rate for divisor 0. */
  private updateCharTime(): void {
    if (this.divisor === 0) return;
    const bits = 1 + 5 + (this.lcr & 3) + (this.lcr & LCR_PARITY ? 1 : 0) + (this.lcr & LCR_STOP2 ? 2 : 1);
    this.charPs = Math.round((1e12 * bits * this.divisor) / this.baudBase);
  }

  private lineCharPs(): number {
    return this.instant ? 0 : this.charPs;
  }

  /** The modem inputs: the host's lines, or in loopback the MCR outputs (RTS→CTS, DTR→DSR, OUT1→RI, OUT2→DCD). */
  private modemInputs(): number {
    if (!(this.mcr & MCR_LOOP)) return HOST_MODEM_LINES;
    return ((this.mcr & (MCR_OUT1 | MCR_OUT2)) << 4) | ((this.mcr & MCR_RTS) << 3) | ((this.mcr & MCR_DTR) << 5);
  }

  /** Latch change flags as the 16550 does: DCTS, DDSR, DDCD on any change, TERI when RI falls. */
  private setModemInputs(lines: number): void {
    const old = this.msr & 0xf0;
    const changed = old ^ lines;
    let deltas = (changed >> 4) & (MSR_DCTS | MSR_DDSR | MSR_DDCD);
    if (old & MSR_RI && !(lines & MSR_RI)) deltas |= MSR_TERI;
    this.msr = lines | (this.msr & MSR_DELTAS) | deltas;
  }

  // --- time and interrupts -----------------------------------------------------------------

  /** Apply, in time order, every frame end, host byte arrival and timeout due by `now`. */
  private catchUp(now: number): void {
    for (;;) {
      const t = this.nextDeadline();
      if (t === NONE || t > now) return;
      if (t === this.tsrEnd) this.frameEnded(t);
      else if (t === this.rxArrival) this.hostByteArrived(t);
      else this.characterTimeout();
    }
  }

  private nextDeadline(): number {
    return earliest(earliest(this.tsrEnd, this.rxArrival), this.rxTimeoutAt);
  }

  /** After a register access or an event: settle what is due now, update the line, arm the next deadline. */
  private settle(): void {
    this.catchUp(this.scheduler.now());
    this.updateInterrupt();
    const next = this.nextDeadline();
    if (next === this.eventAt) return;
    this.scheduler.cancel(this.event);
    this.event = undefined;
    this.eventAt = next;
    if (next !== NONE) this.event = this.scheduler.at(next, () => this.onDeadline(), `${this.ctx.id} line`);
  }

  private onDeadline(): void {
    this.event = undefined;
    this.eventAt = NONE;
    this.settle();
  }

  /** Interrupt priorities as QEMU's serial_update_irq: line status, timeout, data, THR empty, modem status. */
  private updateInterrupt(): void {
    let id = IIR_NONE;
    if (this.ier & IER_RLSI && this.lsr & LSR_ERRORS) id = IIR_RLSI;
    else if (this.ier & IER_RDI && this.timeoutIpending) id = IIR_CTI;
    else if (this.ier & IER_RDI && this.lsr & LSR_DR && (!(this.fcr & FCR_FE) || this.rxCount >= this.rxTrigger)) id = IIR_RDI;
    else if (this.ier & IER_THRI && this.thrIpending) id = IIR_THRI;
    else if (this.ier & IER_MSI && this.msr & MSR_DELTAS) id = IIR_MSI;
    this.iir = id;
    this.irq.set(id === IIR_NONE ? 0 : 1);
  }
}

