import type { Signal } from '../../src/api/index.js';
import {
  CTLR_ACK_CTL, CTLR_CBPR, CTLR_EOIMODE, CTLR_FIQ_EN, IDLE_PRIORITY, NUM_APRS, NUM_PRIVATE, NUM_SGIS, SPURIOUS, SPURIOUS_GROUP1,
} from './registers.js';

/**
 * The state of a GICv2 without Security Extensions and its prioritisation logic.
 *
 * Every interrupt has a "slot": SGIs and PPIs (INTID < 32) are banked, one slot per CPU interface
 * (`cpu * 32 + intid`); SPIs have one slot each after the banked ones. Per-slot attributes live
 * in flat typed arrays so that the best-interrupt scan is a tight loop.
 *
 * Differences from QEMU 7.2 (which keeps SPI pending/active per CPU): an SPI's pending and active
 * states are single bits, as the architecture's 1-N model says — once one CPU acknowledges it, it
 * is no longer pending for the others.
 */
export class GicCore {
  readonly slots: number;
  readonly enabled: Uint8Array;
  /** The pending latch (edge, GICD_ISPENDR, SGI); level interrupts are also pending while their line is high. */
  readonly pending: Uint8Array;
  readonly active: Uint8Array;
  /** Input line level. */
  readonly line: Uint8Array;
  readonly group: Uint8Array;
  readonly edge: Uint8Array;
  readonly priority: Uint8Array;
  /** GICD_ITARGETSR per SPI slot (bit n = CPU interface n). */
  readonly target: Uint8Array;
  /** Per CPU and SGI: bit n set = pending from source CPU n. */
  readonly sgiSources: Uint8Array;

  /** GICD_CTLR (EnableGrp0, EnableGrp1). */
  distCtlr = 0;
  readonly cpuCtlr: Uint16Array;
  readonly pmr: Uint8Array;
  readonly bpr: Uint8Array;
  readonly abpr: Uint8Array;
  readonly runningPriority: Uint16Array;
  /** Highest-priority pending interrupt above the priority mask, per CPU (1023 = none). */
  readonly currentPending: Uint16Array;
  /** Active priority registers, `cpu * NUM_APRS + n`, for Group 0 and Group 1. */
  readonly apr: Uint32Array;
  readonly nsapr: Uint32Array;

  constructor(
    readonly ncpu: number,
    readonly nIrq: number,
    private readonly irqOut: readonly Signal[],
    private readonly fiqOut: readonly Signal[],
  ) {
    this.slots = ncpu * NUM_PRIVATE + (nIrq - NUM_PRIVATE);
    this.enabled = new Uint8Array(this.slots);
    this.pending = new Uint8Array(this.slots);
    this.active = new Uint8Array(this.slots);
    this.line = new Uint8Array(this.slots);
    this.group = new Uint8Array(this.slots);
    this.edge = new Uint8Array(this.slots);
    this.priority = new Uint8Array(this.slots);
    this.target = new Uint8Array(this.slots);
    this.sgiSources = new Uint8Array(ncpu * NUM_SGIS);
    this.cpuCtlr = new Uint16Array(ncpu);
    this.pmr = new Uint8Array(ncpu);
    this.bpr = new Uint8Array(ncpu);
    this.abpr = new Uint8Array(ncpu);
    this.runningPriority = new Uint16Array(ncpu);
    this.currentPending = new Uint16Array(ncpu);
    this.apr = new Uint32Array(ncpu * NUM_APRS);
    this.nsapr = new Uint32Array(ncpu * NUM_APRS);
  }

  /** Power-on state. Input line levels are kept: they belong to the devices driving them. */
  reset(): void {
    for (const a of [this.enabled, this.pending, this.active, this.group, this.edge, this.priority, this.sgiSources]) a.fill(0);
    // With one CPU interface every SPI targets it (and ITARGETSR is RAZ/WI); otherwise software sets targets.
    this.target.fill(this.ncpu === 1 ? 1 : 0);
    for (let cpu = 0; cpu < this.ncpu; cpu++) {
      for (let id = 0; id < NUM_SGIS; id++) {
        const s = cpu * NUM_PRIVATE + id;
        this.enabled[s] = 1; // SGIs are always enabled on GICv2 implementations like QEMU's
        this.edge[s] = 1;
      }
    }
    this.distCtlr = 0;
    this.cpuCtlr.fill(0);
    this.pmr.fill(0);
    this.bpr.fill(0);
    this.abpr.fill(1);
    this.runningPriority.fill(IDLE_PRIORITY);
    this.currentPending.fill(SPURIOUS);
    this.apr.fill(0);
    this.nsapr.fill(0);
    this.update();
  }

  slot(intid: number, cpu: number): number {
    return intid < NUM_PRIVATE ? cpu * NUM_PRIVATE + intid : this.ncpu * NUM_PRIVATE + intid - NUM_PRIVATE;
  }

  isPending(s: number): boolean {
    return this.pending[s] !== 0 || (this.edge[s] === 0 && this.line[s] !== 0);
  }

  /** An input line changed: edge-triggered interrupts latch on the rising edge. */
  setLine(s: number, level: number): void {
    const v = level ? 1 : 0;
    if (this.line[s] === v) return;
    this.line[s] = v;
    if (v && this.edge[s]) this.pending[s] = 1;
    this.update();
  }

