import type { Device, DeviceContext, Signal, SignalSink } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';

const PL061_STATE = ['inputs', 'written', 'levels', 'dir', 'is', 'ibe', 'iev', 'ie', 'edges', 'afsel'];
import { PINS, PL061_ID, Pl061Reg } from './registers.js';

/**
 * ARM PL061 GPIO: eight pins, each an input (`in<n>`, driven by the board's wiring) or an
 * output (`out<n>`) as GPIODIR says, with edge- or level-sensitive interrupts OR-ed onto `irq`.
 * Undriven inputs read 0, as on QEMU virt (whose PL061 has pull-downs so the power key reads
 * released).
 */
export class Pl061 implements Device {
  private readonly irq: Signal;
  private readonly outs: Signal[] = [];
  /** Levels driven onto the input pins by the board. */
  private inputs = 0;
  /** Values written to GPIODATA for output pins. */
  private written = 0;
  /** Pin levels as last seen (inputs and outputs), for edge detection. */
  private levels = 0;
  private dir = 0;
  private is = 0;
  private ibe = 0;
  private iev = 0;
  private ie = 0;
  /** Latched edge interrupts; level interrupts are computed from the pins. */
  private edges = 0;
  private afsel = 0;

  constructor(ctx: DeviceContext) {
    this.irq = ctx.output('irq');
    for (let n = 0; n < PINS; n++) this.outs.push(ctx.output(`out${n}`));
  }

  save(): SavedState {
    return saveFields(this, PL061_STATE);
  }

  restore(state: SavedState): void {
    restoreFields(this, PL061_STATE, state);
  }

  inspect(): Record<string, unknown> {
    return saveFields(this, PL061_STATE);
  }

  reset(): void {
    this.written = this.dir = this.is = this.ibe = this.iev = this.ie = this.edges = this.afsel = 0;
    this.levels = this.pins();
    this.update();
  }

  input(name: string): SignalSink | undefined {
    const m = /^in([0-7])$/.exec(name);
    if (!m) return undefined;
    const bit = 1 << Number(m[1]);
    return (level) => {
      this.inputs = level ? this.inputs | bit : this.inputs & ~bit;
      this.update();
    };
  }

  read(offset: number, size: 1 | 2 | 4): number {
    const word = this.readWord(offset & ~3);
    return size === 4 ? word : (word >>> ((offset & 3) * 8)) & (size === 1 ? 0xff : 0xffff);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    // Registers are 8 bits wide in the low byte of each word; a narrower access to byte 0 is the same.
    if ((offset & 3) !== 0) return;
    void size;
    this.writeWord(offset, value & 0xff);
  }

  /** Current level of every pin: outputs show what was written, inputs what drives them. */
  private pins(): number {
    return ((this.written & this.dir) | (this.inputs & ~this.dir)) & 0xff;
  }

  private readWord(offset: number): number {
    if (offset <= Pl061Reg.DATA_END) return this.pins() & ((offset >>> 2) & 0xff);
    switch (offset) {
      case Pl061Reg.DIR: return this.dir;
      case Pl061Reg.IS: return this.is;
      case Pl061Reg.IBE: return this.ibe;
      case Pl061Reg.IEV: return this.iev;
      case Pl061Reg.IE: return this.ie;
      case Pl061Reg.RIS: return this.raw();
      case Pl061Reg.MIS: return this.raw() & this.ie;
      case Pl061Reg.AFSEL: return this.afsel;
      default:
        return offset >= Pl061Reg.ID_BASE ? PL061_ID[(offset - Pl061Reg.ID_BASE) >> 2] : 0;
    }
  }

  private writeWord(offset: number, v: number): void {
    if (offset <= Pl061Reg.DATA_END) {
      const mask = (offset >>> 2) & 0xff;
      this.written = (this.written & ~mask) | (v & mask);
    } else {
      switch (offset) {
        case Pl061Reg.DIR: this.dir = v; break;
        case Pl061Reg.IS: this.is = v; break;
        case Pl061Reg.IBE: this.ibe = v; break;
        case Pl061Reg.IEV: this.iev = v; break;
        case Pl061Reg.IE: this.ie = v; break;
        case Pl061Reg.IC: this.edges &= ~v; break;
        case Pl061Reg.AFSEL: this.afsel = v; break;
        default: return; // RIS, MIS and the IDs are read-only
      }
    }
    this.update();
  }

  /** RIS: latched edges on edge-sensitive pins, the live condition on level-sensitive ones. */
  private raw(): number {
    const levelHit = (this.levels & this.iev) | (~this.levels & ~this.iev);
    return ((this.edges & ~this.is) | (levelHit & this.is)) & 0xff;
  }

  /** Latch edges since the last look, drive the output pins and the interrupt. */
  private update(): void {
    const now = this.pins();
    const changed = now ^ this.levels;
    if (changed) {
      const rising = changed & now;
      const falling = changed & ~now;
      const hit = (changed & this.ibe) | (rising & this.iev & ~this.ibe) | (falling & ~this.iev & ~this.ibe);
      this.edges |= hit & ~this.is;
      this.levels = now;
    }
    for (let n = 0; n < PINS; n++) this.outs[n].set(this.dir & (1 << n) ? (this.written >>> n) & 1 : 0);
    this.irq.set(this.raw() & this.ie ? 1 : 0);
  }
}
