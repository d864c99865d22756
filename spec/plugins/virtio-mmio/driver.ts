import type { Device } from '../../../src/api/index.js';
import { TEST_RAM_BASE, type TestEnvironment } from 'chimera-sim/testing';

/** Register offsets and status bits, spelled out here so the tests do not trust the plugin's own. */
export const R = {
  MAGIC: 0x000, VERSION: 0x004, DEVICE_ID: 0x008, VENDOR: 0x00c, DEV_FEAT: 0x010, DEV_FEAT_SEL: 0x014,
  DRV_FEAT: 0x020, DRV_FEAT_SEL: 0x024, QUEUE_SEL: 0x030, QUEUE_NUM_MAX: 0x034, QUEUE_NUM: 0x038,
  QUEUE_READY: 0x044, QUEUE_NOTIFY: 0x050, INT_STATUS: 0x060, INT_ACK: 0x064, STATUS: 0x070,
  DESC_LO: 0x080, DESC_HI: 0x084, AVAIL_LO: 0x090, AVAIL_HI: 0x094, USED_LO: 0x0a0, USED_HI: 0x0a4,
  CONFIG_GEN: 0x0fc, CONFIG: 0x100,
} as const;
export const S = { ACK: 1, DRIVER: 2, DRIVER_OK: 4, FEATURES_OK: 8, NEEDS_RESET: 64 } as const;
export const DESC = { NEXT: 1, WRITE: 2, INDIRECT: 4 } as const;

/** A buffer of a request: bytes the device reads, or room for it to write. */
export type Buf = { read: Uint8Array } | { write: number } | { raw: { addr: number; len: number; flags: number; next?: number } };

/**
 * A minimal virtio driver over the test context's RAM: brings the device up as Linux does and
 * submits descriptor chains, so tests can play both the well-behaved and the hostile driver.
 */
export class TestDriver {
  /** Per queue: descriptor table, available ring, used ring, and the bump allocator for buffers. */
  readonly queues: { desc: number; avail: number; used: number; size: number; nextDesc: number; availIdx: number; usedSeen: number }[] = [];
  private heap = TEST_RAM_BASE + 0x40000;

  constructor(readonly env: TestEnvironment<unknown>, readonly dev: Device) {}

  rd(o: number): number {
    return this.dev.read!(o, 4, 0) >>> 0;
  }
  wr(o: number, v: number): void {
    this.dev.write!(o, 4, v >>> 0, 0);
  }

  /** Reset, negotiate (VERSION_1, or exactly `features`), set up queues, DRIVER_OK unless told not to. */
  init(queueCount: number, size = 8, opts: { features?: [number, number]; driverOk?: boolean } = {}): number {
    this.wr(R.STATUS, 0);
    this.wr(R.STATUS, S.ACK);
    this.wr(R.STATUS, S.ACK | S.DRIVER);
    this.wr(R.DEV_FEAT_SEL, 0);
    const lo = this.rd(R.DEV_FEAT);
    this.wr(R.DEV_FEAT_SEL, 1);
    const hi = this.rd(R.DEV_FEAT);
    // Given features are written as they are (a driver may ask for what is not offered).
    const [wantLo, wantHi] = opts.features ?? [0, 1 & hi];
    void lo;
    this.wr(R.DRV_FEAT_SEL, 0);
    this.wr(R.DRV_FEAT, wantLo);
    this.wr(R.DRV_FEAT_SEL, 1);
    this.wr(R.DRV_FEAT, wantHi);
    this.wr(R.STATUS, S.ACK | S.DRIVER | S.FEATURES_OK);
    const status = this.rd(R.STATUS);
    for (let q = 0; q < queueCount; q++) this.setupQueue(q, size);
    if (opts.driverOk !== false) this.wr(R.STATUS, status | S.DRIVER_OK);
    return status;
  }

  setupQueue(q: number, size: number, at?: { desc?: number; avail?: number; used?: number }): void {
    const base = TEST_RAM_BASE + 0x1000 + q * 0x4000;
    const desc = at?.desc ?? base;
    const avail = at?.avail ?? base + 0x1000;
    const used = at?.used ?? base + 0x2000;
    // Fresh rings, as a driver allocates them: nothing left over from an earlier life.
    for (const [a, n] of [[desc, 16 * size], [avail, 6 + 2 * size], [used, 6 + 8 * size]]) if (this.env.memory.isMemory(a, n)) this.poke(a, new Uint8Array(n));
    this.wr(R.QUEUE_SEL, q);
    this.wr(R.QUEUE_NUM, size);
    this.wr(R.DESC_LO, desc >>> 0);
    this.wr(R.DESC_HI, Math.floor(desc / 2 ** 32));
    this.wr(R.AVAIL_LO, avail >>> 0);
    this.wr(R.AVAIL_HI, 0);
    this.wr(R.USED_LO, used >>> 0);
    this.wr(R.USED_HI, 0);
    this.wr(R.QUEUE_READY, 1);
    this.queues[q] = { desc, avail, used, size, nextDesc: 0, availIdx: 0, usedSeen: 0 };
  }

