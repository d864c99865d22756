import type { Device, DeviceContext, InterruptMessage, InterruptMessageBus, SignalSink } from '../../src/api/index.js';
import { msiAddress, msiData } from './msi.js';

/** Options of the `ioapic` plugin. */
export interface IoapicOptions {
  /** IOAPIC ID at power-on (bits 27:24 of register 0; default 0, as QEMU's first IOAPIC). */
  readonly id?: number;
}

export const IOAPIC_PINS = 24;
/** Version register: 24 entries (bits 23:16 = 23), version 0x20, as QEMU 7.2. */
export const IOAPIC_VERSION = ((IOAPIC_PINS - 1) << 16) | 0x20;

/** Window offsets (QEMU decodes the low 8 bits of the offset). */
export const IOAPIC_MMIO = { IOREGSEL: 0x00, IOWIN: 0x10, EOI: 0x40 } as const;

/** Redirection entry, low word. */
const VECTOR = 0xff;
const DELIVERY_MODE_SHIFT = 8;
const DEST_LOGICAL = 1 << 11;
const DELIVERY_STATUS = 1 << 12;
const POLARITY_LOW = 1 << 13;
const REMOTE_IRR = 1 << 14;
const TRIGGER_LEVEL = 1 << 15;
const MASKED = 1 << 16;
/** Bits a guest may write: all but delivery status and remote IRR (and the reserved 31:17). */
const LOW_WRITABLE = 0x1ffff & ~(DELIVERY_STATUS | REMOTE_IRR);
/** High word: destination in bits 63:56; QEMU keeps bits 55:48 too (the interrupt-remapping index). */
const HIGH_WRITABLE = 0xffff0000;

/**
 * The 82093AA-style I/O APIC of QEMU 7.2's pc (version 0x20, 24 pins) at 0xFEC00000. Each
 * pin's redirection entry turns its input into an `msi` message on `machine.interruptMessages`
 * (the SDM §11.11 address/data format, as QEMU's ioapic_service builds it), which the local
 * APICs receive and filter. Level-triggered entries set remote IRR on delivery and wait for an
 * `eoi` message (or a write to the EOI register) with their vector; if the line is still active
 * then, the interrupt is delivered again.
 */
export class Ioapic implements Device {
  /** Redirection entries: low word at 2n, high word at 2n + 1. */
  readonly table = new Uint32Array(2 * IOAPIC_PINS);
  private ioregsel = 0;
  private id = 0;
  /** Raw input levels of the pins. */
  private lines = 0;
  /** Pending requests: edge requests latched, level requests while active. */
  private irr = 0;
  private readonly bus: InterruptMessageBus;
  private readonly inputs: SignalSink[];

  constructor(private readonly ctx: DeviceContext<IoapicOptions>) {
    this.bus = ctx.machine.interruptMessages;
    this.inputs = Array.from({ length: IOAPIC_PINS }, (_, n) => (level: number) => this.setPin(n, level));
    this.bus.listen((m) => this.onMessage(m));
  }

  reset(): void {
    for (let n = 0; n < IOAPIC_PINS; n++) {
      this.table[2 * n] = MASKED;
      this.table[2 * n + 1] = 0;
    }
    this.ioregsel = 0;
    this.id = this.ctx.options.id ?? 0;
    this.irr = 0;
    // Input lines keep their levels across a reset: they belong to the devices driving them.
  }

  input(name: string): SignalSink | undefined {
    const m = /^pin([0-9]|1[0-9]|2[0-3])$/.exec(name);
    return m ? this.inputs[Number(m[1])] : undefined;
  }

  read(offset: number, size: 1 | 2 | 4): number {
    switch (offset & 0xff) {
      case IOAPIC_MMIO.IOREGSEL:
        return this.ioregsel;
      case IOAPIC_MMIO.IOWIN:
        return size === 4 ? this.readRegister(this.ioregsel) : 0;
      default:
        return 0;
    }
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    switch (offset & 0xff) {
      case IOAPIC_MMIO.IOREGSEL:
        this.ioregsel = value & 0xff;
        break;
      case IOAPIC_MMIO.IOWIN:
        if (size === 4) this.writeRegister(this.ioregsel, value >>> 0);
        break;
      case IOAPIC_MMIO.EOI:
        if (size === 4) this.eoi(value & 0xff);
        break;
      default:
        break;
    }
  }

