/**
 * Block compiler: decodes straight-line code at the current RIP (up to a control transfer, a
 * mode-changing instruction, the page end or the block limit) and compiles it to one
 * JavaScript function with `new Function`. A block may end with one instruction that straddles
 * into the next page; it then records that page (`pa2`) and is revalidated on lookup.
 * @module
 */
import type { X86Cpu } from '../cpu.js';
import { decode, type CodeSize } from '../decode/decoder.js';
import { DecodeFail } from '../decode/insn.js';
import { Vec } from '../fault.js';
import { Access } from '../paging.js';
import { RUNTIME } from '../runtime.js';
import type { FpExec } from '../fp-contract.js';
import { Gen } from './gen.js';
import { translateInsn } from './translate.js';

/**
 * A translated block. A class with every field set in the constructor, so all blocks share one
 * hidden class and the run loop's loads of their fields stay monomorphic (object literals built
 * with spread gave V8 a map per source shape: 35% of the run time in megamorphic loads).
 */
export class Block {
  valid = true;
  /** Successors last run after this block (the run loop's chain), valid while `linkEpoch` matches the CPU's TLB epoch. */
  next0: Block | undefined = undefined;
  next1: Block | undefined = undefined;
  linkEpoch = -1;

  constructor(
    /** Runs the block; returns the instructions retired (REP iterations count one each). */
    readonly fn: (c: X86Cpu, r: Int32Array) => number,
    /** Instructions in the block. */
    readonly n: number,
    /** Physical address and byte count in the first page; second page of a straddling last instruction (-1 none). */
    readonly pa: number,
    readonly len1: number,
    readonly pa2: number,
    readonly len2: number,
    /** RIP and mode key it was compiled for. */
    readonly ripLo: number,
    readonly ripHi: number,
    readonly mode: number,
    /** RIP (bits 31:0) of each instruction, for fault reporting. */
    readonly rips: Int32Array,
    /** The generated JavaScript body (diagnostics). */
    readonly source: string,
  ) {}
}

type Factory = (H: typeof RUNTIME, F: FpExec[]) => (c: X86Cpu, r: Int32Array) => number;

/**
 * Compiled bodies by source text: identical code at the same address compiles once. Shared by
 * every CPU of the process, so it is bounded: past {@link MAX_FACTORIES} it starts again
 * (blocks keep the functions they hold).
 */
const MAX_FACTORIES = 2048;
const factories = new Map<string, { factory: Factory; fn: ((c: X86Cpu, r: Int32Array) => number) | undefined }>();
let compiledCount = 0;

/** Distinct block functions compiled so far (performance notes, tests). */
export function compiledBlocks(): number {
  return compiledCount;
}

const PROLOGUE = 'let fa = 0, fah = 0, fb = 0, fbh = 0, fr = 0, frh = 0, fc = 0;';

/**
 * Translate the block at physical `pa` (RIP and mode from the CPU) of at most `limit`
 * instructions. A block whose last instruction branches back to its start is compiled a second
 * time as a loop (unless it is a single-step block, which must run one instruction).
 */
export function compileBlock(cpu: X86Cpu, pa: number, limit: number): Block {
  let t = translateBlock(cpu, pa, limit, 0);
  if (t.backEdge && limit > 1) t = translateBlock(cpu, pa, limit, t.n);
  const { body, g } = t;
  let entry = factories.get(body);
  if (!entry) {
    if (factories.size >= MAX_FACTORIES) factories.clear();
    const factory = new Function('H', 'F', `return function block(c, r) {\n${PROLOGUE}\n${body}\n};`) as Factory;
    entry = { factory, fn: undefined };
    factories.set(body, entry);
    compiledCount++;
  }
  let fn: (c: X86Cpu, r: Int32Array) => number;
  if (g.fns.length === 0) {
    if (!entry.fn) entry.fn = entry.factory(RUNTIME, g.fns);
    fn = entry.fn;
  } else fn = entry.factory(RUNTIME, g.fns);
  const m = t.meta;
  return new Block(fn, m.n, m.pa, m.len1, m.pa2, m.len2, m.ripLo, m.ripHi, m.mode, m.rips, body);
}

interface Translation {
  g: Gen;
  body: string;
  n: number;
  backEdge: boolean;
  meta: { n: number; pa: number; len1: number; pa2: number; len2: number; ripLo: number; ripHi: number; mode: number; rips: Int32Array };
}

function translateBlock(cpu: X86Cpu, pa: number, limit: number, loopN: number): Translation {
  const mode = cpu.modeKey;
  const code = (mode & 0xf) as CodeSize;
  const startLo = cpu.ip;
  const startHi = cpu.ipHi;
  const g = new Gen(mode, startLo, startHi);
  g.features = cpu.features;
  g.loop = loopN > 0;
  g.loopN = loopN;
  const pageLeft = 0x1000 - (pa & 0xfff);
  const rips: number[] = [];
  let ripLo = startLo;
  let ripHi = startHi;
  let offset = 0;
  let n = 0;
  let pa2 = -1;
  let len1 = 0;
  let len2 = 0;
  for (;;) {
    const avail = cpu.fetchWindow(offset, (pa + offset) >>> 0);
    const fetchPa2 = cpu.fetchPa2;
    const insn = decode(cpu.fetchBuf, avail, code, ripLo, ripHi);
    if (typeof insn === 'number') {
      if (n > 0) break;
      if (insn === DecodeFail.Fetch) {
        // The first instruction runs onto a page that cannot be fetched: the fetch faults now.
        const l = cpu.linearRip(offset + avail);
        cpu.translate(l.lo, l.hi, Access.Exec, cpu.user, true);
      }
      // Longer than 15 bytes: #GP(0) at this instruction.
      rips.push(ripLo);
      g.emit(`c.k = 0; c.raise(${Vec.GP}, 0);`);
      g.ended = true;
      n = 1;
      len1 = Math.min(15, pageLeft);
      break;
    }
    g.begin(insn, n);
    rips.push(ripLo);
    g.emit(`// ${ripHi ? ripHi.toString(16) + ':' : ''}${ripLo.toString(16)}: ${hexBytes(cpu.fetchBuf, insn.len)}`);
    translateInsn(g, insn);
    if (!g.ended && g.stored) g.smcCheck();
    n++;
    const end = offset + insn.len;
    if (end > pageLeft) {
      pa2 = fetchPa2;
      len1 = pageLeft;
      len2 = end - pageLeft;
      ripLo = g.nextLo;
      ripHi = g.nextHi;
      break;
    }
    offset = end;
    len1 = end;
    ripLo = g.nextLo;
    ripHi = g.nextHi;
    if (g.ended || n >= limit || offset >= pageLeft) break;
  }
  if (!g.ended) g.jump(ripLo, ripHi);
  const backEdge = g.backEdge && g.ended;
  const body = g.loop ? `let kb = 0;\nfor (;;) {\n${g.source()}\n}` : g.source();
  return { g, body, n, backEdge, meta: { n, pa, len1, pa2, len2, ripLo: startLo, ripHi: startHi, mode, rips: Int32Array.from(rips) } };
}

function hexBytes(b: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}
