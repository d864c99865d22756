import { CODE_GRANULE_SHIFT, type MemoryBacking, PAGE_MASK, PAGE_SHIFT, PAGE_SIZE } from './memory-backing.js';
import type { MmioHandler, MmioMapping } from './mmio.js';

const PAGES = 1 << (32 - PAGE_SHIFT);

/** `bytes` bytes of the 64-bit value hi:lo starting at bit `shift` (a multiple of 8), unsigned. */
function bits(lo: number, hi: number, shift: number, bytes: number): number {
  const v = shift === 0 ? lo : shift < 32 ? ((lo >>> shift) | (hi << (32 - shift))) >>> 0 : hi >>> (shift - 32);
  return bytes === 4 ? v >>> 0 : v & ((1 << (8 * bytes)) - 1);
}

/**
 * Called after a write touched bytes that some CPU decoded (or reserved): `address` and `size`
 * give the whole 64-byte granules concerned, in this view's addresses. The CPU drops whatever it
 * cached that overlaps them; the granules are unmarked, so it marks them again when it re-decodes.
 */
export type CodeWriteHook = (address: number, size: number) => void;

/**
 * Hears every access to an observed backing (see `AddressSpace.observe`): which view's CPU
 * (`initiator`), where in the backing, how wide, read or write. Called before the access.
 */
export interface MemoryAccessObserver {
  access(initiator: number, backing: MemoryBacking, offset: number, size: number, write: boolean): void;
}

/**
 * Hears every access of this view to a watched page (debugger watchpoints, see
 * `AddressSpace.watchPages`): the physical address in this view, the width, read or write.
 * Called before the access.
 */
