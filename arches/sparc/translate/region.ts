import type { AddressSpace } from '../../../src/api/index.js';
import type { SparcCpu } from '../sparc-cpu.js';
import { type BlockCode, translateBlock } from './block.js';
import { Mark } from './gen.js';
import { SPARC_RUNTIME } from './runtime.js';

/**
 * A region of translated SPARC code: the blocks reachable from one entry by direct branches
 * and calls (across up to a few pages), compiled into one JavaScript function whose dispatch
 * loop chains them, so a loop runs without returning to the run loop. A block is straight-line
 * code up to a branch and its delay slot; the delay slot is translated inside the branch, with
 * the nPC a trap in it would see. SAVE and RESTORE change the window in the generated code.
 * Condition codes stay lazy after SUBcc/ANDcc/ORcc/XORcc until something reads them.
 *
 * `fn(c, b)` runs from block `b` until a branch leaves the region, a trap is taken, an
 * instruction needs the run loop (WRPSR, FLUSH) or the interpreter (RETT, a branch in a delay
 * slot), a block does not fit in the budget left (`c.left`), or `c.brk` is set. It leaves
 * `c.pcv`/`c.npcv` at where execution continues.
 */
export interface SparcRegion {
  readonly fn: (c: SparcCpu, block: number) => void;
  /** Per block: physical address of its first instruction, instructions it reserves. */
  readonly blockPa: readonly number[];
  readonly lengths: readonly number[];
  /** Instructions translated, for the cache bound. */
  readonly size: number;
}

export interface SparcRegionOptions {
  readonly nwindows: number;
  readonly blockLimit: number;
  readonly maxInstructions: number;
  readonly maxPages: number;
}

type Factory = (H: typeof SPARC_RUNTIME) => (c: SparcCpu, block: number) => void;

/** Compiled region functions by source text, least recently used first, bounded by total source size. */
const factories = new Map<string, (c: SparcCpu, block: number) => void>();
let cachedChars = 0;
/** Source characters of compiled regions kept before the oldest are dropped. */
export const SPARC_FACTORY_CHARS = 8 << 20;
let translated = 0;

/** Regions translated so far (tests, notes). */
export function sparcRegionsTranslated(): number {
  return translated;
}

/** Translate the region entered at `pa`, or null when its first instruction is for the interpreter. */
export function compileSparcRegion(mem: AddressSpace, pa: number, opts: SparcRegionOptions): SparcRegion | null {
  translated++;
  const blocks: BlockCode[] = [];
  const index = new Map<number, number>();
  const pages = new Set<number>([pa >>> 12]);
  const queue: number[] = [pa >>> 0];
  let total = 0;
  while (queue.length > 0 && total < opts.maxInstructions) {
    const start = queue.shift()!;
    if (index.has(start)) continue;
    const b = translateBlock(mem, start, opts.nwindows, opts.blockLimit);
    if (b === null) {
      if (blocks.length === 0) return null;
      continue;
    }
    index.set(start, blocks.length);
    blocks.push(b);
    total += b.length;
    for (const t of b.targets) {
      if (index.has(t) || (t & 3) !== 0) continue;
      const page = t >>> 12;
      if (!pages.has(page)) {
        if (pages.size >= opts.maxPages || !mem.isMemory(t, 4)) continue;
        pages.add(page);
      }
      queue.push(t);
    }
  }
  const source = assemble(blocks, index);
  let fn = factories.get(source);
  if (fn !== undefined) {
    factories.delete(source); // most recently used goes last
  } else {
    fn = (new Function('H', source) as Factory)(SPARC_RUNTIME);
    cachedChars += source.length;
    while (cachedChars > SPARC_FACTORY_CHARS && factories.size > 0) {
      const oldest = factories.keys().next().value!;
      factories.delete(oldest);
      cachedChars -= oldest.length;
    }
  }
  factories.set(source, fn);
  return { fn, blockPa: blocks.map((b) => b.start), lengths: blocks.map((b) => b.length), size: total };
}

const MARK = /\u0001([GIK])([0-9a-f]*)\u0001/g;

function assemble(blocks: BlockCode[], index: Map<number, number>): string {
  const out: string[] = [];
  const flush = 'if (fk !== 0) { icc = H.iccOf(fk, fa, fb); fk = 0; } c.icc = icc;';
  let indirect = false;
  blocks.forEach((b, bi) => {
    const len = b.length;
    const selfLoop = b.code.includes(Mark.goto(b.start));
    const goto = (t: number): string => {
      const k = index.get(t);
      if (k === undefined) return `c.pcv = ${t | 0}; c.npcv = ${(t + 4) | 0}; break L;`;
      return selfLoop && k === bi ? 'continue S;' : `blk = ${k}; continue L;`;
    };
    const code = b.code.replace(MARK, (_m: string, kind: string, arg: string) => {
      switch (kind) {
        case 'G':
          return goto(parseInt(arg, 16));
        case 'I':
          indirect = true;
          return `ijt = tgt; blk = ${blocks.length}; continue L;`;
        default:
          return `n += ${len - Number(arg)};`;
      }
    });
    out.push(`case ${bi}:`);
    if (selfLoop) out.push('S: for (;;) {');
    // Only the budget: c.brk can only be set by this code's own calls (WRPSR and the other
    // special registers), which check it right after.
    out.push(`if (n < ${len}) { c.pcv = ${b.start | 0}; c.npcv = ${(b.start + 4) | 0}; break L; }`);
    out.push(`n -= ${len};`);
    out.push(code);
    if (selfLoop) out.push('}');
  });
  if (indirect) {
    // JMPL (returns, calls through pointers): a block of the region, or leave it.
    out.push(`case ${blocks.length}:`);
    out.push('switch (ijt >>> 0) {');
    blocks.forEach((b, bi) => out.push(`case ${b.start >>> 0}: blk = ${bi}; continue L;`));
    out.push('}');
    out.push('c.pcv = ijt; c.npcv = (ijt + 4) | 0; break L;');
  }
  return [
    'return function region(c, blk) {',
    'const R = c.r, m = c.mem, rix = m.readIndex, wix = m.writeIndex, views = m.views, bases = m.bases, gates = m.gates;',
    'let wb = c.wb, icc = c.icc, fk = 0, fa = 0, fb = 0, n = c.left, sl = 0, ijt = 0;',
    'L: for (;;) {',
    'switch (blk) {',
    out.join('\n'),
    "default: throw new Error('sparc: no block ' + blk + ' in region');",
    '}',
    '}',
    flush,
    'c.left = n;',
    '};',
  ].join('\n');
}