  /** Recompute, for every CPU interface, the interrupt to signal, and drive irq/fiq. */
  update(): void {
    const privateEnd = this.ncpu * NUM_PRIVATE;
    for (let cpu = 0; cpu < this.ncpu; cpu++) {
      this.currentPending[cpu] = SPURIOUS;
      const ctlr = this.cpuCtlr[cpu];
      if ((this.distCtlr & 3) === 0 || (ctlr & 3) === 0) {
        this.irqOut[cpu].set(0);
        this.fiqOut[cpu].set(0);
        continue;
      }
      let bestPrio = IDLE_PRIORITY;
      let bestSlot = -1;
      let bestId = SPURIOUS;
      const base = cpu * NUM_PRIVATE;
      for (let id = 0; id < NUM_PRIVATE; id++) {
        const s = base + id;
        if (this.priority[s] < bestPrio && this.enabled[s] && !this.active[s] && this.isPending(s)) {
          bestPrio = this.priority[s];
          bestSlot = s;
          bestId = id;
        }
      }
      const cm = 1 << cpu;
      for (let s = privateEnd; s < this.slots; s++) {
        if (this.priority[s] < bestPrio && this.enabled[s] && !this.active[s] && this.target[s] & cm && this.isPending(s)) {
          bestPrio = this.priority[s];
          bestSlot = s;
          bestId = s - privateEnd + NUM_PRIVATE;
        }
      }
      let irq = 0;
      let fiq = 0;
      if (bestSlot >= 0 && bestPrio < this.pmr[cpu]) {
        this.currentPending[cpu] = bestId;
        if (bestPrio < this.runningPriority[cpu]) {
          const g = this.group[bestSlot];
          if (this.distCtlr & (1 << g) && ctlr & (1 << g)) {
            if (g === 0 && ctlr & CTLR_FIQ_EN) fiq = 1;
            else irq = 1;
          }
        }
      }
      this.irqOut[cpu].set(irq);
      this.fiqOut[cpu].set(fiq);
    }
  }

  /** GICC_HPPIR: the pending interrupt, hidden as 1022 when it is Group 1 and AckCtl is clear. */
  highestPending(cpu: number): number {
    const id = this.currentPending[cpu];
    if (id >= SPURIOUS_GROUP1) return id;
    if (this.group[this.slot(id, cpu)] && !(this.cpuCtlr[cpu] & CTLR_ACK_CTL)) return SPURIOUS_GROUP1;
    return id;
  }

  /** GICC_IAR read: activate the highest pending interrupt and return its ID (SGIs: with the source CPU in bits 12:10). */
  acknowledge(cpu: number): number {
    const id = this.highestPending(cpu);
    if (id >= SPURIOUS_GROUP1) return id;
    const s = this.slot(id, cpu);
    if (this.priority[s] >= this.runningPriority[cpu]) return SPURIOUS;
    this.activate(cpu, s);
    let result = id;
    if (id < NUM_SGIS) {
      const k = cpu * NUM_SGIS + id;
      const sources = this.sgiSources[k];
      const src = 31 - Math.clz32(sources & -sources); // lowest-numbered source first
      this.sgiSources[k] = sources & ~(1 << src);
      if (this.sgiSources[k] === 0) this.pending[s] = 0;
      result = id | ((src & 7) << 10);
    } else {
      this.pending[s] = 0; // a level interrupt with its line still high stays pending
    }
    this.update();
    return result;
  }

  /** GICC_EOIR write: drop the running priority, and deactivate unless EOImode splits the two. */
  endOfInterrupt(cpu: number, id: number): void {
    if (id >= this.nIrq) return; // spurious or non-existent IDs are ignored
    if (this.runningPriority[cpu] === IDLE_PRIORITY) return;
    const s = this.slot(id, cpu);
    this.dropPriority(cpu, this.group[s]);
    if (!(this.cpuCtlr[cpu] & CTLR_EOIMODE)) this.active[s] = 0;
    this.update();
  }

  /** GICC_DIR write: deactivate (only meaningful with EOImode set). */
  deactivate(cpu: number, id: number): void {
    if (id >= this.nIrq || !(this.cpuCtlr[cpu] & CTLR_EOIMODE)) return;
    this.active[this.slot(id, cpu)] = 0;
    this.update();
  }

  /** Recompute the running priority after a guest write to an active priority register. */
  refreshRunningPriority(cpu: number): void {
    this.runningPriority[cpu] = this.priorityFromAprs(cpu);
  }

  /** The group priority: the priority with the low bits below the binary point cleared. */
  private groupPriority(cpu: number, s: number): number {
    const useAbpr = this.group[s] && !(this.cpuCtlr[cpu] & CTLR_CBPR);
    const bpr = useAbpr ? this.abpr[cpu] - 1 : this.bpr[cpu];
    return this.priority[s] & ((0xff << ((bpr & 7) + 1)) & 0xff);
  }

  private activate(cpu: number, s: number): void {
    const prio = this.groupPriority(cpu, s);
    const level = prio >> 1; // preemption level with a minimum binary point of 0
    const reg = cpu * NUM_APRS + (level >> 5);
    if (this.group[s]) this.nsapr[reg] |= 1 << (level & 31);
    else this.apr[reg] |= 1 << (level & 31);
    this.runningPriority[cpu] = prio;
    this.active[s] = 1;
  }

  /** Clear the highest active priority of `group` (nesting guarantees it is the lowest set APR bit). */
  private dropPriority(cpu: number, group: number): void {
    const regs = group ? this.nsapr : this.apr;
    for (let i = 0; i < NUM_APRS; i++) {
      const r = cpu * NUM_APRS + i;
      if (regs[r] === 0) continue;
      regs[r] &= regs[r] - 1;
      break;
    }
    this.runningPriority[cpu] = this.priorityFromAprs(cpu);
  }

  private priorityFromAprs(cpu: number): number {
    for (let i = 0; i < NUM_APRS; i++) {
      const bits = this.apr[cpu * NUM_APRS + i] | this.nsapr[cpu * NUM_APRS + i];
      if (bits) return (i * 32 + (31 - Math.clz32(bits & -bits))) << 1;
    }
    return IDLE_PRIORITY;
  }
}
