import type { Device, DeviceContext, Signal } from '../../src/api/index.js';

export interface Gicv2mOptions {
  /** First SPI the frame signals (QEMU virt: 48, i.e. INTID 80). */
  baseSpi?: number;
  /** How many SPIs (QEMU virt: 64). */
  spis?: number;
}

/** Register offsets of a GICv2m MSI frame (ARM Server Base System Architecture, GICv2m). */
export const V2M = { TYPER: 0x008, SETSPI_NS: 0x040, IIDR: 0xfcc } as const;
/** IIDR as QEMU reports it: product ID 'Q', no implementer. */
export const V2M_IIDR = 0x51 << 20;
const FIRST_SPI_INTID = 32;

/**
 * A GICv2m MSI frame: a doorbell that turns a 32-bit write of an interrupt ID into a pulse on
 * that SPI of the GIC (outputs `spi0`… one per SPI, wired in the board to the GIC's inputs).
 * Only 32-bit accesses count, as on QEMU; other sizes read 0 and write nothing.
 */
export class Gicv2m implements Device {
  private readonly spis: Signal[] = [];
  private readonly base: number;

  constructor(private readonly ctx: DeviceContext<Gicv2mOptions>) {
    this.base = ctx.options.baseSpi ?? 48;
    const count = ctx.options.spis ?? 64;
    for (let i = 0; i < count; i++) this.spis.push(ctx.output(`spi${i}`));
  }

  reset(): void {
    for (const s of this.spis) s.lower();
  }

  /** An MSI is a pulse that ends within the write: no state between accesses. */
  save(): Record<string, never> {
    return {};
  }

  restore(): void {}

  read(offset: number, size: 1 | 2 | 4): number {
    if (size !== 4) return 0;
    switch (offset) {
      case V2M.TYPER:
        return (((this.base + FIRST_SPI_INTID) << 16) | this.spis.length) >>> 0;
      case V2M.IIDR:
        return V2M_IIDR;
      default:
        return 0; // the optional ID registers at 0xFD0–0xFFC read as zero
    }
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    if (size === 4 && offset === V2M.SETSPI_NS) this.ring(value);
  }

  /** Pulse the SPI an interrupt ID names; IDs outside the frame's range are ignored. */
  private ring(value: number): void {
    const n = (value & 0x3ff) - (this.base + FIRST_SPI_INTID);
    if (n < 0 || n >= this.spis.length) {
      this.ctx.log.debug(`MSI for INTID ${value & 0x3ff} outside the frame's range: ignored`);
      return;
    }
    this.spis[n].raise();
    this.spis[n].lower();
  }
}
