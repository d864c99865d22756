import { CODE_GRANULE_SHIFT, MemoryBacking, PAGE_MASK, PAGE_SHIFT, PAGE_SIZE } from './memory-backing.js';
import type { MmioHandler, MmioMapping } from './mmio.js';

const PAGES = 1 << (32 - PAGE_SHIFT);

/**
 * Called after a write touched bytes that some CPU decoded (or reserved): `address` and `size`
 * give the whole 64-byte granules concerned, in this view's addresses. The CPU drops whatever it
 * cached that overlaps them; the granules are unmarked, so it marks them again when it re-decodes.
 */
export type CodeWriteHook = (address: number, size: number) => void;

/**
 * One CPU's view of the physical bus: a 32-bit physical address space (4 GiB).
 *
 * The fast path is a page map straight to `DataView`s: `readIndex[page]` names the backing of a
 * RAM/ROM page and `writeIndex[page]` of a writable RAM page. Index 0 means "take the slow path",
 * which handles MMIO, ROM writes, accesses that straddle a page, writes to pages holding decoded
 * code, and unmapped addresses. Decoded code is tracked per 64-byte granule: a write to a code
 * page that misses every code granule costs a bitmap test and invalidates nothing.
 *
 * An unmapped access never throws: it returns 0, sets `faulted` and `faultAddress`, and the CPU
 * core turns that into its architectural exception. Cores clear `faulted` before an access they
 * check. Callers pass addresses as unsigned 32-bit numbers; a CPU with wider physical addresses
 * treats anything at or above 4 GiB as unmapped itself.
 */
export class AddressSpace {
  readonly readIndex = new Uint16Array(PAGES);
  readonly writeIndex = new Uint16Array(PAGES);
  /** views[i] and bases[i]: the backing for index i and the address it starts at here. */
  readonly views: DataView[] = [new DataView(new ArrayBuffer(8))];
  readonly bases: number[] = [0];
  readonly backings: (MemoryBacking | null)[] = [null];
  /**
   * gates[i]: the `storeGate` of backing i. A store to a RAM page that `writeIndex` keeps off the
   * fast path (it holds code) may still write directly when `gates[i][(a - bases[i]) >>> 6]` is 0:
   * the granule holds no code, so nobody needs to hear of the write.
   */
  readonly gates: Uint8Array[] = [new Uint8Array(1).fill(1)];
  private readonly mmioPages = new Map<number, MmioMapping[]>();
  private readonly mmioList: MmioMapping[] = [];

  faulted = false;
  faultAddress = 0;
  /** Set by the CPU that owns this view. */
  codeWriteHook: CodeWriteHook | null = null;

  constructor(readonly name: string, readonly littleEndian: boolean, readonly initiator: number) {}

  // ---- mapping (set-up time) ----

  /** Map RAM or ROM at `base`. Returns an error message on overlap. */
  mapMemory(base: number, backing: MemoryBacking): string | undefined {
    const clash = this.overlap(base, backing.size);
    if (clash) return clash;
    const index = this.views.length;
    this.views.push(backing.view);
    this.bases.push(base);
    this.backings.push(backing);
    this.gates.push(backing.storeGate);
    backing.mappings.push({ space: this, base });
    const first = base >>> PAGE_SHIFT;
    const count = Math.ceil(backing.size / PAGE_SIZE);
    for (let p = 0; p < count; p++) {
      this.readIndex[first + p] = index;
      if (backing.writable && backing.codeCount[p] === 0) this.writeIndex[first + p] = index;
    }
    return undefined;
  }

  /** Map a device window. Windows may be smaller than a page and share one. */
  mapMmio(name: string, base: number, size: number, handler: MmioHandler): string | undefined {
    const clash = this.overlap(base, size);
    if (clash) return clash;
    const m: MmioMapping = { base, size, handler, name };
    this.mmioList.push(m);
    const last = (base + size - 1) >>> PAGE_SHIFT;
    for (let p = base >>> PAGE_SHIFT; p <= last; p++) {
      const list = this.mmioPages.get(p) ?? [];
      list.push(m);
      this.mmioPages.set(p, list);
    }
    return undefined;
  }

