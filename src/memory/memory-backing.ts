import type { AddressSpace } from './address-space.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;

/**
 * Bytes of RAM or ROM. Memory holds bytes as they are; each CPU reads them in its own byte order.
 * The buffer may be a SharedArrayBuffer so that a future multi-threaded runtime can share it.
 */
export class MemoryBacking {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Per 4 KiB page: 1 once a CPU has decoded instructions from it (writes then take the slow path). */
  readonly codePages: Uint8Array;
  /** Address spaces that map this backing, with the address each sees it at. */
  readonly mappings: { space: AddressSpace; base: number }[] = [];

  constructor(readonly name: string, readonly size: number, readonly writable: boolean, shared = false) {
    const buffer = shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.codePages = new Uint8Array(Math.ceil(size / PAGE_SIZE));
  }
}
