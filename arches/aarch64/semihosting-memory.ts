import type { A64Cpu } from './cpu.js';
import { translate, WalkResult } from './mmu.js';

/** A 64-bit guest value as unsigned 32-bit halves (exact where a Number would round). */
export interface U64 {
  readonly lo: number;
  readonly hi: number;
}

const PAGE = 4096;

/**
 * Guest memory as semihosting sees it, like QEMU's debug accesses (`cpu_memory_rw_debug`): a
 * virtual address is translated without permission checks and without raising an exception. A
 * read fails when any byte does not translate or is not RAM/ROM (Chimera never reads a device
 * register on the guest's behalf); a write fails only when an address does not translate, and
 * bytes that land on no RAM or ROM are dropped, as QEMU drops them. Every byte touched costs the
 * CPU a cycle, so a semihosting call that moves a lot of data also takes virtual time.
 */
export class SemihostingMemory {
  private readonly walk = new WalkResult();

  constructor(private readonly c: A64Cpu) {}

  /** `base + offset` as a virtual address (offset below 2^53). */
  static offset(base: U64, offset: number): U64 {
    const lo = base.lo + offset;
    return { lo: lo >>> 0, hi: (base.hi + Math.floor(lo / 4294967296)) >>> 0 };
  }

  /** Physical address of a virtual one, or -1 when it does not translate. */
  private physical(va: U64): number {
    const w = this.walk;
    translate(this.c, va.lo, va.hi, true, w);
    if (w.fault >= 0 || w.pa === -1) return -1;
    return (w.pa + (va.lo & (PAGE - 1))) >>> 0;
  }

  /** Call `each(pa, n)` for the physical pieces of [va, va+len), page by page; false if one does not translate. */
  private pieces(va: U64, len: number, each: (pa: number, n: number, done: number) => boolean): boolean {
    let done = 0;
    while (done < len) {
      const at = SemihostingMemory.offset(va, done);
      const n = Math.min(len - done, PAGE - (at.lo & (PAGE - 1)));
      const pa = this.physical(at);
      if (pa === -1 || !each(pa, n, done)) return false;
      done += n;
    }
    return true;
  }

  /** Is every byte of [va, va+len) readable RAM or ROM? Charges a cycle per byte checked. */
  readable(va: U64, len: number): boolean {
    const mem = this.c.memory;
    return this.pieces(va, len, (pa, n) => {
      this.c.extraCycles += n;
      return mem.isMemory(pa, n);
    });
  }

  /** Hand [va, va+len) to `sink` a page at a time; check `readable` first. */
  stream(va: U64, len: number, sink: (bytes: Uint8Array) => void): void {
    const mem = this.c.memory;
    this.pieces(va, len, (pa, n) => {
      this.c.extraCycles += n;
      const i = mem.readIndex[pa >>> 12];
      const off = pa - mem.bases[i];
      sink(mem.backings[i]!.bytes.subarray(off, off + n));
      return true;
    });
  }

  /** A copy of [va, va+len), or undefined if any byte is unreadable. For small reads. */
  read(va: U64, len: number): Uint8Array | undefined {
    if (!this.readable(va, len)) return undefined;
    const out = new Uint8Array(len);
    let at = 0;
    this.stream(va, len, (b) => {
      out.set(b, at);
      at += b.length;
    });
    return out;
  }

  /** The little-endian 64-bit value at `va`, or undefined. */
  readU64(va: U64): U64 | undefined {
    const b = this.read(va, 8);
    if (!b) return undefined;
    const v = new DataView(b.buffer);
    return { lo: v.getUint32(0, true), hi: v.getUint32(4, true) };
  }

  /** Length of the NUL-terminated string at `va` (at most `max`), or -1 if it runs into unreadable memory. */
  strlen(va: U64, max: number): number {
    const mem = this.c.memory;
    let length = -1;
    let scanned = 0;
    const ok = this.pieces(va, max, (pa, n) => {
      this.c.extraCycles += n;
      if (!mem.isMemory(pa, n)) return false;
      const i = mem.readIndex[pa >>> 12];
      const off = pa - mem.bases[i];
      const nul = mem.backings[i]!.bytes.subarray(off, off + n).indexOf(0);
      if (nul >= 0) {
        length = scanned + nul;
        return false; // found: stop walking
      }
      scanned += n;
      return true;
    });
    return length >= 0 ? length : ok ? max : -1;
  }

  /** Write bytes at `va`; false if an address does not translate (nothing is written then). */
  write(va: U64, bytes: Uint8Array): boolean {
    const targets: [number, number, number][] = [];
    if (!this.pieces(va, bytes.length, (pa, n, done) => (targets.push([pa, n, done]), true))) return false;
    const mem = this.c.memory;
    for (const [pa, n, done] of targets) {
      this.c.extraCycles += n;
      if (mem.isMemory(pa, n)) mem.load(pa, bytes.subarray(done, done + n));
    }
    return true;
  }

  /** Write a little-endian 64-bit value. */
  writeU64(va: U64, v: U64): boolean {
    const b = new Uint8Array(8);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, v.lo, true);
    dv.setUint32(4, v.hi, true);
    return this.write(va, b);
  }
}
