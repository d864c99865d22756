import type { DmaView } from '../../src/api/index.js';

/** Descriptor flags (§2.6.5). */
const DESC_F_NEXT = 1;
const DESC_F_WRITE = 2;
const DESC_F_INDIRECT = 4;
/** Available-ring flag: the driver wants no interrupt for used buffers. */
const AVAIL_F_NO_INTERRUPT = 1;
const DESC_SIZE = 16;

/** One buffer of a chain, in guest physical memory. */
export interface Segment {
  address: number;
  length: number;
}

/** A descriptor chain the device took from the available ring. */
export class Chain {
  readonly readable: Segment[] = [];
  readonly writable: Segment[] = [];
  readableLength = 0;
  writableLength = 0;
  constructor(readonly head: number) {}
}

/** Why a queue stopped: the driver broke the ring rules, so the device needs a reset (§2.1.2). */
export class VirtqueueError extends Error {}

/**
 * One split virtqueue (§2.6) as the device side sees it: descriptor table, available ring and
 * used ring in guest memory, reached through the DMA view. Everything the guest wrote is checked
 * — indexes, chain lengths and loops, indirect tables, addresses — and a violation raises
 * VirtqueueError instead of touching host memory or looping.
 */
export class Virtqueue {
  size = 0;
  desc = 0;
  avail = 0;
  used = 0;
  ready = false;
  /** The next available-ring index the device will read. */
  private lastAvail = 0;
  /** Our copy of used.idx. */
  private usedIdx = 0;
  private readonly scratch = new Uint8Array(DESC_SIZE);
  private readonly sv = new DataView(this.scratch.buffer);

  constructor(private readonly dma: DmaView) {}

  reset(): void {
    this.size = this.desc = this.avail = this.used = 0;
    this.ready = false;
    this.lastAvail = this.usedIdx = 0;
  }

  /** Check the layout the driver set before the queue is enabled; returns a message or undefined. */
  check(): string | undefined {
    const n = this.size;
    if (n === 0 || (n & (n - 1)) !== 0) return `queue size ${n} is not a power of two`;
    if (this.desc % 16 || this.avail % 2 || this.used % 4) return 'misaligned ring address';
    if (!this.dma.isMemory(this.desc, 16 * n, false)) return `descriptor table at 0x${this.desc.toString(16)} is not in RAM`;
    if (!this.dma.isMemory(this.avail, 6 + 2 * n, false)) return `available ring at 0x${this.avail.toString(16)} is not in RAM`;
    if (!this.dma.isMemory(this.used, 6 + 8 * n, true)) return `used ring at 0x${this.used.toString(16)} is not in RAM`;
    return undefined;
  }

  private u16(address: number): number {
    if (!this.dma.read(address, this.scratch.subarray(0, 2))) throw new VirtqueueError(`ring read at 0x${address.toString(16)} outside RAM`);
    return this.sv.getUint16(0, true);
  }

  private put(address: number, bytes: Uint8Array): void {
    if (!this.dma.write(address, bytes)) throw new VirtqueueError(`ring write at 0x${address.toString(16)} outside RAM`);
  }

  /** Whether the driver has made a chain available that the device has not taken. */
  pending(): boolean {
    return this.ready && this.u16(this.avail + 2) !== this.lastAvail;
  }

  /** Take the next available chain, or undefined when there is none. */
  pop(): Chain | undefined {
    if (!this.ready) return undefined;
    const availIdx = this.u16(this.avail + 2);
    if (availIdx === this.lastAvail) return undefined;
    if (((availIdx - this.lastAvail) & 0xffff) > this.size) throw new VirtqueueError(`available index jumped by more than the queue size`);
    const head = this.u16(this.avail + 4 + 2 * (this.lastAvail % this.size));
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    return this.walk(head);
  }