  /** Where a named window or backing sits, for diagnostics and `chimera` listings. */
  describe(): { name: string; base: number; size: number; kind: 'ram' | 'rom' | 'mmio' }[] {
    const out: { name: string; base: number; size: number; kind: 'ram' | 'rom' | 'mmio' }[] = [];
    for (let i = 1; i < this.backings.length; i++) {
      const b = this.backings[i]!;
      out.push({ name: b.name, base: this.bases[i], size: b.size, kind: b.writable ? 'ram' : 'rom' });
    }
    for (const m of this.mmioList) out.push({ name: m.name, base: m.base, size: m.size, kind: 'mmio' });
    return out.sort((a, b) => a.base - b.base);
  }

  private overlap(base: number, size: number): string | undefined {
    if (base < 0 || size <= 0 || base + size > 2 ** 32) return `0x${base.toString(16)}+0x${size.toString(16)} lies outside the 32-bit physical address space`;
    for (const r of this.describe()) {
      if (base < r.base + r.size && r.base < base + size) {
        return `0x${base.toString(16)}..0x${(base + size - 1).toString(16)} overlaps ${r.name} at 0x${r.base.toString(16)}`;
      }
    }
    return undefined;
  }

  // ---- decoded-code tracking ----

  /**
   * A CPU calls this for the bytes [address, address+size) it decoded (or reserved for an
   * exclusive access). A later write to any of their granules, by any view of the backing or the
   * loader, reaches every view's `codeWriteHook`. Stores elsewhere in the page stay cheap.
   */
  markCode(address: number, size = 1): void {
    let a = address >>> 0;
    const end = a + Math.max(1, size);
    while (a < end) {
      const i = this.readIndex[a >>> PAGE_SHIFT];
      const pageEnd = Math.min(end, ((a >>> PAGE_SHIFT) + 1) * PAGE_SIZE);
      if (i !== 0) {
        const backing = this.backings[i]!;
        const off = a - this.bases[i];
        const page = off >>> PAGE_SHIFT;
        const last = (off + (pageEnd - a) - 1) >>> CODE_GRANULE_SHIFT;
        for (let g = off >>> CODE_GRANULE_SHIFT; g <= last; g++) {
          if (backing.codeGranules[g]) continue;
          backing.codeGranules[g] = 1;
          if (backing.codeCount[page]++ === 0) {
            for (const m of backing.mappings) m.space.writeIndex[(m.base >>> PAGE_SHIFT) + page] = 0;
          }
        }
      }
      a = pageEnd;
    }
  }

  /** Does any byte of [address, address+size) lie in a granule marked as code? (tests, diagnostics) */
  isCode(address: number, size = 1): boolean {
    for (let a = address >>> 0; a < address + size; a++) {
      const i = this.readIndex[a >>> PAGE_SHIFT];
      if (i !== 0 && this.backings[i]!.codeGranules[(a - this.bases[i]) >>> CODE_GRANULE_SHIFT]) return true;
    }
    return false;
  }

  // ---- fast path ----

  read8(a: number): number {
    const i = this.readIndex[a >>> PAGE_SHIFT];
    if (i !== 0) return this.views[i].getUint8(a - this.bases[i]);
    return this.slowRead(a, 1);
  }

  read16(a: number): number {
    const i = this.readIndex[a >>> PAGE_SHIFT];
    if (i !== 0 && (a & PAGE_MASK) <= PAGE_SIZE - 2) return this.views[i].getUint16(a - this.bases[i], this.littleEndian);
    return this.slowRead(a, 2);
  }

  /** Returns the word as an unsigned 32-bit number. */
  read32(a: number): number {
    const i = this.readIndex[a >>> PAGE_SHIFT];
    if (i !== 0 && (a & PAGE_MASK) <= PAGE_SIZE - 4) return this.views[i].getUint32(a - this.bases[i], this.littleEndian);
    return this.slowRead(a, 4);
  }

  write8(a: number, v: number): void {
    const i = this.writeIndex[a >>> PAGE_SHIFT];
    if (i !== 0) this.views[i].setUint8(a - this.bases[i], v);
    else this.slowWrite(a, 1, v);
  }

  write16(a: number, v: number): void {
    const i = this.writeIndex[a >>> PAGE_SHIFT];
    if (i !== 0 && (a & PAGE_MASK) <= PAGE_SIZE - 2) this.views[i].setUint16(a - this.bases[i], v, this.littleEndian);
    else this.slowWrite(a, 2, v);
  }

