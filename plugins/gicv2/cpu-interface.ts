import type { GicCore } from './gic-core.js';
import {
  GICC_ABPR, GICC_APR0, GICC_BPR, GICC_CTLR, GICC_CTLR_MASK, GICC_DIR, GICC_EOIR, GICC_HPPIR, GICC_IAR, GICC_IIDR, GICC_IIDR_VALUE,
  GICC_NSAPR0, GICC_PMR, GICC_RPR, NUM_APRS,
} from './registers.js';

/**
 * The GICv2 CPU interface registers. Each CPU reaches its own interface at the same address;
 * `cpu` (from the bus initiator) selects it. Registers are 32-bit.
 */
export class CpuInterface {
  constructor(private readonly gic: GicCore) {}

  read(offset: number, cpu: number): number {
    const g = this.gic;
    switch (offset) {
      case GICC_CTLR:
        return g.cpuCtlr[cpu];
      case GICC_PMR:
        return g.pmr[cpu];
      case GICC_BPR:
        return g.bpr[cpu];
      case GICC_IAR:
        return g.acknowledge(cpu);
      case GICC_RPR:
        return Math.min(g.runningPriority[cpu], 0xff); // idle reads 0xFF
      case GICC_HPPIR:
        return g.highestPending(cpu);
      case GICC_ABPR:
        return g.abpr[cpu];
      case GICC_IIDR:
        return GICC_IIDR_VALUE;
    }
    if (offset >= GICC_APR0 && offset < GICC_APR0 + 4 * NUM_APRS) return g.apr[cpu * NUM_APRS + ((offset - GICC_APR0) >> 2)] >>> 0;
    if (offset >= GICC_NSAPR0 && offset < GICC_NSAPR0 + 4 * NUM_APRS) return g.nsapr[cpu * NUM_APRS + ((offset - GICC_NSAPR0) >> 2)] >>> 0;
    return 0;
  }

  write(offset: number, value: number, cpu: number): void {
    const g = this.gic;
    switch (offset) {
      case GICC_CTLR:
        g.cpuCtlr[cpu] = value & GICC_CTLR_MASK;
        break;
      case GICC_PMR:
        g.pmr[cpu] = value & 0xff;
        break;
      case GICC_BPR:
        g.bpr[cpu] = value & 7;
        break;
      case GICC_EOIR:
        g.endOfInterrupt(cpu, value & 0x3ff);
        return;
      case GICC_ABPR:
        g.abpr[cpu] = Math.max(value & 7, 1);
        break;
      case GICC_DIR:
        g.deactivate(cpu, value & 0x3ff);
        return;
      default:
        if (offset >= GICC_APR0 && offset < GICC_APR0 + 4 * NUM_APRS) {
          g.apr[cpu * NUM_APRS + ((offset - GICC_APR0) >> 2)] = value;
          g.refreshRunningPriority(cpu);
        } else if (offset >= GICC_NSAPR0 && offset < GICC_NSAPR0 + 4 * NUM_APRS) {
          g.nsapr[cpu * NUM_APRS + ((offset - GICC_NSAPR0) >> 2)] = value;
          g.refreshRunningPriority(cpu);
        } else {
          return; // IAR, RPR, HPPIR, IIDR are read-only; the rest is reserved
        }
    }
    g.update();
  }
}