  /** Guest memory for buffers. */
  alloc(n: number): number {
    const a = this.heap;
    this.heap += (n + 15) & ~15;
    return a;
  }

  poke(address: number, bytes: Uint8Array): void {
    this.env.memory.load(address, bytes);
  }
  peek(address: number, length: number): Uint8Array {
    return this.env.memory.readBytes(address, length)!;
  }

  /** Write a descriptor into a table. */
  writeDesc(table: number, index: number, addr: number, len: number, flags: number, next: number): void {
    const d = new Uint8Array(16);
    const v = new DataView(d.buffer);
    v.setUint32(0, addr >>> 0, true);
    v.setUint32(4, Math.floor(addr / 2 ** 32), true);
    v.setUint32(8, len >>> 0, true);
    v.setUint16(12, flags, true);
    v.setUint16(14, next, true);
    this.poke(table + 16 * index, d);
  }

  /** Make a chain available (without notifying). Returns the head and the writable buffers' addresses. */
  offer(q: number, bufs: Buf[]): { head: number; writable: number[] } {
    const Q = this.queues[q];
    const head = Q.nextDesc;
    const writable: number[] = [];
    bufs.forEach((b, i) => {
      const idx = (head + i) % Q.size;
      const last = i === bufs.length - 1;
      const next = (head + i + 1) % Q.size;
      if ('raw' in b) return this.writeDesc(Q.desc, idx, b.raw.addr, b.raw.len, b.raw.flags, b.raw.next ?? next);
      if ('read' in b) {
        const a = this.alloc(b.read.length);
        this.poke(a, b.read);
        this.writeDesc(Q.desc, idx, a, b.read.length, last ? 0 : DESC.NEXT, next);
      } else {
        const a = this.alloc(b.write);
        writable.push(a);
        this.writeDesc(Q.desc, idx, a, b.write, DESC.WRITE | (last ? 0 : DESC.NEXT), next);
      }
    });
    Q.nextDesc = (head + bufs.length) % Q.size;
    this.publish(q, head);
    return { head, writable };
  }

  /** Put a head in the available ring and bump avail.idx. */
  publish(q: number, head: number, flags = 0): void {
    const Q = this.queues[q];
    const e = new Uint8Array(2);
    new DataView(e.buffer).setUint16(0, head, true);
    this.poke(Q.avail + 4 + 2 * (Q.availIdx % Q.size), e);
    Q.availIdx = (Q.availIdx + 1) & 0xffff;
    const h = new Uint8Array(4);
    new DataView(h.buffer).setUint16(0, flags, true);
    new DataView(h.buffer).setUint16(2, Q.availIdx, true);
    this.poke(Q.avail, h);
  }

  notify(q: number): void {
    this.wr(R.QUEUE_NOTIFY, q);
  }

  /** Offer and notify. */
  submit(q: number, bufs: Buf[]): { head: number; writable: number[] } {
    const r = this.offer(q, bufs);
    this.notify(q);
    return r;
  }

  /** Used elements the device returned since the last call. */
  takeUsed(q: number): { id: number; len: number }[] {
    const Q = this.queues[q];
    if (!this.env.memory.isMemory(Q.used, 4 + 8 * Q.size)) return [];
    const v = new DataView(this.peek(Q.used, 4 + 8 * Q.size).buffer);
    const idx = v.getUint16(2, true);
    const out: { id: number; len: number }[] = [];
    while (Q.usedSeen !== idx) {
      const at = 4 + 8 * (Q.usedSeen % Q.size);
      out.push({ id: v.getUint32(at, true), len: v.getUint32(at + 4, true) });
      Q.usedSeen = (Q.usedSeen + 1) & 0xffff;
    }
    return out;
  }

  needsReset(): boolean {
    return (this.rd(R.STATUS) & S.NEEDS_RESET) !== 0;
  }
}
