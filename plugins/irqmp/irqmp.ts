import type { Cpu, Device, DeviceContext, Signal, SignalSink } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';

const IRQMP_STATE = ['inputLevels', 'level', 'pending', 'broadcast', 'mask', 'force', 'extended'];
import {
  BROADCAST, CLEAR, EXTENDED_BASE, FORCE0, FORCE_BASE, IRQ_BITS, LEVEL, MASK_BASE, MAX_CPUS, MPSTAT, MPSTAT_NCPU_SHIFT, PENDING,
} from './registers.js';

export interface IrqmpOptions {
  /** Processors served (outputs irl0..irl<n-1>); default: every CPU on the board, at most 16. */
  ncpu?: number;
  /** Ids of the CPUs that MPSTAT powers on, in processor order; default: the board's first CPUs. */
  cpus?: string[];
}

/** Index of the highest set bit, or 0 when none (interrupt level 0 means "no request"). */
function highestLevel(bits: number): number {
  return bits === 0 ? 0 : 31 - Math.clz32(bits);
}

/**
 * GRLIB IRQMP multiprocessor interrupt controller, as QEMU's grlib_irqmp behaves:
 * - an input latches its PENDING bit (or, if its BROADCAST bit is set, every processor's FORCE
 *   bit) on a rising edge; a held-high input does not re-latch;
 * - each processor n sees (PENDING | FORCE[n]) & MASK[n]; interrupts whose LEVEL bit is set win
 *   over the others, and the highest number wins within a level; `irl<n>` carries that number
 *   (0 = none) continuously;
 * - an acknowledge (input `intack<n>`, the level the CPU trapped on) and a CLEAR write clear the
 *   bit in PENDING and in FORCE[n] (QEMU clears both);
 * - MPSTAT: writing bit n powers on processor n; reading gives NCPU-1 in 31:28 and a 1 for each
 *   processor that is powered down (stopped or idle).
 */
export class Irqmp implements Device {
  private readonly ncpu: number;
  private readonly irl: Signal[] = [];
  private readonly inputLevels = new Uint8Array(16);
  private level = 0;
  private pending = 0;
  private broadcast = 0;
  private readonly mask = new Uint32Array(MAX_CPUS);
  private readonly force = new Uint32Array(MAX_CPUS);
  private readonly extended = new Uint32Array(MAX_CPUS);

  constructor(private readonly ctx: DeviceContext<IrqmpOptions>) {
    this.ncpu = Math.min(MAX_CPUS, Math.max(1, ctx.options.ncpu ?? ctx.options.cpus?.length ?? ctx.cpuCount));
    for (let i = 0; i < this.ncpu; i++) this.irl.push(ctx.output(`irl${i}`, 4));
  }

  save(): SavedState {
    return saveFields(this, IRQMP_STATE);
  }

  restore(state: SavedState): void {
    restoreFields(this, IRQMP_STATE, state);
  }

  /** ILEVEL, IPEND, per-CPU masks and forces, and the input line levels. */
  inspect(): Record<string, unknown> {
    return saveFields(this, IRQMP_STATE);
  }

  reset(): void {
    this.level = 0;
    this.pending = 0;
    this.broadcast = 0;
    this.mask.fill(0);
    this.force.fill(0);
    this.extended.fill(0);
    this.inputLevels.fill(0);
    this.update();
  }

  /** `in1`..`in15`: interrupt request lines; `intack<n>`: level acknowledged by processor n. */
  input(name: string): SignalSink | undefined {
    let m = /^in([0-9]+)$/.exec(name);
    if (m) {
      const line = Number(m[1]);
      if (line < 1 || line > 15) return undefined;
      return (level) => this.setLine(line, level);
    }
    m = /^intack([0-9]+)$/.exec(name);
    if (m) {
      const cpu = Number(m[1]);
      if (cpu >= this.ncpu) return undefined;
      return (level) => {
        if (level !== 0) this.acknowledge(cpu, 1 << (level & 15));
      };
    }
    return undefined;
  }

