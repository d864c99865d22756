/**
 * Translated blocks by physical address: lookup (with the RIP, mode and second-page checks),
 * compilation, and invalidation through the bus's code-write hook. Blocks of one physical page
 * live in an array by page offset (x86 instructions start at any byte) plus a list for
 * invalidation; single-step blocks (one instruction) have a cache of their own.
 * @module
 */
import { Access } from './paging.js';
import { type Block, compileBlock } from './translate/block.js';
import type { X86Cpu } from './cpu.js';

/** Blocks of one physical page: lookup by offset, and the list for invalidation. */
interface PageBlocks {
  readonly slots: (Block | undefined)[];
  list: Block[];
}

/** Pages with blocks, at most: each costs a 4096-slot array (32 KiB), so the bound is on pages too. */
const MAX_PAGES = 1024;

/**
 * The cache is bounded by the generated source it holds (`codeCacheMiB`; V8 keeps about two to
 * three times that in bytecode and machine code) and by {@link MAX_PAGES}: when a compile would exceed
 * either bound everything is dropped and translation starts again, as QEMU flushes its whole
 * code buffer when it is full. Code that jumps all over memory (or a JIT) then costs time, never
 * unbounded memory; the loop a program spends its time in is back within one pass.
 */
export class CodeCache {
  private readonly pages = new Map<number, PageBlocks>();
  /** Generated JavaScript held by the cached blocks, in characters. */
  private bytes = 0;
  /** Whole-cache flushes because a bound was reached (performance notes, tests). */
  flushes = 0;
  private readonly stepPages = new Map<number, PageBlocks>();
  private lastPage = -1;
  private lastPageBlocks: PageBlocks | undefined;

  constructor(
    private readonly cpu: X86Cpu,
    /** Most generated source (characters) kept at once. */
    private readonly maxBytes: number,
  ) {}

  /** Generated JavaScript held, in characters (bounded by `codeCacheMiB`). */
  get sourceSize(): number {
    return this.bytes;
  }

  /** The block at physical `pa` for the CPU's RIP and mode; compiled when missing. */
  find(pa: number, step: boolean): Block {
    const c = this.cpu;
    const page = pa >>> 12;
    let pb: PageBlocks;
    if (step) pb = this.pageBlocks(this.stepPages, page);
    else if (page === this.lastPage && this.lastPageBlocks !== undefined) pb = this.lastPageBlocks;
    else {
      pb = this.pageBlocks(this.pages, page);
      this.lastPage = page;
      this.lastPageBlocks = pb;
    }
    const slot = pa & 0xfff;
    const blk = pb.slots[slot];
    if (blk !== undefined && blk.ripLo === c.ip && blk.ripHi === c.ipHi && blk.mode === c.modeKey && (blk.pa2 < 0 || this.secondPageOk(blk))) return blk;
    return this.compile(step ? this.stepPages : this.pages, pb, pa, step);
  }

  /** A write reached granules holding code: drop exactly the blocks it overlaps. */
  onCodeWrite(address: number, size: number): void {
    const end = address + size;
    for (const cache of [this.pages, this.stepPages]) {
      for (let page = address >>> 12; page <= (end - 1) >>> 12; page++) {
        const pb = cache.get(page);
        if (pb === undefined) continue;
        let dropped = false;
        for (const blk of pb.list) {
          if (!blk.valid) continue;
          const hit = (blk.pa < end && address < blk.pa + blk.len1) || (blk.pa2 >= 0 && blk.pa2 < end && address < blk.pa2 + blk.len2);
          if (!hit) continue;
          this.drop(cache, blk);
          dropped = true;
        }
        if (dropped) pb.list = pb.list.filter((b) => b.valid);
      }
    }
  }

  /** Forget everything (tests that rewrite memory behind the bus). */
  flush(): void {
    // Chained successors check `valid`, so nothing reaches a dropped block again.
    for (const cache of [this.pages, this.stepPages]) for (const pb of cache.values()) for (const b of pb.list) b.valid = false;
    this.bytes = 0;
    this.pages.clear();
    this.stepPages.clear();
    this.lastPage = -1;
    this.lastPageBlocks = undefined;
  }

  private drop(cache: Map<number, PageBlocks>, blk: Block): void {
    blk.valid = false;
    this.bytes -= blk.source.length;
    const pb = cache.get(blk.pa >>> 12);
    if (pb && pb.slots[blk.pa & 0xfff] === blk) pb.slots[blk.pa & 0xfff] = undefined;
    // The running block rewrote itself: its generated code leaves after the storing instruction.
    const c = this.cpu;
    if (blk === c.curBlock && c.inBlock) c.smc = 1;
  }

  private pageBlocks(cache: Map<number, PageBlocks>, page: number): PageBlocks {
    let pb = cache.get(page);
    if (pb === undefined) {
      pb = { slots: new Array<Block | undefined>(4096), list: [] };
      cache.set(page, pb);
    }
    return pb;
  }

  /** A block whose last instruction straddles into the next page: is that page still where it was? */
  private secondPageOk(blk: Block): boolean {
    const c = this.cpu;
    const next = c.linearRip(blk.len1);
    return c.translate(next.lo, next.hi, Access.Exec, c.user, false) === blk.pa2;
  }

  private compile(cache: Map<number, PageBlocks>, pb: PageBlocks, pa: number, step: boolean): Block {
    const c = this.cpu;
    if (this.bytes >= this.maxBytes || this.pages.size + this.stepPages.size > MAX_PAGES) {
      this.flush();
      this.flushes++;
      pb = this.pageBlocks(cache, pa >>> 12);
      if (!step) {
        this.lastPage = pa >>> 12;
        this.lastPageBlocks = pb;
      }
    }
    const old = pb.slots[pa & 0xfff];
    if (old !== undefined) {
      this.drop(cache, old);
      pb.list = pb.list.filter((b) => b !== old);
    }
    const blk = compileBlock(c, pa, step ? 1 : c.blockLimit);
    pb.slots[pa & 0xfff] = blk;
    pb.list.push(blk);
    this.bytes += blk.source.length;
    c.memory.markCode(pa, blk.len1);
    if (blk.pa2 >= 0) {
      this.pageBlocks(cache, blk.pa2 >>> 12).list.push(blk);
      c.memory.markCode(blk.pa2, blk.len2);
    }
    return blk;
  }
}
