import type { AddressSpace } from '../../../src/api/index.js';
import type { A64Cpu } from '../cpu.js';
import type { FpExecFn } from '../fpsimd-contract.js';
import { RUNTIME } from '../runtime.js';
import { translateInstruction } from './decode.js';
import { type InsnCode, Gen, M64, Mark, hi32u, lo32u } from './gen.js';

/**
 * A region: the blocks reachable from one entry by direct branches, compiled into one
 * JavaScript function. Inside it, a direct branch to another block of the region is a
 * `continue` of the function's dispatch loop (block chaining), and an indirect branch (RET, BR)
 * whose target is a block of the region goes there too, so a loop runs without returning to the
 * run loop. Registers the region uses live in JavaScript locals between calls out; the
 * instruction budget is a local countdown checked at every block entry.
 *
 * The function is `fn(c, b)`: run from block `b` until a branch leaves the region, an
 * instruction needs the run loop (exception return, system register writes, ISB, WFI), a block
 * does not fit in the budget left (`c.left`), or `c.brk` asks the CPU to stop (an interrupt,
 * an exit request, a write to code that is running): only the region's own calls can set it,
 * so it is checked after each of them, not at every block.
 *
 * A region may reach into other pages than its entry's (a loop across a page boundary). Those
 * pages' translations are recorded, and the region is only entered while they still hold.
 */
export interface Region {
  readonly fn: (c: A64Cpu, block: number) => void;
  /** Virtual address of the entry's page, bits [31:0] and [63:32]: the region is only valid there. */
  readonly vaLo: number;
  readonly vaHi: number;
  /** Per block: physical address of its first instruction, and its instruction count. */
  readonly blockPa: readonly number[];
  readonly lengths: readonly number[];
  /** Other pages the region holds code of: their virtual page (lo, hi) and physical page base. */
  readonly extraPages: readonly { readonly vaLo: number; readonly vaHi: number; readonly pa: number }[];
  /** Instructions translated (the sum of `lengths`), for the cache bound. */
  readonly size: number;
}

export interface RegionOptions {
  /** Instructions per block at most. */
  readonly blockLimit: number;
  /** Follow direct branches into other blocks (false: one block, every branch leaves). */
  readonly chain: boolean;
  /** Keep registers and flags in locals (false: every access goes to `c.x` and `c.nf`...). */
  readonly locals: boolean;
  /** Instructions per region at most. */
  readonly maxInstructions: number;
  /** Pages per region at most. */
  readonly maxPages: number;
  readonly lse: boolean;
  /**
   * Physical address of an instruction in another page, if it can be fetched (mapped,
   * executable, memory) without raising anything; -1 otherwise.
   */
  readonly fetchPa: (vaLo: number, vaHi: number) => number;
}

interface BlockCode {
  readonly start: bigint;
  /** Where it may continue, the not-taken (next instruction) successor last. */
  readonly successors: readonly bigint[];
  readonly pa: number;
  readonly insns: InsnCode[];
  /** Where control goes when the last instruction does not branch (page end, block limit). */
  readonly fallthrough: bigint | null;
}

type Factory = (H: typeof RUNTIME, F: FpExecFn[]) => (c: A64Cpu, block: number) => void;

/**
 * Compiled region bodies by source text, least recently used first. The same code at the same
 * virtual address (one program on several cores, a page translated again after a write)
 * compiles once. Bounded by the total length of the sources kept: beyond
 * {@link FACTORY_SOURCE_LIMIT} characters the oldest are dropped (regions still in a CPU's
 * code cache keep their function; only the sharing is lost).
 */
const factories = new Map<string, { factory: Factory; fn: ((c: A64Cpu, b: number) => void) | undefined }>();
/** Characters of region source kept compiled at most (shared by all aarch64 cores of the process). */
export const FACTORY_SOURCE_LIMIT = 8 << 20;
let cachedChars = 0;
let compiledCount = 0;
let translatedCount = 0;

/** Regions translated so far, including re-translations of code seen before (tests, notes). */
export function translatedRegions(): number {
  return translatedCount;
}

/** Distinct region functions compiled so far (performance notes and tests). */
export function compiledRegions(): number {
  return compiledCount;
}

/** Compiled region sources currently cached, and their total length (tests of the cache bound). */
export function cachedFactories(): { count: number; chars: number } {
  return { count: factories.size, chars: cachedChars };
}