  /** Registers are 32-bit; a narrower access sees the big-endian byte lanes of its word. */
  read(offset: number, size: 1 | 2 | 4): number {
    const word = this.readWord(offset & 0xfc) >>> 0;
    if (size === 4) return word;
    return (word >>> ((4 - (offset & 3) - size) * 8)) & (size === 1 ? 0xff : 0xffff);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    const v = size === 4 ? value >>> 0 : (value << ((4 - (offset & 3) - size) * 8)) >>> 0;
    this.writeWord(offset & 0xfc, v);
  }

  private readWord(offset: number): number {
    switch (offset) {
      case LEVEL:
        return this.level;
      case PENDING:
        return this.pending;
      case FORCE0:
        return this.force[0];
      case CLEAR:
        return 0;
      case MPSTAT:
        return this.mpstat();
      case BROADCAST:
        return this.broadcast;
    }
    if (offset >= MASK_BASE && offset < FORCE_BASE) return this.mask[(offset - MASK_BASE) >> 2];
    if (offset >= FORCE_BASE && offset < EXTENDED_BASE) return this.force[(offset - FORCE_BASE) >> 2];
    if (offset >= EXTENDED_BASE) return this.extended[(offset - EXTENDED_BASE) >> 2];
    return 0;
  }

  private writeWord(offset: number, value: number): void {
    switch (offset) {
      case LEVEL:
        this.level = value & IRQ_BITS;
        this.update(); // the level split changes which request wins
        return;
      case PENDING:
        return; // read-only in QEMU
      case FORCE0:
        this.force[0] = value & IRQ_BITS;
        this.update();
        return;
      case CLEAR:
        this.pending &= ~(value & ~1);
        for (let i = 0; i < this.ncpu; i++) this.force[i] &= ~(value & ~1);
        this.update();
        return;
      case MPSTAT:
        this.powerOn(value);
        return;
      case BROADCAST:
        this.broadcast = value & IRQ_BITS;
        return;
    }
    if (offset >= MASK_BASE && offset < FORCE_BASE) {
      this.mask[(offset - MASK_BASE) >> 2] = value & ~1;
      this.update();
    } else if (offset >= FORCE_BASE && offset < EXTENDED_BASE) {
      // Bits 15:1 force, bits 31:17 clear the matching force bit.
      const n = (offset - FORCE_BASE) >> 2;
      const set = value & IRQ_BITS;
      const clear = (value >>> 16) & IRQ_BITS;
      this.force[n] = (this.force[n] | set) & ~clear;
      this.update();
    } else if (offset >= EXTENDED_BASE) {
      // Extended interrupts are not implemented (as in QEMU); the register only stores its field.
      this.extended[(offset - EXTENDED_BASE) >> 2] = value & 0xf;
    }
  }

  private setLine(line: number, level: number): void {
    const was = this.inputLevels[line];
    this.inputLevels[line] = level ? 1 : 0;
    if (!level || was) return;
    const bit = 1 << line;
    if (this.broadcast & bit) {
      for (let i = 0; i < MAX_CPUS; i++) this.force[i] |= bit;
    } else {
      this.pending |= bit;
    }
    this.update();
  }

  private acknowledge(cpu: number, bit: number): void {
    this.pending &= ~bit;
    this.force[cpu] &= ~bit;
    this.update();
  }

  private mpstat(): number {
    let status = 0;
    for (let i = 0; i < this.ncpu; i++) {
      const cpu = this.cpu(i);
      if (cpu && cpu.state !== 'running') status |= 1 << i;
    }
    return (((this.ncpu - 1) << MPSTAT_NCPU_SHIFT) | status) >>> 0;
  }

  private powerOn(value: number): void {
    for (let i = 0; i < this.ncpu; i++) {
      if (!((value >>> i) & 1)) continue;
      const cpu = this.cpu(i);
      // Starting a core that already runs is a no-op, as the hardware start signal is.
      if (cpu && cpu.state === 'stopped') cpu.powerOn();
    }
  }

  private cpu(i: number): Cpu | undefined {
    const ids = this.ctx.options.cpus;
    if (ids) return i < ids.length ? this.ctx.machine.cpu(ids[i]) : undefined;
    return this.ctx.machine.cpus[i];
  }

  private update(): void {
    for (let i = 0; i < this.ncpu; i++) {
      const requests = (this.pending | this.force[i]) & this.mask[i];
      const high = requests & this.level;
      this.irl[i].set(highestLevel(high !== 0 ? high : requests));
    }
  }
}
