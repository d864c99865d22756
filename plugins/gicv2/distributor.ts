import type { GicCore } from './gic-core.js';
import {
  GICD_CPENDSGIR, GICD_CTLR, GICD_ICACTIVER, GICD_ICENABLER, GICD_ICFGR, GICD_ICPENDR, GICD_ID_BYTES, GICD_IGROUPR, GICD_IIDR, GICD_IIDR_VALUE,
  GICD_IPRIORITYR, GICD_ISACTIVER, GICD_ISENABLER, GICD_ISPENDR, GICD_ITARGETSR, GICD_NSACR, GICD_PIDR4, GICD_SGIR, GICD_SIZE,
  GICD_SPENDSGIR, GICD_TYPER, NUM_PRIVATE, NUM_SGIS,
} from './registers.js';

/**
 * The GICv2 distributor's register file. The distributor is byte-addressable by design (priority
 * and target bytes), so it is decoded byte by byte like QEMU's arm_gic; wider accesses are
 * assembled little-endian. `cpu` is the accessing CPU interface, which selects the banked
 * copies of SGI/PPI state.
 */
export class Distributor {
  constructor(private readonly gic: GicCore) {}

  read(offset: number, size: 1 | 2 | 4, cpu: number): number {
    let v = 0;
    for (let i = 0; i < size; i++) v |= this.readByte(offset + i, cpu) << (8 * i);
    return v >>> 0;
  }

  write(offset: number, size: 1 | 2 | 4, value: number, cpu: number): void {
    if (offset === GICD_SGIR) {
      if (size === 4) this.softwareInterrupt(value >>> 0, cpu);
      return;
    }
    for (let i = 0; i < size; i++) this.writeByte(offset + i, (value >>> (8 * i)) & 0xff, cpu);
    this.gic.update();
  }

  /** Eight 1-bit attributes starting at `intid` (0 past the implemented interrupts). */
  private bitsOf(array: Uint8Array, intid: number, cpu: number, test?: (s: number) => boolean): number {
    const g = this.gic;
    if (intid >= g.nIrq) return 0;
    let v = 0;
    for (let i = 0; i < 8; i++) {
      const s = g.slot(intid + i, cpu);
      if (test ? test(s) : array[s]) v |= 1 << i;
    }
    return v;
  }

  private readByte(offset: number, cpu: number): number {
    const g = this.gic;
    if (offset >= GICD_SIZE) return 0;
    if (offset < GICD_IGROUPR) {
      if (offset === GICD_CTLR) return g.distCtlr;
      if (offset === GICD_TYPER) return ((g.nIrq / 32 - 1) | ((g.ncpu - 1) << 5)) & 0xff;
      if (offset >= GICD_IIDR && offset < GICD_IIDR + 4) return (GICD_IIDR_VALUE >>> (8 * (offset - GICD_IIDR))) & 0xff;
      return 0;
    }
    if (offset < GICD_ISENABLER) return this.bitsOf(g.group, (offset - GICD_IGROUPR) * 8, cpu);
    if (offset < GICD_ISPENDR) return this.bitsOf(g.enabled, ((offset - GICD_ISENABLER) & 0x7f) * 8, cpu);
    if (offset < GICD_ISACTIVER) return this.bitsOf(g.pending, ((offset - GICD_ISPENDR) & 0x7f) * 8, cpu, (s) => g.isPending(s));
    if (offset < GICD_IPRIORITYR) return this.bitsOf(g.active, ((offset - GICD_ISACTIVER) & 0x7f) * 8, cpu);
    if (offset < GICD_ITARGETSR) {
      const id = offset - GICD_IPRIORITYR;
      return id < g.nIrq ? g.priority[g.slot(id, cpu)] : 0;
    }
    if (offset < GICD_ICFGR) {
      const id = offset - GICD_ITARGETSR;
      if (g.ncpu === 1 || id >= g.nIrq) return 0; // RAZ/WI on a uniprocessor GIC
      return id < NUM_PRIVATE ? 1 << cpu : g.target[g.slot(id, cpu)];
    }
    if (offset < GICD_NSACR) {
      const id = (offset - GICD_ICFGR) * 4;
      if (id >= g.nIrq) return 0;
      let v = 0;
      for (let i = 0; i < 4; i++) if (g.edge[g.slot(id + i, cpu)]) v |= 2 << (2 * i);
      return v;
    }
    if (offset >= GICD_CPENDSGIR && offset < GICD_SPENDSGIR + NUM_SGIS) {
      return g.sgiSources[cpu * NUM_SGIS + ((offset - GICD_CPENDSGIR) & 0xf)];
    }
    if (offset >= GICD_PIDR4) return offset & 3 ? 0 : GICD_ID_BYTES[(offset - GICD_PIDR4) >> 2];
    return 0;
  }

