import type { Device, Logger } from '../../src/api/index.js';
import type { AhbEntry, AmbaPnpOptions, ApbEntry } from './options.js';
import { barType } from './options.js';
import {
  AHB_ENTRY_BYTES, AHB_MAX_ENTRIES, AHB_SLAVE_OFFSET, APB_ENTRY_BYTES, APB_MAX_ENTRIES, TABLE_BYTES, ahbBarWord, apbBarWord, identWord,
} from './pnp-encoding.js';

const GAISLER = 0x01;

/** A read-only 4 KiB plug&play table, built once from the board's description. */
export class PnpTable implements Device {
  private readonly words = new Uint32Array(TABLE_BYTES / 4);

  constructor(options: AmbaPnpOptions, private readonly log: Logger) {
    if (options.table === 'ahb') {
      this.fillAhb(0, options.masters ?? [], 'masters');
      this.fillAhb(AHB_SLAVE_OFFSET, options.slaves ?? [], 'slaves');
    } else {
      this.fillApb(options.entries ?? []);
    }
  }

  reset(): void {}

  /** The table is fixed by the options: nothing to save. */
  save(): Record<string, never> {
    return {};
  }

  restore(): void {}

  /** The tables are big-endian words on the AMBA bus; narrower reads pick their byte lanes, as in QEMU. */
  read(offset: number, size: 1 | 2 | 4): number {
    const word = this.words[(offset & (TABLE_BYTES - 1)) >> 2];
    if (size === 4) return word;
    return (word >>> ((4 - (offset & 3) - size) * 8)) & (size === 1 ? 0xff : 0xffff);
  }

  write(): void {
    // Read-only: writes are ignored.
  }

  private fillAhb(start: number, entries: readonly AhbEntry[], what: string): void {
    let slot = 0;
    for (const e of entries) {
      for (let k = 0; k < (e.count ?? 1); k++) {
        if (slot >= AHB_MAX_ENTRIES) {
          this.log.warn(`more than ${AHB_MAX_ENTRIES} AHB ${what}; the rest are left out`);
          return;
        }
        const w = (start + slot * AHB_ENTRY_BYTES) >> 2;
        this.words[w] = identWord(e.vendor ?? GAISLER, e.device, e.version ?? 0, e.irq ?? 0);
        (e.user ?? []).forEach((u, i) => (this.words[w + 1 + i] = u >>> 0));
        (e.bars ?? []).forEach((b, i) => {
          this.words[w + 4 + i] = ahbBarWord(b.address, b.mask, barType(b.type, 0), b.prefetchable ?? false, b.cacheable ?? false);
        });
        slot++;
      }
    }
  }

  private fillApb(entries: readonly ApbEntry[]): void {
    entries.forEach((e, slot) => {
      if (slot >= APB_MAX_ENTRIES) return;
      const w = (slot * APB_ENTRY_BYTES) >> 2;
      this.words[w] = identWord(e.vendor ?? GAISLER, e.device, e.version ?? 0, e.irq ?? 0);
      this.words[w + 1] = apbBarWord(e.address, e.mask ?? 0xfff, barType(e.type, 1));
    });
  }
}
