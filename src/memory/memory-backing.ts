import type { AddressSpace } from './address-space.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;

/**
 * Code is tracked in granules of this many bytes: a write is checked against the granules that
 * hold decoded code, so data that shares a page with code is written without invalidating it.
 */
export const CODE_GRANULE_SHIFT = 6;
export const CODE_GRANULE = 1 << CODE_GRANULE_SHIFT;

/**
 * Bytes of RAM or ROM. Memory holds bytes as they are; each CPU reads them in its own byte order.
 * The buffer may be a SharedArrayBuffer so that a future multi-threaded runtime can share it.
 */
export class MemoryBacking {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /**
   * Per 64-byte granule: 1 while some CPU holds decoded code (or watches a reservation) that
   * overlaps it. Writes that touch a marked granule are reported to every view's code hook.
   */
  readonly codeGranules: Uint8Array;
  /** Per 4 KiB page: how many of its granules are marked. Pages with any take the write slow path. */
  readonly codeCount: Uint16Array;
  /**
   * Per 64-byte granule: 0 when a store may write the bytes directly. For RAM this is
   * `codeGranules` itself; for ROM every granule is closed (writes are ignored on the slow path).
   * Cores check it when a page's `writeIndex` sends them off the fast path, so stores to data
   * that shares a page with code stay a bitmap test away from the fast path.
   */
  readonly storeGate: Uint8Array;
  /** Address spaces that map this backing, with the address each sees it at. */
  readonly mappings: { space: AddressSpace; base: number }[] = [];

  constructor(readonly name: string, readonly size: number, readonly writable: boolean, shared = false) {
    const buffer = shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.codeGranules = new Uint8Array(Math.ceil(size / CODE_GRANULE));
    this.codeCount = new Uint16Array(Math.ceil(size / PAGE_SIZE));
    this.storeGate = writable ? this.codeGranules : new Uint8Array(this.codeGranules.length).fill(1);
  }

  /**
   * Report that [offset, offset+size) changed (a write through the bus, the loader, or a device
   * rewriting its own bytes). If that touched marked granules, they are unmarked, every view's
   * code hook hears of it, and the page gets its write fast path back once no code is left in it.
   */
  codeWritten(offset: number, size: number): void {
    const granules = this.codeGranules;
    const first = offset >>> CODE_GRANULE_SHIFT;
    const last = (offset + size - 1) >>> CODE_GRANULE_SHIFT;
    let lo = -1;
    let hi = -1;
    for (let g = first; g <= last; g++) {
      if (!granules[g]) continue;
      granules[g] = 0;
      if (lo < 0) lo = g;
      hi = g;
      const page = (g << CODE_GRANULE_SHIFT) >>> PAGE_SHIFT;
      if (--this.codeCount[page] === 0 && this.writable) {
        for (const m of this.mappings) {
          const p = (m.base >>> PAGE_SHIFT) + page;
          m.space.writeIndex[p] = m.space.readIndex[p];
        }
      }
    }
    if (lo < 0) return;
    const start = lo << CODE_GRANULE_SHIFT;
    const length = (hi - lo + 1) << CODE_GRANULE_SHIFT;
    for (const m of this.mappings) m.space.codeWriteHook?.(m.base + start, length);
  }
}
