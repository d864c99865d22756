import type { DmaView } from '../api/dma.js';
import type { AddressSpace } from './address-space.js';
import { PAGE_SHIFT } from './memory-backing.js';

/**
 * DMA through one CPU's view of the bus (the first CPU that sees the device): RAM and ROM only,
 * never MMIO. Every access is checked page by page before a byte moves; writes invalidate any
 * code decoded from the bytes they change, as a CPU store would.
 */
export class AddressSpaceDma implements DmaView {
  constructor(private readonly space: () => AddressSpace) {}

  isMemory(address: number, length: number, writable: boolean): boolean {
    if (!Number.isSafeInteger(address) || !Number.isSafeInteger(length) || address < 0 || length < 0 || address + length > 2 ** 32) return false;
    if (length === 0) return true;
    const s = this.space();
    const last = (address + length - 1) >>> PAGE_SHIFT;
    for (let p = address >>> PAGE_SHIFT; p <= last; p++) {
      const i = s.readIndex[p];
      if (i === 0 || (writable && !s.backings[i]!.writable)) return false;
    }
    return true;
  }

  read(address: number, into: Uint8Array): boolean {
    if (!this.isMemory(address, into.length, false)) return false;
    this.copy(address, into.length, (backing, off, done, n) => into.set(backing.bytes.subarray(off, off + n), done));
    return true;
  }

  write(address: number, data: Uint8Array): boolean {
    if (!this.isMemory(address, data.length, true)) return false;
    this.copy(address, data.length, (backing, off, done, n) => {
      backing.bytes.set(data.subarray(done, done + n), off);
      backing.codeWritten(off, n);
    });
    return true;
  }

  /** Walk [address, address+length) in runs that stay inside one backing. */
  private copy(address: number, length: number, step: (backing: NonNullable<AddressSpace['backings'][number]>, off: number, done: number, n: number) => void): void {
    const s = this.space();
    let done = 0;
    while (done < length) {
      const a = address + done;
      const i = s.readIndex[a >>> PAGE_SHIFT];
      const backing = s.backings[i]!;
      const off = a - s.bases[i];
      const n = Math.min(length - done, backing.size - off);
      step(backing, off, done, n);
      done += n;
    }
  }
}