  private writeByte(offset: number, value: number, cpu: number): void {
    const g = this.gic;
    if (offset >= GICD_SIZE) return;
    if (offset < GICD_IGROUPR) {
      if (offset === GICD_CTLR) g.distCtlr = value & 3;
      return;
    }
    if (offset < GICD_ISENABLER) return this.eachBit((offset - GICD_IGROUPR) * 8, value, cpu, (s) => (g.group[s] = 1), (s) => (g.group[s] = 0));
    if (offset < GICD_ICENABLER) {
      const id = (offset - GICD_ISENABLER) * 8;
      return this.eachBit(id, id < NUM_SGIS ? 0xff : value, cpu, (s) => (g.enabled[s] = 1));
    }
    if (offset < GICD_ISPENDR) {
      const id = (offset - GICD_ICENABLER) * 8;
      return this.eachBit(id, id < NUM_SGIS ? 0 : value, cpu, (s) => (g.enabled[s] = 0));
    }
    if (offset < GICD_ICPENDR) {
      const id = (offset - GICD_ISPENDR) * 8;
      return this.eachBit(id, id < NUM_SGIS ? 0 : value, cpu, (s) => (g.pending[s] = 1));
    }
    if (offset < GICD_ISACTIVER) {
      const id = (offset - GICD_ICPENDR) * 8;
      return this.eachBit(id, id < NUM_SGIS ? 0 : value, cpu, (s) => (g.pending[s] = 0));
    }
    if (offset < GICD_ICACTIVER) return this.eachBit((offset - GICD_ISACTIVER) * 8, value, cpu, (s) => (g.active[s] = 1));
    if (offset < GICD_IPRIORITYR) return this.eachBit((offset - GICD_ICACTIVER) * 8, value, cpu, (s) => (g.active[s] = 0));
    if (offset < GICD_ITARGETSR) {
      const id = offset - GICD_IPRIORITYR;
      if (id < g.nIrq) g.priority[g.slot(id, cpu)] = value;
      return;
    }
    if (offset < GICD_ICFGR) {
      const id = offset - GICD_ITARGETSR;
      // SGI/PPI targets are read-only; uniprocessor GICs make the whole range RAZ/WI.
      if (g.ncpu > 1 && id >= NUM_PRIVATE && id < g.nIrq) g.target[g.slot(id, cpu)] = value & ((1 << g.ncpu) - 1);
      return;
    }
    if (offset < GICD_NSACR) {
      const id = (offset - GICD_ICFGR) * 4;
      if (id >= g.nIrq) return;
      const v = id < NUM_SGIS ? value | 0xaa : value; // SGIs are always edge-triggered
      for (let i = 0; i < 4; i++) g.edge[g.slot(id + i, cpu)] = (v >> (2 * i + 1)) & 1;
      return;
    }
    if (offset >= GICD_CPENDSGIR && offset < GICD_SPENDSGIR) {
      const k = cpu * NUM_SGIS + (offset - GICD_CPENDSGIR);
      g.sgiSources[k] &= ~value;
      if (g.sgiSources[k] === 0) g.pending[g.slot(offset - GICD_CPENDSGIR, cpu)] = 0;
      return;
    }
    if (offset >= GICD_SPENDSGIR && offset < GICD_SPENDSGIR + NUM_SGIS) {
      const k = cpu * NUM_SGIS + (offset - GICD_SPENDSGIR);
      g.sgiSources[k] |= value & ((1 << g.ncpu) - 1);
      if (g.sgiSources[k]) g.pending[g.slot(offset - GICD_SPENDSGIR, cpu)] = 1;
    }
  }

  private eachBit(intid: number, value: number, cpu: number, onSet: (s: number) => void, onClear?: (s: number) => void): void {
    const g = this.gic;
    if (intid >= g.nIrq) return;
    for (let i = 0; i < 8; i++) {
      const s = g.slot(intid + i, cpu);
      if (value & (1 << i)) onSet(s);
      else onClear?.(s);
    }
  }

  /** GICD_SGIR: raise SGI `value[3:0]` on the CPUs the target filter selects, from `cpu`. */
  private softwareInterrupt(value: number, cpu: number): void {
    const g = this.gic;
    const all = (1 << g.ncpu) - 1;
    const id = value & 0xf;
    let targets: number;
    switch ((value >>> 24) & 3) {
      case 0:
        targets = (value >>> 16) & 0xff;
        break;
      case 1:
        targets = all & ~(1 << cpu);
        break;
      case 2:
        targets = 1 << cpu;
        break;
      default:
        targets = all; // reserved filter: QEMU sends to everyone
    }
    targets &= all;
    for (let t = 0; t < g.ncpu; t++) {
      if (!(targets & (1 << t))) continue;
      g.sgiSources[t * NUM_SGIS + id] |= 1 << cpu;
      g.pending[g.slot(id, t)] = 1;
    }
    g.update();
  }
}