  private readRegister(reg: number): number {
    if (reg === 0x00 || reg === 0x02) return (this.id << 24) >>> 0; // ID; QEMU reads the arbitration ID as the ID
    if (reg === 0x01) return IOAPIC_VERSION;
    const n = (reg - 0x10) >> 1;
    if (reg < 0x10 || n >= IOAPIC_PINS) return 0;
    return this.table[reg - 0x10];
  }

  private writeRegister(reg: number, value: number): void {
    if (reg === 0x00) {
      this.id = (value >>> 24) & 0xff;
      return;
    }
    const n = (reg - 0x10) >> 1;
    if (reg < 0x10 || n >= IOAPIC_PINS) return;
    if (reg & 1) {
      this.table[reg - 0x10] = (value & HIGH_WRITABLE) >>> 0;
      return;
    }
    const old = this.table[2 * n];
    let entry = (old & (DELIVERY_STATUS | REMOTE_IRR)) | (value & LOW_WRITABLE);
    if (!(entry & TRIGGER_LEVEL)) entry &= ~REMOTE_IRR; // edge entries have no remote IRR
    this.table[2 * n] = entry;
    // A level entry requests while its (polarity-adjusted) line is active; an edge made by a polarity change counts.
    const was = this.active(n, old);
    const now = this.active(n, entry);
    if (entry & TRIGGER_LEVEL) this.setIrr(n, now);
    else if (now && !was && !(entry & MASKED)) this.setIrr(n, true);
    this.service();
  }

  /** The pin's input after polarity: active-low entries invert the line. */
  private active(n: number, entry: number): boolean {
    const high = ((this.lines >>> n) & 1) !== 0;
    return entry & POLARITY_LOW ? !high : high;
  }

  private setIrr(n: number, on: boolean): void {
    this.irr = on ? this.irr | (1 << n) : this.irr & ~(1 << n);
  }

  private setPin(n: number, level: number): void {
    const entry = this.table[2 * n];
    const was = this.active(n, entry);
    this.lines = level ? this.lines | (1 << n) : this.lines & ~(1 << n);
    const now = this.active(n, entry);
    if (now === was) return;
    if (entry & TRIGGER_LEVEL) {
      this.setIrr(n, now);
      if (now && !(entry & REMOTE_IRR)) this.service();
    } else if (now && !(entry & MASKED)) {
      // The 82093AA ignores edges on a masked pin.
      this.setIrr(n, true);
      this.service();
    }
  }

  /** Deliver every pending unmasked request (QEMU's ioapic_service), in pin order. */
  private service(): void {
    for (let n = 0; n < IOAPIC_PINS; n++) {
      if (!(this.irr & (1 << n))) continue;
      const entry = this.table[2 * n];
      if (entry & MASKED) continue;
      const level = (entry & TRIGGER_LEVEL) !== 0;
      if (level) {
        if (entry & REMOTE_IRR) continue; // the last delivery is not finished yet
        this.table[2 * n] = entry | REMOTE_IRR;
      } else {
        this.irr &= ~(1 << n);
      }
      this.deliver(entry, this.table[2 * n + 1]);
    }
  }

  private deliver(low: number, high: number): void {
    const mode = (low >> DELIVERY_MODE_SHIFT) & 7;
    const level = (low & TRIGGER_LEVEL) !== 0;
    // ExtINT carries no vector: the receiving CPU asks the 8259 with an INTA cycle.
    const vector = mode === 7 ? 0 : low & VECTOR;
    this.bus.send({
      kind: 'msi',
      address: msiAddress(high >>> 24, (low & DEST_LOGICAL) !== 0),
      data: msiData(vector, mode, level, level), // level assert (bit 14) only matters for level-triggered messages
      source: this.ctx.id,
    });
  }

  private onMessage(m: InterruptMessage): undefined {
    if (m.kind === 'eoi') this.eoi(m.data & 0xff);
    return undefined;
  }

  /** End of a level-triggered interrupt with `vector`: clear remote IRR, and deliver again if the line is still active. */
  private eoi(vector: number): void {
    let again = false;
    for (let n = 0; n < IOAPIC_PINS; n++) {
      const entry = this.table[2 * n];
      if ((entry & VECTOR) !== vector || !(entry & TRIGGER_LEVEL) || !(entry & REMOTE_IRR)) continue;
      this.table[2 * n] = entry & ~REMOTE_IRR;
      if (!(entry & MASKED) && this.irr & (1 << n)) again = true;
    }
    if (again) this.service();
  }
}