export type WatchHook = (address: number, size: number, write: boolean) => void;

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

  /** Pages of observed backings: their backing index, taken out of `readIndex`/`writeIndex`. */
  private observedIndex: Uint16Array | null = null;
  private observer: MemoryAccessObserver | null = null;

  /** Pages a debugger watches: their backing index, taken out of `readIndex`/`writeIndex`. */
  private watchedIndex: Uint16Array | null = null;
  private readonly watched: number[] = [];
  /** Set by the debugger; hears accesses to watched pages. */
  watchHook: WatchHook | null = null;

  faulted = false;
  faultAddress = 0;
  /** Set by the CPU that owns this view. */
  codeWriteHook: CodeWriteHook | null = null;

  constructor(readonly name: string, readonly littleEndian: boolean, readonly initiator: number) {}

  // ---- mapping (set-up time) ----

  /**
   * Map RAM or ROM at `base`. Returns an error message on overlap, or when the region does not
   * start and end on a page boundary: the fast path maps whole 4 KiB pages to one backing.
   */
  mapMemory(base: number, backing: MemoryBacking): string | undefined {
    const clash = this.overlap(base, backing.size);
    if (clash) return clash;
    if (base % PAGE_SIZE !== 0 || backing.size % PAGE_SIZE !== 0) {
      return `memory must start and end on a ${PAGE_SIZE}-byte page boundary; 0x${base.toString(16)}+0x${backing.size.toString(16)} does not`;
    }
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

  /**
   * Map a device window. Windows may be smaller than a page and share one. `maxAccess` is the
   * widest access the device's registers take (1, 2 or 4 bytes); wider accesses reach it split
   * into pieces of that size, in address order, as a bus of that width splits them.
   */
  mapMmio(name: string, base: number, size: number, handler: MmioHandler, maxAccess = 4): string | undefined {
    const clash = this.overlap(base, size);
    if (clash) return clash;
    if (maxAccess !== 1 && maxAccess !== 2 && maxAccess !== 4) return `widest access ${maxAccess} is not 1, 2 or 4 bytes`;
    const m: MmioMapping = { base, size, handler, name, maxAccess };
    this.mmioList.push(m);
    const last = (base + size - 1) >>> PAGE_SHIFT;
    for (let p = base >>> PAGE_SHIFT; p <= last; p++) {
      const list = this.mmioPages.get(p) ?? [];
      list.push(m);
      this.mmioPages.set(p, list);
    }
    return undefined;
  }

  /**
   * Replace the handler of the windows named `name` by `wrap(handler, base)`, before the run
   * starts (`--trace-events` observes the devices it selects this way; the others keep their
   * direct handler). Returns how many windows were wrapped.
   */
  wrapMmio(name: string, wrap: (handler: MmioHandler, base: number) => MmioHandler): number {
    let n = 0;
    for (const m of this.mmioList) {
      if (m.name !== name) continue;
      m.handler = wrap(m.handler, m.base);
      n++;
    }
    return n;
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
      const i = this.backingIndex(a >>> PAGE_SHIFT);
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
      const i = this.backingIndex(a >>> PAGE_SHIFT);
      if (i !== 0 && this.backings[i]!.codeGranules[(a - this.bases[i]) >>> CODE_GRANULE_SHIFT]) return true;
    }
    return false;
  }

  // ---- observed backings (the race detector) ----

  /**
   * Send every access of this view to `backing` through `observer`: its pages leave the fast
   * path (index 0 in `readIndex`/`writeIndex`) and the slow path reports each access before it
   * does it. Nothing changes for other pages, and nothing at all until someone calls this.
   */
  observe(backing: MemoryBacking, observer: MemoryAccessObserver): void {
    const i = this.backings.indexOf(backing);
    if (i <= 0) return;
    this.observer = observer;
    const observed = (this.observedIndex ??= new Uint16Array(PAGES));
    const first = this.bases[i] >>> PAGE_SHIFT;
    const count = Math.ceil(backing.size / PAGE_SIZE);
    for (let p = 0; p < count; p++) {
      observed[first + p] = i;
      this.readIndex[first + p] = 0;
      this.writeIndex[first + p] = 0;
    }
  }

  /** The backing index of a page, observed, watched or not (0: not RAM/ROM). */
  private backingIndex(page: number): number {
    const i = this.readIndex[page];
    if (i !== 0) return i;
    if (this.observedIndex !== null && this.observedIndex[page] !== 0) return this.observedIndex[page];
    return this.watchedIndex === null ? 0 : this.watchedIndex[page];
  }

  // ---- watched pages (debugger watchpoints) ----

  /**
   * Make exactly these pages (page numbers of this view) report every access of this view to
   * `watchHook`. Watched RAM/ROM pages leave the fast path; device pages already take the slow
   * path. Nothing costs anything while no page is watched: the check sits on the slow path only.
   */
  watchPages(pages: Iterable<number>): void {
    for (const p of this.watched) this.unwatchPage(p);
    this.watched.length = 0;
    for (const p of new Set(pages)) {
      const i = this.backingIndex(p);
      this.watchedIndex ??= new Uint16Array(PAGES);
      this.watchedIndex[p] = i === 0 ? 0xffff : i; // 0xffff: a watched page that is not memory
      this.readIndex[p] = 0;
      this.writeIndex[p] = 0;
      this.watched.push(p);
    }
  }

  private unwatchPage(p: number): void {
    const i = this.watchedIndex![p];
    this.watchedIndex![p] = 0;
    if (i === 0xffff || (this.observedIndex !== null && this.observedIndex[p] !== 0)) return;
    const backing = this.backings[i]!;
    this.readIndex[p] = i;
    const page = (p - (this.bases[i] >>> PAGE_SHIFT));
    this.writeIndex[p] = backing.writable && backing.codeCount[page] === 0 ? i : 0;
  }

  /** A watched page: report the access, then do it as if unwatched. */
  private watchedRead(a: number, size: 1 | 2 | 4, w: number): number {
    if ((a & PAGE_MASK) > PAGE_SIZE - size) return this.straddlingRead(a, size);
    this.watchHook?.(a, size, false);
    if (this.observedIndex !== null && this.observedIndex[a >>> PAGE_SHIFT] !== 0) return this.observedRead(a, size, this.observedIndex[a >>> PAGE_SHIFT]);
    if (w === 0xffff) return this.mmioRead(a, size);
    const v = this.views[w];
    const off = a - this.bases[w];
    return size === 1 ? v.getUint8(off) : size === 2 ? v.getUint16(off, this.littleEndian) : v.getUint32(off, this.littleEndian);
  }

  private watchedWrite(a: number, size: 1 | 2 | 4, value: number, w: number): void {
    if ((a & PAGE_MASK) > PAGE_SIZE - size) return this.straddlingWrite(a, size, value);
    this.watchHook?.(a, size, true);
    if (this.observedIndex !== null && this.observedIndex[a >>> PAGE_SHIFT] !== 0) return this.observedWrite(a, size, value, this.observedIndex[a >>> PAGE_SHIFT]);
    if (w === 0xffff) return this.mmioWrite(a, size, value);
    const backing = this.backings[w]!;
    if (!backing.writable) return;
    const off = a - this.bases[w];
    if (size === 1) backing.view.setUint8(off, value);
    else if (size === 2) backing.view.setUint16(off, value, this.littleEndian);
    else backing.view.setUint32(off, value, this.littleEndian);
    if (backing.codeCount[off >>> PAGE_SHIFT] !== 0) backing.codeWritten(off, size);
  }

  private observedRead(a: number, size: 1 | 2 | 4, i: number): number {
    if ((a & PAGE_MASK) > PAGE_SIZE - size) return this.straddlingRead(a, size);
    const off = a - this.bases[i];
    this.observer!.access(this.initiator, this.backings[i]!, off, size, false);
    const v = this.views[i];
    return size === 1 ? v.getUint8(off) : size === 2 ? v.getUint16(off, this.littleEndian) : v.getUint32(off, this.littleEndian);
  }

  private observedWrite(a: number, size: 1 | 2 | 4, value: number, i: number): void {
    const backing = this.backings[i]!;
    if (!backing.writable) return;
    if ((a & PAGE_MASK) > PAGE_SIZE - size) {
      this.straddlingWrite(a, size, value);
      return;
    }
    const off = a - this.bases[i];
    this.observer!.access(this.initiator, backing, off, size, true);
    if (size === 1) backing.view.setUint8(off, value);
    else if (size === 2) backing.view.setUint16(off, value, this.littleEndian);
    else backing.view.setUint32(off, value, this.littleEndian);
    if (backing.codeCount[off >>> PAGE_SHIFT] !== 0) backing.codeWritten(off, size);
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
    if (i !== 0) return this.straddlingRead(a, size);
    if (this.watchedIndex !== null) {
      const w = this.watchedIndex[a >>> PAGE_SHIFT];
      if (w !== 0) return this.watchedRead(a, size, w);
    }
    if (this.observedIndex !== null) {
      const o = this.observedIndex[a >>> PAGE_SHIFT];
      if (o !== 0) return this.observedRead(a, size, o);
    }
    return this.mmioRead(a, size);
  }

  private mmioRead(a: number, size: 1 | 2 | 4): number {
    const m = this.findMmio(a, size);
    if (m) return size <= m.maxAccess ? m.handler.read(a - m.base, size, this.initiator) >>> 0 : this.readPieces(m, a, size);
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
      } else this.straddlingWrite(a, size, v);
      return;
    }
    if (this.watchedIndex !== null) {
      const w = this.watchedIndex[a >>> PAGE_SHIFT];
      if (w !== 0) return this.watchedWrite(a, size, v, w);
    }
    if (this.observedIndex !== null) {
      const o = this.observedIndex[a >>> PAGE_SHIFT];
      if (o !== 0) return this.observedWrite(a, size, v, o);
    }
    this.mmioWrite(a, size, v);
  }

  private mmioWrite(a: number, size: 1 | 2 | 4, v: number): void {
    const m = this.findMmio(a, size);
    if (!m) this.fault(a);
    else if (size <= m.maxAccess) m.handler.write(a - m.base, size, v >>> 0, this.initiator);
    else this.writePieces(m, a, size, v >>> 0, 0);
  }

  // ---- accesses of any size and alignment (CPU slow paths), split as a bus splits them ----

  /** Bits [63:32] of the last `readAccess` of 8 bytes. */
  accessHi = 0;

  /**
   * Read `size` bytes (1, 2, 4 or 8, any alignment) as one access; returns the low 32 bits of the
   * value in this view's byte order, the high ones in `accessHi`. A device window that holds the
   * whole access gets it in pieces no wider than it takes (so an 8-byte load from a 4-byte
   * device is two 4-byte reads); memory is read byte by byte; unmapped bytes fault.
   */
  readAccess(a: number, size: number): number {
    a = a >>> 0;
    const m = this.readIndex[a >>> PAGE_SHIFT] === 0 ? this.findMmio(a, size) : undefined;
    if (m) return this.readPieces(m, a, size);
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < size; k++) {
      const shift = this.littleEndian ? 8 * k : 8 * (size - 1 - k);
      const b = this.read8((a + k) >>> 0);
      if (shift < 32) lo = (lo | (b << shift)) >>> 0;
      else hi = (hi | (b << (shift - 32))) >>> 0;
    }
    this.accessHi = hi;
    return lo;
  }

  /** Write `size` bytes (1, 2, 4 or 8, any alignment) as one access; the counterpart of `readAccess`. */
  writeAccess(a: number, size: number, lo: number, hi = 0): void {
    a = a >>> 0;
    const m = this.readIndex[a >>> PAGE_SHIFT] === 0 ? this.findMmio(a, size) : undefined;
    if (m) {
      this.writePieces(m, a, size, lo >>> 0, hi >>> 0);
      return;
    }
    for (let k = 0; k < size; k++) {
      const shift = this.littleEndian ? 8 * k : 8 * (size - 1 - k);
      this.write8((a + k) >>> 0, bits(lo >>> 0, hi >>> 0, shift, 1));
    }
  }

  private readPieces(m: MmioMapping, a: number, size: number): number {
    const piece = Math.min(size, m.maxAccess) as 1 | 2 | 4;
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < size; k += piece) {
      const v = m.handler.read(a + k - m.base, piece, this.initiator) >>> 0;
      // The piece's place in the whole value, by this view's byte order.
      const shift = this.littleEndian ? 8 * k : 8 * (size - k - piece);
      if (shift < 32) {
        lo = (lo | (v << shift)) >>> 0;
        if (shift + 8 * piece > 32) hi = (hi | (v >>> (32 - shift))) >>> 0;
      } else hi = (hi | (v << (shift - 32))) >>> 0;
    }
    this.accessHi = hi;
    return lo;
  }

  private writePieces(m: MmioMapping, a: number, size: number, lo: number, hi: number): void {
    const piece = Math.min(size, m.maxAccess) as 1 | 2 | 4;
    for (let k = 0; k < size; k += piece) {
      const shift = this.littleEndian ? 8 * k : 8 * (size - k - piece);
      m.handler.write(a + k - m.base, piece, bits(lo, hi, shift, piece), this.initiator);
    }
  }

  /** A RAM/ROM access straddling a page: bytes assembled in this CPU's order. */
  private straddlingRead(a: number, size: number): number {
    let v = 0;
    for (let k = 0; k < size; k++) {
      const b = this.read8((a + k) >>> 0);
      v = this.littleEndian ? v + b * 2 ** (8 * k) : v * 256 + b;
    }
    return v;
  }

  private straddlingWrite(a: number, size: number, v: number): void {
    for (let k = 0; k < size; k++) {
      const shift = this.littleEndian ? 8 * k : 8 * (size - 1 - k);
      this.write8((a + k) >>> 0, Math.floor(v / 2 ** shift) & 0xff);
    }
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

  /** Is every byte of [a, a+size) backed by RAM or ROM? False for anything outside the 32-bit space. */
  isMemory(a: number, size: number): boolean {
    if (!(a >= 0 && size >= 0 && a + size <= 2 ** 32)) return false;
    for (let p = a >>> PAGE_SHIFT; p <= (a + size - 1) >>> PAGE_SHIFT; p++) if (this.backingIndex(p) === 0) return false;
    return true;
  }

  /** Copy bytes in, ignoring ROM protection (the loader fills ROM too). Returns false if unmapped. */
  load(a: number, data: Uint8Array): boolean {
    if (data.length === 0) return true;
    if (!this.isMemory(a, data.length)) return false;
    let done = 0;
    while (done < data.length) {
      const addr = a + done;
      const i = this.backingIndex(addr >>> PAGE_SHIFT);
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
    if (!(a >= 0 && size >= 0 && a + size <= 2 ** 32)) return undefined;
    const out = new Uint8Array(size);
    const saved = this.faulted;
    this.faulted = false;
    for (let k = 0; k < size; k++) out[k] = this.read8((a + k) >>> 0);
    const bad = this.faulted;
    this.faulted = saved;
    return bad ? undefined : out;
  }
}
