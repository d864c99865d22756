/**
 * LEON3 alternate address spaces that are not plain memory: the cache control registers
 * (ASI 0x02) and the SRMMU registers (ASI 0x19). Memory ASIs are handled by the core itself.
 */

/** ASIs that reach physical memory (no MMU is modelled): forced cache miss, user/supervisor
 * instruction and data, LEON MMU bypass, SuperSPARC MMU bypass. */
export function isMemoryAsi(asi: number): boolean {
  return asi === 0x01 || asi === 0x08 || asi === 0x09 || asi === 0x0a || asi === 0x0b || asi === 0x1c || asi === 0x20;
}

// Cache control register bits that always read as zero (flush-pending and parity bits).
const CCR_FD = 1 << 22, CCR_FI = 1 << 21, CCR_IB = 1 << 16, CCR_IP = 1 << 15, CCR_DP = 1 << 14;
const CCR_WRITE_MASK = ~(CCR_FD | CCR_FI | CCR_IB | CCR_IP | CCR_DP);
/** Instruction / data cache configuration words as QEMU's LEON3 reports them. */
const ICACHE_CONFIG = 0x10220000;
const DCACHE_CONFIG = 0x18220000;
/** SRMMU control register implementation/version byte for LEON3. */
const MMU_VERSION = 0xf3000000;

export class LeonAsi {
  /** Cache control register (CCR). */
  ccr = 0;
  readonly mmuRegs = new Int32Array(32);
  private mmuWarned = false;

  constructor(private readonly warn: (message: string) => void) {}

  reset(): void {
    this.ccr = 0;
    this.mmuRegs.fill(0);
    this.mmuRegs[0] = MMU_VERSION | 0;
  }

  /** Load from a non-memory ASI. Unknown ASIs read 0 (QEMU: unassigned access, MMU off). */
  load(asi: number, addr: number, size: number): number {
    switch (asi) {
      case 0x02:
        if (size !== 4) return 0;
        if (addr === 0x00) return this.ccr;
        if (addr === 0x08) return ICACHE_CONFIG;
        if (addr === 0x0c) return DCACHE_CONFIG;
        return 0;
      case 0x19: {
        const reg = (addr >>> 8) & 0x1f;
        let v = this.mmuRegs[reg];
        if (reg === 3) this.mmuRegs[3] = 0; // fault status clears on read
        else if (reg === 0x13) v = this.mmuRegs[3];
        else if (reg === 0x14) v = this.mmuRegs[4];
        return v;
      }
      default:
        return 0; // flush/probe ASIs, diagnostics, unknown: read 0
    }
  }

  /** Store to a non-memory ASI. Unknown ASIs ignore the write. */
  store(asi: number, addr: number, value: number, size: number): void {
    switch (asi) {
      case 0x02:
        if (size === 4 && addr === 0x00) this.ccr = value & CCR_WRITE_MASK;
        return;
      case 0x19: {
        const reg = (addr >>> 8) & 0x1f;
        switch (reg) {
          case 0:
            this.mmuRegs[0] = (this.mmuRegs[0] & 0xff000000) | (value & 0x00ffffff);
            if (value & 1 && !this.mmuWarned) {
              this.mmuWarned = true;
              this.warn('SRMMU enable requested: the MMU is not modelled, addresses stay physical');
            }
            return;
          case 1: this.mmuRegs[1] = value & 0xfffffffc; return;
          case 2: this.mmuRegs[2] = value & 0xff; return;
          case 3: case 4: return;
          case 0x13: this.mmuRegs[3] = value; return;
          case 0x14: this.mmuRegs[4] = value; return;
          default: this.mmuRegs[reg] = value; return;
        }
      }
      default:
        return; // cache flush (0x10, 0x11), MMU flush (0x18), unknown: no effect
    }
  }
}
