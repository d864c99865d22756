/**
 * One 8259A programmable interrupt controller, in QEMU's model (hw/intc/i8259.c) where a guest
 * can tell: the ICW1–ICW4 sequence, OCW1–OCW3, edge and level triggering (ELCR or ICW1.LTIM),
 * priority rotation, special mask, special fully nested mode, auto-EOI and poll mode.
 * Priorities count from `priorityAdd`: the IRQ at `priorityAdd` is the highest.
 */
export class PicChip {
  /** Interrupt request register. */
  irr = 0;
  /** In-service register. */
  isr = 0;
  /** Interrupt mask register (OCW1). */
  imr = 0;
  /** Level of each input as the edge detector last saw it (QEMU's last_irr). */
  lastIrr = 0;
  /** The actual input levels. */
  lines = 0;
  /** Edge/level control register: 1 = level triggered. Only `elcrMask` bits can be set. */
  elcr = 0;
  /** Vector of IRQ 0 of this chip (ICW2, bits 7:3). */
  vectorBase = 0;
  priorityAdd = 0;
  readIsr = false;
  poll = false;
  specialMask = false;
  autoEoi = false;
  rotateOnAutoEoi = false;
  specialFullyNested = false;
  levelTriggered = false;
  /** 0: operating; 1, 2, 3: expecting ICW2, ICW3, ICW4. */
  initState = 0;
  needsIcw4 = false;
  single = false;

  constructor(
    readonly master: boolean,
    private readonly elcrMask: number,
  ) {}

  /** Power-on reset (ELCR too). */
  reset(): void {
    this.elcr = 0;
    this.lines = 0;
    this.initialise();
  }

  /** What ICW1 resets (QEMU's pic_reset_common): IMR, ISR, edge detector and modes; ELCR stays. */
  private initialise(): void {
    this.lastIrr = 0;
    this.irr &= this.elcr;
    this.imr = 0;
    this.isr = 0;
    this.priorityAdd = 0;
    this.vectorBase = 0;
    this.readIsr = false;
    this.poll = false;
    this.specialMask = false;
    this.initState = 0;
    this.autoEoi = false;
    this.rotateOnAutoEoi = false;
    this.specialFullyNested = false;
    this.needsIcw4 = false;
    this.single = false;
  }

  private isLevel(mask: number): boolean {
    return this.levelTriggered || (this.elcr & mask) !== 0;
  }

  /** An input changed level. Edge-triggered inputs latch IRR on the rising edge (and keep it, as QEMU); level inputs follow the line. */
  setInput(irq: number, level: number): void {
    const mask = 1 << irq;
    this.lines = level ? this.lines | mask : this.lines & ~mask;
    if (this.isLevel(mask)) {
      if (level) this.irr |= mask;
      else this.irr &= ~mask;
    } else if (level && !(this.lastIrr & mask)) {
      this.irr |= mask;
    }
    this.lastIrr = level ? this.lastIrr | mask : this.lastIrr & ~mask;
  }

  /** Priority rank (0 = highest) of the best IRQ in `mask`, or 8 for none. */
  private priorityOf(mask: number): number {
    if (mask === 0) return 8;
    let p = 0;
    while (!(mask & (1 << ((p + this.priorityAdd) & 7)))) p++;
    return p;
  }

  /** The IRQ this chip asks the CPU (or the master) for, or -1. */
  requested(): number {
    const p = this.priorityOf(this.irr & ~this.imr);
    if (p === 8) return -1;
    let inService = this.isr;
    if (this.specialMask) inService &= ~this.imr;
    // Special fully nested mode: a slave's higher-priority request may nest inside its own IRQ 2.
    if (this.specialFullyNested && this.master) inService &= ~(1 << 2);
    return p < this.priorityOf(inService) ? (p + this.priorityAdd) & 7 : -1;
  }

  /** The INTA cycle for `irq`: ISR set (unless auto-EOI), an edge request consumed. */
  acknowledge(irq: number): void {
    const mask = 1 << irq;
    if (this.autoEoi) {
      if (this.rotateOnAutoEoi) this.priorityAdd = (irq + 1) & 7;
    } else {
      this.isr |= mask;
    }
    if (!this.isLevel(mask)) this.irr &= ~mask;
  }

  /** Poll mode read: acknowledge the best request and return 0x80 | irq, or 0 when none. */
  pollRead(): number {
    this.poll = false;
    const irq = this.requested();
    if (irq < 0) return 0;
    this.acknowledge(irq);
    return 0x80 | irq;
  }

  readCommand(): number {
    if (this.poll) return this.pollRead();
    return this.readIsr ? this.isr : this.irr;
  }

  readData(): number {
    if (this.poll) return this.pollRead();
    return this.imr;
  }

  /** Port 0: ICW1 (bit 4), OCW3 (bit 3), else OCW2. */
  writeCommand(value: number): void {
    if (value & 0x10) {
      this.initialise();
      this.initState = 1;
      this.needsIcw4 = (value & 1) !== 0;
      this.single = (value & 2) !== 0;
      this.levelTriggered = (value & 8) !== 0;
      this.irr |= this.lines & this.levelMask();
      return;
    }
    if (value & 0x08) {
      if (value & 0x04) this.poll = true;
      if (value & 0x02) this.readIsr = (value & 1) !== 0;
      if (value & 0x40) this.specialMask = (value & 0x20) !== 0;
      return;
    }
    const irq = value & 7;
    switch (value >> 5) {
      case 0: // rotate in auto-EOI mode: clear
      case 4: // set
        this.rotateOnAutoEoi = value >> 7 !== 0;
        break;
      case 1: // non-specific EOI
      case 5: {
        // and rotate
        const p = this.priorityOf(this.isr);
        if (p === 8) break;
        const served = (p + this.priorityAdd) & 7;
        this.isr &= ~(1 << served);
        if (value >> 5 === 5) this.priorityAdd = (served + 1) & 7;
        break;
      }
      case 3: // specific EOI
        this.isr &= ~(1 << irq);
        break;
      case 6: // set priority: irq becomes the lowest
        this.priorityAdd = (irq + 1) & 7;
        break;
      case 7: // specific EOI and rotate
        this.isr &= ~(1 << irq);
        this.priorityAdd = (irq + 1) & 7;
        break;
      default: // 2: no operation
        break;
    }
  }

  /** Port 1: OCW1 (IMR) when operating, else the next ICW. */
  writeData(value: number): void {
    switch (this.initState) {
      case 0:
        this.imr = value;
        break;
      case 1:
        this.vectorBase = value & 0xf8;
        this.initState = this.single ? (this.needsIcw4 ? 3 : 0) : 2;
        break;
      case 2: // ICW3: the cascade wiring is fixed (slave on master IRQ 2)
        this.initState = this.needsIcw4 ? 3 : 0;
        break;
      default: // ICW4
        this.specialFullyNested = ((value >> 4) & 1) !== 0;
        this.autoEoi = ((value >> 1) & 1) !== 0;
        this.initState = 0;
    }
  }

  writeElcr(value: number): void {
    this.elcr = value & this.elcrMask;
    // A pin switched to level now requests while its line is high.
    this.irr = (this.irr & ~this.levelMask()) | (this.lines & this.levelMask());
  }

  private levelMask(): number {
    return this.levelTriggered ? 0xff : this.elcr;
  }
}