/** Translate the region entered at physical address `pa`, virtual `vaLo/vaHi`. */
export function compileRegion(memory: AddressSpace, pa: number, vaLo: number, vaHi: number, opts: RegionOptions): Region {
  translatedCount++;
  const entry = (BigInt(vaHi >>> 0) << 32n) | BigInt(vaLo >>> 0);
  const entryPage = entry & ~0xfffn;
  const pages = new Map<bigint, number>([[entryPage, pa - (pa & 0xfff)]]);
  const fns: FpExecFn[] = [];
  const blocks: BlockCode[] = [];
  const index = new Map<bigint, number>();
  const queue: bigint[] = [entry];
  /** May the region hold code at `t`? (Its page is known, or can be added.) */
  const reachable = (t: bigint): boolean => {
    const page = t & ~0xfffn;
    if (pages.has(page)) return true;
    if (pages.size >= opts.maxPages) return false;
    const p = opts.fetchPa(lo32u(t), hi32u(t));
    if (p < 0) return false;
    pages.set(page, p - (p & 0xfff));
    return true;
  };
  let total = 0;
  while (queue.length > 0 && total < opts.maxInstructions) {
    const start = queue.shift()!;
    if (index.has(start)) continue;
    const pagePa = pages.get(start & ~0xfffn)!;
    const g = new Gen(lo32u(start), hi32u(start), opts.lse, fns);
    let va = start;
    let n = 0;
    for (;;) {
      const insn = memory.read32(pagePa + Number(va & 0xfffn)) | 0;
      g.begin(va);
      translateInstruction(g, insn);
      g.finish();
      n++;
      va = (va + 4n) & M64;
      // A block is never cut short by the region's size: the run loop looks blocks up by their start.
      if (g.ended || n >= opts.blockLimit || (va & 0xfffn) === 0n) break;
    }
    index.set(start, blocks.length);
    const next = [...g.targets, ...(g.ended ? [] : [va])];
    blocks.push({ start, pa: pagePa + Number(start & 0xfffn), insns: g.insns, fallthrough: g.ended ? null : va, successors: next });
    total += n;
    if (!opts.chain) break;
    for (const t of next) if (!index.has(t) && reachable(t)) queue.push(t);
  }
  const ordered = layout(blocks, index);
  const source = assemble(ordered.blocks, ordered.index, opts.locals && opts.chain, opts.chain, entry);
  blocks.length = 0;
  blocks.push(...ordered.blocks);
  let cached = factories.get(source);
  if (cached) {
    factories.delete(source); // move to the most recently used end
  } else {
    const factory = new Function('H', 'F', source) as Factory;
    cached = { factory, fn: undefined };
    compiledCount++;
    cachedChars += source.length;
    while (cachedChars > FACTORY_SOURCE_LIMIT && factories.size > 0) {
      const oldest = factories.keys().next().value!;
      factories.delete(oldest);
      cachedChars -= oldest.length;
    }
  }
  factories.set(source, cached);
  // Regions without FP calls share one closure; FP ones bind their own decoded functions.
  let fn: (c: A64Cpu, b: number) => void;
  if (fns.length === 0) {
    if (!cached.fn) cached.fn = cached.factory(RUNTIME, fns);
    fn = cached.fn;
  } else {
    fn = cached.factory(RUNTIME, fns);
  }
  const extraPages = [...pages].filter(([v]) => v !== entryPage).map(([v, p]) => ({ vaLo: lo32u(v), vaHi: hi32u(v), pa: p }));
  return {
    fn,
    vaLo: lo32u(entryPage),
    vaHi: hi32u(entryPage),
    blockPa: blocks.map((b) => b.pa),
    lengths: blocks.map((b) => b.insns.length),
    extraPages,
    size: total,
  };
}

/**
 * Order the blocks for the dispatch switch: the entry first, then depth first, the
 * not-taken successor right after its block, so that the common way on falls through to the
 * next case instead of going round the dispatch loop.
 */
function layout(blocks: BlockCode[], index: Map<bigint, number>): { blocks: BlockCode[]; index: Map<bigint, number> } {
  const out: BlockCode[] = [];
  const placed = new Set<number>();
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (placed.has(i)) continue;
    placed.add(i);
    out.push(blocks[i]);
    // Pushed in order, popped in reverse: the last successor (the next instruction) comes next.
    for (const t of blocks[i].successors) {
      const k = index.get(t);
      if (k !== undefined && !placed.has(k)) stack.push(k);
    }
  }
  for (let i = 0; i < blocks.length; i++) if (!placed.has(i)) out.push(blocks[i]);
  return { blocks: out, index: new Map(out.map((b, i) => [b.start, i])) };
}

const MARK = /\u0001([GXLRIM])([0-9a-f]*)\u0001/g;
const REG = /\bx\[(\d+)\]/g;
const FLAG = /\bc\.(nf|zf|cf|vf)\b/g;