  /** Follow a chain (and an indirect table) from `head`, at most one visit per descriptor. */
  private walk(head: number): Chain {
    const chain = new Chain(head);
    let table = this.desc;
    let tableSize = this.size;
    let index = head;
    let indirect = false;
    let seen = 0;
    for (;;) {
      if (index >= tableSize) throw new VirtqueueError(`descriptor index ${index} beyond a table of ${tableSize}`);
      if (++seen > tableSize) throw new VirtqueueError('descriptor chain loops');
      if (!this.dma.read(table + DESC_SIZE * index, this.scratch)) throw new VirtqueueError('descriptor outside RAM');
      const hi = this.sv.getUint32(4, true);
      const address = this.sv.getUint32(0, true) + hi * 2 ** 32;
      const length = this.sv.getUint32(8, true);
      const flags = this.sv.getUint16(12, true);
      const next = this.sv.getUint16(14, true);
      if (flags & DESC_F_INDIRECT) {
        if (indirect) throw new VirtqueueError('indirect descriptor inside an indirect table');
        if (flags & DESC_F_NEXT) throw new VirtqueueError('indirect descriptor with NEXT set');
        if (length === 0 || length % DESC_SIZE) throw new VirtqueueError(`indirect table of ${length} bytes`);
        if (!this.dma.isMemory(address, length, false)) throw new VirtqueueError('indirect table outside RAM');
        indirect = true;
        table = address;
        tableSize = length / DESC_SIZE;
        index = 0;
        seen = 0;
        continue;
      }
      if (flags & DESC_F_WRITE) {
        if (!this.dma.isMemory(address, length, true)) throw new VirtqueueError(`writable buffer at 0x${address.toString(16)}+${length} outside RAM`);
        chain.writable.push({ address, length });
        chain.writableLength += length;
      } else {
        if (chain.writable.length) throw new VirtqueueError('readable buffer after a writable one');
        if (!this.dma.isMemory(address, length, false)) throw new VirtqueueError(`readable buffer at 0x${address.toString(16)}+${length} outside RAM`);
        chain.readable.push({ address, length });
        chain.readableLength += length;
      }
      if (!(flags & DESC_F_NEXT)) return chain;
      index = next;
    }
  }

  /** Return a chain to the driver with `written` bytes written into its writable buffers. */
  push(chain: Chain, written: number): void {
    this.sv.setUint32(0, chain.head, true);
    this.sv.setUint32(4, written, true);
    this.put(this.used + 4 + 8 * (this.usedIdx % this.size), this.scratch.subarray(0, 8));
    this.usedIdx = (this.usedIdx + 1) & 0xffff;
    this.sv.setUint16(0, this.usedIdx, true);
    this.put(this.used + 2, this.scratch.subarray(0, 2));
  }

  /** Whether the driver asked not to be interrupted (VIRTQ_AVAIL_F_NO_INTERRUPT). */
  interruptSuppressed(): boolean {
    return (this.u16(this.avail) & AVAIL_F_NO_INTERRUPT) !== 0;
  }
}

/** Copy between a chain's buffers and host bytes, bounded by the buffers' lengths. */
export class ChainIo {
  constructor(private readonly dma: DmaView) {}

  /** Read `into.length` bytes starting `offset` bytes into the chain's readable buffers. Returns bytes read. */
  read(chain: Chain, offset: number, into: Uint8Array): number {
    return this.walk(chain.readable, offset, into.length, (a, k, n) => this.dma.read(a, into.subarray(k, k + n)));
  }

  /** Write `data` starting `offset` bytes into the chain's writable buffers. Returns bytes written. */
  write(chain: Chain, offset: number, data: Uint8Array): number {
    return this.walk(chain.writable, offset, data.length, (a, k, n) => this.dma.write(a, data.subarray(k, k + n)));
  }

  private walk(segments: readonly Segment[], offset: number, length: number, copy: (address: number, done: number, n: number) => boolean): number {
    let skip = offset;
    let done = 0;
    for (const s of segments) {
      if (done >= length) break;
      if (skip >= s.length) {
        skip -= s.length;
        continue;
      }
      const n = Math.min(s.length - skip, length - done);
      if (!copy(s.address + skip, done, n)) break; // checked when the chain was taken; the guest cannot change the map
      done += n;
      skip = 0;
    }
    return done;
  }
}
