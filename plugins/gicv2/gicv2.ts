import type { Device, DeviceContext, Signal, SignalSink } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';

/** GicCore fields that make its state (the rest is configuration from the options). */
const GIC_STATE = ['enabled', 'pending', 'active', 'line', 'group', 'edge', 'priority', 'target', 'sgiSources', 'distCtlr', 'cpuCtlr', 'pmr', 'bpr', 'abpr', 'runningPriority', 'currentPending', 'apr', 'nsapr'];
import { CpuInterface } from './cpu-interface.js';
import { Distributor } from './distributor.js';
import { GicCore } from './gic-core.js';
import { GICC_SIZE, GICD_SIZE, MAX_CPUS, NUM_PRIVATE, NUM_SGIS } from './registers.js';

export interface Gicv2Options {
  /** Shared peripheral interrupts (INTID 32 + n), a multiple of 32; default 256 as on QEMU virt. */
  spis?: number;
  /** Offset of the CPU interface inside this device's window; default 0x10000 (virt: 0x08010000). */
  cpuInterfaceOffset?: number;
  /** Ids of the CPUs served, in CPU-interface order; default: the board's first CPUs (at most 8). */
  cpus?: string[];
}

/**
 * One device instance covers both GICv2 register blocks: the distributor at offset 0 and the CPU
 * interface at `cpuInterfaceOffset`, so one board entry with `size: 0x20000` maps QEMU virt's
 * 0x08000000 and 0x08010000 blocks. One instance rather than two devices sharing state,
 * because the plugin API gives each instance its own context and no way to share state between
 * instances — and the two blocks are one piece of hardware. Accesses between the blocks read as
 * zero and ignore writes.
 */
export class Gicv2 implements Device {
  private readonly core: GicCore;
  private readonly distributor: Distributor;
  private readonly cpuInterface: CpuInterface;
  private readonly cpuIfOffset: number;
  private interfaceOf: Map<number, number> | undefined;

  constructor(private readonly ctx: DeviceContext<Gicv2Options>) {
    const ncpu = Math.max(1, Math.min(MAX_CPUS, ctx.options.cpus?.length ?? ctx.cpuCount));
    const nIrq = NUM_PRIVATE + (ctx.options.spis ?? 256);
    const irq: Signal[] = [];
    const fiq: Signal[] = [];
    for (let i = 0; i < ncpu; i++) {
      irq.push(ctx.output(`irq${i}`));
      fiq.push(ctx.output(`fiq${i}`));
    }
    this.core = new GicCore(ncpu, nIrq, irq, fiq);
    this.distributor = new Distributor(this.core);
    this.cpuInterface = new CpuInterface(this.core);
    this.cpuIfOffset = ctx.options.cpuInterfaceOffset ?? 0x10000;
  }

  reset(): void {
    this.core.reset();
  }

  save(): SavedState {
    return saveFields(this.core, GIC_STATE);
  }

  restore(state: SavedState): void {
    restoreFields(this.core, GIC_STATE, state);
  }

  /** Distributor and CPU interface state, per interrupt slot and per CPU interface. */
  inspect(): Record<string, unknown> {
    const c = this.core;
    const ids = (a: Uint8Array) => [...a.keys()].filter((i) => a[i]);
    return {
      distCtlr: c.distCtlr,
      enabledSlots: ids(c.enabled),
      pendingSlots: ids(c.pending),
      activeSlots: ids(c.active),
      lineHighSlots: ids(c.line),
      cpuInterfaces: [...Array(c.ncpu).keys()].map((i) => ({ ctlr: c.cpuCtlr[i], pmr: c.pmr[i], bpr: c.bpr[i], runningPriority: c.runningPriority[i], highestPending: c.currentPending[i] })),
    };
  }

  /** `spi<n>`: SPI n (INTID 32 + n). `ppi<cpu>_<intid>`: private interrupt 16..31 of one CPU interface. */
  input(name: string): SignalSink | undefined {
    const g = this.core;
    let m = /^spi([0-9]+)$/.exec(name);
    if (m) {
      const n = Number(m[1]);
      if (n >= g.nIrq - NUM_PRIVATE) return undefined;
      const s = g.slot(NUM_PRIVATE + n, 0);
      return (level) => g.setLine(s, level);
    }
    m = /^ppi([0-9]+)_([0-9]+)$/.exec(name);
    if (m) {
      const cpu = Number(m[1]);
      const intid = Number(m[2]);
      if (cpu >= g.ncpu || intid < NUM_SGIS || intid >= NUM_PRIVATE) return undefined;
      const s = g.slot(intid, cpu);
      return (level) => g.setLine(s, level);
    }
    return undefined;
  }

  read(offset: number, size: 1 | 2 | 4, initiator: number): number {
    const cpu = this.cpuInterfaceFor(initiator);
    if (offset < GICD_SIZE) return this.distributor.read(offset, size, cpu);
    const c = offset - this.cpuIfOffset;
    if (c >= 0 && c < GICC_SIZE) {
      const word = this.cpuInterface.read(c & ~3, cpu);
      return size === 4 ? word >>> 0 : (word >>> ((c & 3) * 8)) & (size === 1 ? 0xff : 0xffff);
    }
    return 0;
  }

  write(offset: number, size: 1 | 2 | 4, value: number, initiator: number): void {
    const cpu = this.cpuInterfaceFor(initiator);
    if (offset < GICD_SIZE) {
      this.distributor.write(offset, size, value, cpu);
      return;
    }
    const c = offset - this.cpuIfOffset;
    if (c >= 0 && c < GICC_SIZE) this.cpuInterface.write(c & ~3, (value << ((c & 3) * 8)) >>> 0, cpu);
  }

  /** The CPU interface a bus initiator talks to; the loader (-1) and unknown CPUs see interface 0. */
  private cpuInterfaceFor(initiator: number): number {
    const ids = this.ctx.options.cpus;
    if (!ids) return initiator >= 0 && initiator < this.core.ncpu ? initiator : 0;
    if (!this.interfaceOf) {
      // Resolved on first access: the machine's CPU list is complete once the run starts.
      this.interfaceOf = new Map();
      ids.forEach((id, n) => {
        const cpu = this.ctx.machine.cpu(id);
        if (cpu) this.interfaceOf!.set(cpu.index, n);
      });
    }
    return this.interfaceOf.get(initiator) ?? 0;
  }
}
