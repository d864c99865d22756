import type { Device, DeviceContext, InterruptMessage, Signal, SignalSink } from '../../src/api/index.js';
import { readBytes, writeBytes } from '../isa/byte-wide.js';
import { PicChip } from './pic-chip.js';

/** Options of the `i8259` plugin. */
export interface I8259Options {
  /** `reset` (default): power-on state; `seabios`: initialised as SeaBIOS leaves it before `-kernel`. */
  readonly bootState?: 'reset' | 'seabios';
}

/** Port offsets from the device's base (0x20): the slave at 0xA0 and the ELCRs at 0x4D0 come through board windows. */
export const PIC_PORTS = { MASTER: 0x00, SLAVE: 0x80, ELCR: 0x4b0 } as const;

/** ELCR bits that exist: IRQ 0, 1, 2, 8 and 13 are always edge triggered on a PC (QEMU's elcr_mask). */
const MASTER_ELCR_MASK = 0xf8;
const SLAVE_ELCR_MASK = 0xde;
const CASCADE_IRQ = 2;

/**
 * The PC's cascaded 8259A pair as one device: master at 0x20/0x21, slave at 0xA0/0xA1 on
 * master IRQ 2, ELCR at 0x4D0/0x4D1. Inputs `irq0`..`irq15`; output `intr`, the master's INT
 * pin (to the CPU's LINT0). The CPU's interrupt-acknowledge cycle arrives as an `inta` message,
 * answered with the vector as the cascade does: master IRQ 2 asks the slave for its vector, and a
 * request that went away before the acknowledge gives the spurious IRQ 7 (or 15) vector.
 */
export class I8259Pair implements Device {
  readonly master = new PicChip(true, MASTER_ELCR_MASK);
  readonly slave = new PicChip(false, SLAVE_ELCR_MASK);
  private readonly intr: Signal;
  /** Level of the board's own `irq2` input, OR-ed with the slave's INT on master pin 2. */
  private irq2Line = 0;
  private slaveInt = 0;
  private readonly inputs: SignalSink[];

  constructor(private readonly ctx: DeviceContext<I8259Options>) {
    this.intr = ctx.output('intr');
    this.inputs = Array.from({ length: 16 }, (_, n) => (level: number) => this.setIrq(n, level));
    ctx.machine.interruptMessages.listen((m) => this.onMessage(m));
  }

  reset(): void {
    this.master.reset();
    this.slave.reset();
    this.irq2Line = 0;
    this.slaveInt = 0;
    if (this.ctx.options.bootState === 'seabios') this.seabiosState();
    this.update();
  }

  /**
   * The state SeaBIOS leaves before it starts a `-kernel` under QEMU 7.2 (read from a probe
   * guest): vectors 0x08 and 0x70, IRQ 0, 1, 2, 6, 8, 12, 13, 14 unmasked, IRQ 10 and 11 level
   * triggered for PCI, and IRQ 4 latched in IRR by its probe of the serial port's interrupt.
   */
  private seabiosState(): void {
    for (const [cmd, base, icw3, imr] of [
      [PIC_PORTS.MASTER, 0x08, 0x04, 0xb8],
      [PIC_PORTS.SLAVE, 0x70, 0x02, 0x8e],
    ] as const) {
      for (const [port, value] of [[cmd, 0x11], [cmd + 1, base], [cmd + 1, icw3], [cmd + 1, 0x01], [cmd + 1, imr]]) this.writePort(port, value);
    }
    this.writePort(PIC_PORTS.ELCR + 1, 0x0c);
    this.master.setInput(4, 1);
    this.master.setInput(4, 0);
  }

  input(name: string): SignalSink | undefined {
    const m = /^irq([0-9]|1[0-5])$/.exec(name);
    return m ? this.inputs[Number(m[1])] : undefined;
  }

  ioRead(offset: number, size: 1 | 2 | 4): number {
    return readBytes(size, offset, (o) => this.readPort(o));
  }

  ioWrite(offset: number, size: 1 | 2 | 4, value: number): void {
    writeBytes(size, offset, value, (o, v) => this.writePort(o, v));
  }

  /** The INTA cycle: the vector of the highest request, moved from IRR to ISR. */
  acknowledge(): number {
    const irq = this.master.requested();
    let vector: number;
    if (irq < 0) {
      vector = this.master.vectorBase + 7; // spurious IRQ 7: nothing is set in ISR
    } else {
      if (irq === CASCADE_IRQ) {
        const irq2 = this.slave.requested();
        if (irq2 >= 0) this.slave.acknowledge(irq2);
        vector = this.slave.vectorBase + (irq2 >= 0 ? irq2 : 7); // spurious IRQ 15 still sets master ISR bit 2
        this.updateSlave();
      } else {
        vector = this.master.vectorBase + irq;
      }
      this.master.acknowledge(irq);
    }
    this.update();
    return vector;
  }

  private onMessage(m: InterruptMessage): number | undefined {
    return m.kind === 'inta' ? this.acknowledge() : undefined;
  }

  private setIrq(n: number, level: number): void {
    if (n >= 8) {
      this.slave.setInput(n - 8, level);
      this.updateSlave();
    } else if (n === CASCADE_IRQ) {
      this.irq2Line = level ? 1 : 0;
      this.master.setInput(CASCADE_IRQ, this.irq2Line | this.slaveInt);
    } else {
      this.master.setInput(n, level);
    }
    this.update();
  }

  /** The slave's INT pin drives master input 2. */
  private updateSlave(): void {
    const int = this.slave.requested() >= 0 ? 1 : 0;
    if (int === this.slaveInt) return;
    this.slaveInt = int;
    this.master.setInput(CASCADE_IRQ, this.irq2Line | int);
  }

  private update(): void {
    this.updateSlave();
    this.intr.set(this.master.requested() >= 0 ? 1 : 0);
  }

  private chipAt(offset: number): PicChip | undefined {
    if ((offset & ~1) === PIC_PORTS.MASTER) return this.master;
    if ((offset & ~1) === PIC_PORTS.SLAVE) return this.slave;
    return undefined;
  }

  private readPort(offset: number): number {
    let value: number;
    const chip = this.chipAt(offset);
    if (chip) value = offset & 1 ? chip.readData() : chip.readCommand();
    else if (offset === PIC_PORTS.ELCR) value = this.master.elcr;
    else if (offset === PIC_PORTS.ELCR + 1) value = this.slave.elcr;
    else {
      this.ctx.log.warn(`read of unknown port offset +0x${offset.toString(16)}`);
      return 0xff;
    }
    this.update(); // a poll-mode read acknowledges
    return value;
  }

  private writePort(offset: number, value: number): void {
    const chip = this.chipAt(offset);
    if (chip) {
      if (offset & 1) chip.writeData(value);
      else chip.writeCommand(value);
    } else if (offset === PIC_PORTS.ELCR) this.master.writeElcr(value);
    else if (offset === PIC_PORTS.ELCR + 1) this.slave.writeElcr(value);
    else this.ctx.log.warn(`write of unknown port offset +0x${offset.toString(16)}`);
    this.update();
  }
}