/** Replace `x[N] = expr;` by `rN = (expr) | 0;` (locals must wrap like the Int32Array did), then reads. */
function toLocals(code: string, written: Set<number>): string {
  let out = '';
  let i = 0;
  const assign = /\bx\[(\d+)\] = /g;
  for (let m = assign.exec(code); m !== null; m = assign.exec(code)) {
    out += code.slice(i, m.index);
    // The right-hand side runs to the `;` at bracket depth 0.
    let j = m.index + m[0].length;
    let depth = 0;
    for (; j < code.length; j++) {
      const ch = code[j];
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth--;
      else if (ch === ';' && depth === 0) break;
    }
    written.add(+m[1]);
    out += `x[${m[1]}] = (${code.slice(m.index + m[0].length, j)}) | 0`;
    i = j;
    assign.lastIndex = j;
  }
  out += code.slice(i);
  return out.replace(REG, 'r$1').replace(FLAG, '$1');
}

/**
 * Regions calling out more often than this (per instruction, and more than a few times) keep
 * registers in memory: flushing around each call would cost more than locals gain (FP code).
 */
const OPAQUE_SHARE_FOR_MEMORY_MODE = 1 / 8;
const OPAQUE_FEW = 4;

function assemble(blocks: BlockCode[], index: Map<bigint, number>, localsWanted: boolean, chain: boolean, entry: bigint): string {
  const hi = hi32u(entry);
  let count = 0;
  let opaqueCount = 0;
  for (const b of blocks) for (const ins of b.insns) {
    count++;
    if (ins.opaque) opaqueCount++;
  }
  const locals = localsWanted && (opaqueCount <= OPAQUE_FEW || opaqueCount <= count * OPAQUE_SHARE_FOR_MEMORY_MODE);
  const used = new Set<number>();
  const written = new Set<number>();
  let flags = false;
  // Registers and flags held in locals: those the region's own (non-opaque) code touches.
  const bodies = blocks.map((b) =>
    b.insns.map((ins) => {
      if (!locals || ins.opaque) return ins.code;
      for (const m of ins.code.matchAll(REG)) used.add(+m[1]);
      if (FLAG.test(ins.code)) flags = true;
      FLAG.lastIndex = 0;
      return toLocals(ins.code, written);
    }),
  );
  const regs = [...used].sort((a, b) => a - b);
  const dirty = [...written].sort((a, b) => a - b);
  // NZCV left lazy by a compare (fk !== 0) are computed from its operands when needed.
  const lazy = blocks.some((b) => b.insns.some((i) => /\bfk = /.test(i.code)));
  const nzcv = locals ? ['nf', 'zf', 'cf', 'vf'] : ['c.nf', 'c.zf', 'c.cf', 'c.vf'];
  const materialize = lazy
    ? `if (fk !== 0) { const p = H.nzcv(fk, fa, fah, fb, fbh); ${nzcv[0]} = p >>> 3; ${nzcv[1]} = (p >>> 2) & 1; ${nzcv[2]} = (p >>> 1) & 1; ${nzcv[3]} = p & 1; fk = 0; }`
    : '';
  if (lazy && locals) flags = true;
  const flush = materialize + ' ' + dirty.map((r) => `x[${r}] = r${r};`).join(' ') + (flags ? ' c.nf = nf; c.zf = zf; c.cf = cf; c.vf = vf;' : '');
  const reload = regs.map((r) => `r${r} = x[${r}];`).join(' ') + (flags ? ' nf = c.nf; zf = c.zf; cf = c.cf; vf = c.vf;' : '');
  const setPc = (t: bigint): string => (hi32u(t) === hi ? `c.pcLo = ${lo32u(t)};` : `c.pcLo = ${lo32u(t)}; c.pcHi = ${hi32u(t)};`);

  const out: string[] = [];
  blocks.forEach((b, bi) => {
    const len = b.insns.length;
    // A block that branches to itself is a loop of its own (`S: for`), so its back edge does not
    // go through the dispatch switch.
    const selfLoop = chain && b.insns.some((i) => i.code.includes(Mark.goto(b.start)));
    // A jump to the next block in the switch may fall through, but only as the block's last statement.
    const goto = (t: bigint, prefix: string, last: boolean): string => {
      // Without chaining every branch leaves (a first-tier block counts each arrival).
      const k = chain ? index.get(t) : undefined;
      if (k === undefined) return `${prefix}${setPc(t)} break L;`;
      if (selfLoop && k === bi) return `${prefix}continue S;`;
      return last && !selfLoop && k === bi + 1 ? `${prefix}blk = ${k};` : `${prefix}blk = ${k}; continue L;`;
    };
    out.push(`case ${bi}:`);
    if (selfLoop) out.push('S: for (;;) {');
    // Only the budget is checked here: c.brk can only be set by this code's own calls (a slow
    // path, an opaque helper), and each of those checks it right after the call.
    out.push(`if (n < ${len}) { ${setPc(b.start)} break L; }`);
    out.push(`n -= ${len};`);
    b.insns.forEach((ins, k) => {
      // Around an opaque instruction: locals written back and reloaded (NZCV made real), or in a
      // region without locals just NZCV made real.
      const opaque = ins.opaque && (locals || lazy);
      const before = opaque ? reload + ' ' : '';
      const body = bodies[bi][k].trimEnd();
      const lastInsn = k === len - 1 && b.fallthrough === null && !opaque;
      const code = body.replace(MARK, (m: string, kind: string, arg: string, at: number) => {
        switch (kind) {
          case 'G':
            return goto(BigInt('0x' + arg), before, lastInsn && at + m.length === body.length);
          case 'X':
            return `${before}break L;`;
          case 'R':
            return 'if (c.raised !== 0) break F; sl = 1;';
          case 'M':
            return materialize;
          case 'I':
            return chain ? `${before}ijl = tl; ijh = th; blk = ${blocks.length}; continue L;` : `${before}c.pcLo = tl; c.pcHi = th; break L;`;
          default:
            return `(n + ${len - k})`;
        }
      });
      // Before an opaque call: where we are (for an exception, or a device reading the time).
      const mark = ins.opaque ? `c.pcLo = ${lo32u(ins.pc)}; c.left = n + ${len - k};` : '';
      // After a call that may have reached a device (a slow path, an opaque helper): stop right
      // after this instruction if an interrupt, an exit request or a write to running code wants
      // the run loop, so that requestExit takes effect at the next instruction boundary.
      const stop = `{ n += ${len - k - 1}; ${setPc((ins.pc + 4n) & M64)} break L; }`;
      if (ins.opaque) out.push(`${mark} ${opaque ? flush : ''}\n${code}\n${opaque ? reload : ''} if (c.brk !== 0) ${stop}`);
      else if (code.includes('sl = 1;')) out.push(`${code} if (sl !== 0) { sl = 0; if (c.brk !== 0) ${stop} }`);
      else out.push(code);
    });
    if (b.fallthrough !== null) out.push(goto(b.fallthrough, '', true));
    if (selfLoop) out.push('}');
  });

  // Indirect branches: a block of the region, or leave it.
  const indirect = chain && blocks.some((b) => b.insns.some((i) => i.code.includes(Mark.indirect)));
  if (indirect) {
    out.push(`case ${blocks.length}:`);
    out.push('switch (ijl) {');
    const seen = new Set<number>();
    blocks.forEach((b, bi) => {
      const lo = lo32u(b.start);
      if (seen.has(lo)) return;
      seen.add(lo);
      out.push(`case ${lo}: if (ijh === ${hi32u(b.start)}) { blk = ${bi}; continue L; } break;`);
    });
    out.push('}');
    out.push('c.pcLo = ijl; c.pcHi = ijh; break L;');
  }
  const all = out.join('\n');
  const src: string[] = [];
  // In parentheses: V8 compiles the function at once instead of pre-parsing it now and parsing
  // it again at its first call; most code runs soon after it is translated.
  src.push('return (function region(c, blk) {');
  src.push('const x = c.x;');
  const tlb = ['RT', 'RH', 'RO', 'RV', 'WT', 'WH', 'WO', 'WV', 'WG'].filter((v) => all.includes(`${v}[`));
  if (tlb.length > 0) src.push(`const f = c.fast; const ${tlb.map((v) => `${v} = f.${v.toLowerCase()}`).join(', ')};`);
  if (regs.length > 0) src.push(`let ${regs.map((r) => `r${r} = x[${r}]`).join(', ')};`);
  if (flags) src.push('let nf = c.nf, zf = c.zf, cf = c.cf, vf = c.vf;');
  if (lazy) src.push('let fk = 0, fa = 0, fah = 0, fb = 0, fbh = 0;');
  src.push('let n = c.left;');
  if (all.includes('sl = 1;')) src.push('let sl = 0;');
  if (indirect) src.push('let ijl = 0, ijh = 0;');
  src.push('F: {');
  if (chain) {
    src.push('L: for (;;) {');
    src.push('switch (blk) {');
    src.push(all);
    src.push("default: throw new Error('aarch64: no block ' + blk + ' in region');");
    src.push('}');
    src.push('}');
  } else {
    // One block, every branch leaves: straight-line code, no dispatch loop.
    src.push(`L: { ${all.replace(/^case 0:\n/, '')} }`);
  }
  src.push(flush);
  src.push('c.left = n;');
  src.push('return;');
  src.push('}');
  // A slow path raised an exception (c.raised): it set c.left for the faulting instruction;
  // registers and flags go back to the CPU before the run loop enters the exception.
  src.push(flush);
  src.push('});');
  return src.join('\n');
}
