/**
 * The software TLB's storage: one direct-mapped set per access kind (read, write, execute) and
 * privilege (CPL 3 or not). A tag is the linear page (bits 31:12 of the address, as an int32) plus
 * bits 63:32; a load's fast path compares the tag of its last byte, so page-straddling accesses
 * miss by construction.
 * @module
 */

export const TLB_BITS = 9;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;
/** A tag no page-aligned address has: marks an entry empty. */
export const TLB_EMPTY = 1;

/** One direct-mapped TLB for one access kind at one privilege (user or supervisor). */
export class TlbSet {
  readonly tag = new Int32Array(TLB_SIZE).fill(TLB_EMPTY);
  readonly hi = new Int32Array(TLB_SIZE);
  readonly pa = new Int32Array(TLB_SIZE);
  readonly global = new Uint8Array(TLB_SIZE);
  flush(keepGlobal: boolean): void {
    if (!keepGlobal) {
      this.tag.fill(TLB_EMPTY);
      return;
    }
    for (let i = 0; i < TLB_SIZE; i++) if (this.global[i] === 0) this.tag[i] = TLB_EMPTY;
  }
}
