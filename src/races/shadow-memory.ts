import { PAGE_SHIFT, PAGE_SIZE } from '../memory/memory-backing.js';

/**
 * What the race detector remembers about each byte of one shared backing: the last write (CPU,
 * its clock entry at the time, PC, virtual time) and each CPU's last read. Pages are allocated
 * when first touched, so a 1 MiB SRAM of which a program uses a few words costs a few pages.
 */
export class ShadowPage {
  /** Writer CPU + 1 (0: never written while observed). */
  readonly writer: Int8Array = new Int8Array(PAGE_SIZE);
  readonly writeClock = new Uint32Array(PAGE_SIZE);
  readonly writePc = new Float64Array(PAGE_SIZE);
  readonly writeTime = new Float64Array(PAGE_SIZE);
  /** Per byte, per CPU (index byte * cpus + cpu): the reader's clock entry (0: no read since the last write). */
  readonly readClock: Uint32Array;
  readonly readPc: Float64Array;
  readonly readTime: Float64Array;

  constructor(readonly cpus: number) {
    this.readClock = new Uint32Array(PAGE_SIZE * cpus);
    this.readPc = new Float64Array(PAGE_SIZE * cpus);
    this.readTime = new Float64Array(PAGE_SIZE * cpus);
  }
}

export class ShadowMemory {
  private readonly pages = new Map<number, ShadowPage>();

  constructor(private readonly cpus: number) {}

  /** The shadow page holding byte `offset` of the backing. */
  page(offset: number): ShadowPage {
    const p = offset >>> PAGE_SHIFT;
    let page = this.pages.get(p);
    if (page === undefined) this.pages.set(p, (page = new ShadowPage(this.cpus)));
    return page;
  }

  get pagesTouched(): number {
    return this.pages.size;
  }
}