  write32(a: number, v: number): void {
    const i = this.writeIndex[a >>> PAGE_SHIFT];
    if (i !== 0 && (a & PAGE_MASK) <= PAGE_SIZE - 4) this.views[i].setUint32(a - this.bases[i], v, this.littleEndian);
    else this.slowWrite(a, 4, v);
  }

  // ---- slow path ----

  private slowRead(a: number, size: 1 | 2 | 4): number {
    a = a >>> 0;
    const i = this.readIndex[a >>> PAGE_SHIFT];
    if (i !== 0) {
      // RAM/ROM access straddling a page: assemble bytes in this CPU's order.
      let v = 0;
      for (let k = 0; k < size; k++) {
        const b = this.read8((a + k) >>> 0);
        v = this.littleEndian ? v + b * 2 ** (8 * k) : v * 256 + b;
      }
      return v;
    }
    const m = this.findMmio(a, size);
    if (m) return m.handler.read(a - m.base, size, this.initiator) >>> 0;
    this.fault(a);
    return 0;
  }

  private slowWrite(a: number, size: 1 | 2 | 4, v: number): void {
    a = a >>> 0;
    const i = this.readIndex[a >>> PAGE_SHIFT];
    if (i !== 0) {
      const backing = this.backings[i]!;
      if (!backing.writable) return; // ROM ignores writes, as on QEMU
      const off = a - this.bases[i];
      if ((a & PAGE_MASK) <= PAGE_SIZE - size) {
        if (size === 1) backing.view.setUint8(off, v);
        else if (size === 2) backing.view.setUint16(off, v, this.littleEndian);
        else backing.view.setUint32(off, v, this.littleEndian);
        if (backing.codeCount[off >>> PAGE_SHIFT] !== 0) backing.codeWritten(off, size);
      } else {
        for (let k = 0; k < size; k++) {
          const shift = this.littleEndian ? 8 * k : 8 * (size - 1 - k);
          this.write8((a + k) >>> 0, Math.floor(v / 2 ** shift) & 0xff);
        }
      }
      return;
    }
    const m = this.findMmio(a, size);
    if (m) m.handler.write(a - m.base, size, v >>> 0, this.initiator);
    else this.fault(a);
  }

  private findMmio(a: number, size: number): MmioMapping | undefined {
    const list = this.mmioPages.get(a >>> PAGE_SHIFT);
    if (!list) return undefined;
    for (const m of list) if (a >= m.base && a + size <= m.base + m.size) return m;
    return undefined;
  }

  private fault(a: number): void {
    this.faulted = true;
    this.faultAddress = a;
  }

  // ---- bulk access for loaders, semihosting and debuggers (not the hot path) ----

  /** Is every byte of [a, a+size) backed by RAM or ROM? */
  isMemory(a: number, size: number): boolean {
    for (let p = a >>> PAGE_SHIFT; p <= (a + size - 1) >>> PAGE_SHIFT; p++) if (this.readIndex[p] === 0) return false;
    return true;
  }

  /** Copy bytes in, ignoring ROM protection (the loader fills ROM too). Returns false if unmapped. */
  load(a: number, data: Uint8Array): boolean {
    if (data.length === 0) return true;
    if (!this.isMemory(a, data.length)) return false;
    let done = 0;
    while (done < data.length) {
      const addr = a + done;
      const i = this.readIndex[addr >>> PAGE_SHIFT];
      const backing = this.backings[i]!;
      const off = addr - this.bases[i];
      const n = Math.min(data.length - done, backing.size - off);
      backing.bytes.set(data.subarray(done, done + n), off);
      backing.codeWritten(off, n);
      done += n;
    }
    return true;
  }

  /** Fill [a, a+size) with zero bytes. */
  zero(a: number, size: number): boolean {
    return this.load(a, new Uint8Array(size));
  }

  /** Read bytes through the bus (MMIO included). Returns undefined if any byte is unmapped. */
  readBytes(a: number, size: number): Uint8Array | undefined {
    const out = new Uint8Array(size);
    const saved = this.faulted;
    this.faulted = false;
    for (let k = 0; k < size; k++) out[k] = this.read8((a + k) >>> 0);
    const bad = this.faulted;
    this.faulted = saved;
    return bad ? undefined : out;
  }
}
