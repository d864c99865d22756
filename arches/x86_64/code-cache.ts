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

export class CodeCache {
  private readonly pages = new Map<number, PageBlocks>();
  private readonly stepPages = new Map<number, PageBlocks>();
  private lastPage = -1;
  private lastPageBlocks: PageBlocks | undefined;

  constructor(private readonly cpu: X86Cpu) {}

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
    this.pages.clear();
    this.stepPages.clear();
    this.lastPage = -1;
    this.lastPageBlocks = undefined;
  }

  private drop(cache: Map<number, PageBlocks>, blk: Block): void {
    blk.valid = false;
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
    const old = pb.slots[pa & 0xfff];
    if (old !== undefined) {
      old.valid = false;
      pb.list = pb.list.filter((b) => b !== old);
    }
    const blk = compileBlock(c, pa, step ? 1 : c.blockLimit);
    pb.slots[pa & 0xfff] = blk;
    pb.list.push(blk);
    c.memory.markCode(pa, blk.len1);
    if (blk.pa2 >= 0) {
      this.pageBlocks(cache, blk.pa2 >>> 12).list.push(blk);
      c.memory.markCode(blk.pa2, blk.len2);
    }
    return blk;
  }
}
