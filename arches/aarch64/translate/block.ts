import type { AddressSpace } from '../../../src/api/index.js';
import type { A64Cpu } from '../cpu.js';
import type { FpExecFn } from '../fpsimd-contract.js';
import { RUNTIME } from '../runtime.js';
import { translateInstruction } from './decode.js';
import { Gen } from './gen.js';

/** A translated block: straight-line code from `va` up to a branch, system instruction or page end. */
export interface Block {
  readonly fn: (c: A64Cpu) => void;
  /** Instructions in the block (all retire unless one faults). */
  readonly n: number;
  readonly vaLo: number;
  readonly vaHi: number;
}

type Factory = (H: typeof RUNTIME, F: FpExecFn[]) => (c: A64Cpu) => void;

/**
 * Compiled block bodies by source text. Identical guest code at the same virtual address (the
 * same program on several cores, or a page re-translated after invalidation) compiles once.
 */
const factories = new Map<string, { factory: Factory; fn: ((c: A64Cpu) => void) | undefined }>();
let compiledCount = 0;

/** Number of distinct block functions compiled so far (for performance notes and tests). */
export function compiledBlocks(): number {
  return compiledCount;
}

/** Read and translate the block at physical address `pa` (virtual `vaLo/vaHi`). */
export function compileBlock(memory: AddressSpace, pa: number, vaLo: number, vaHi: number, limit: number, lse: boolean): Block {
  const g = new Gen(vaLo, vaHi, lse);
  let va = (BigInt(vaHi) << 32n) | BigInt(vaLo);
  let n = 0;
  for (;;) {
    const insn = memory.read32((pa + 4 * n) >>> 0) | 0;
    g.begin(va);
    g.emit(`// ${va.toString(16)}: ${(insn >>> 0).toString(16).padStart(8, '0')}`);
    translateInstruction(g, insn);
    n++;
    va += 4n;
    if (g.ended || n >= limit || ((pa + 4 * n) & 0xfff) === 0) break;
  }
  if (!g.ended) g.emit(g.setPc(va & ((1n << 64n) - 1n)));
  const body = g.source();
  let entry = factories.get(body);
  if (!entry) {
    const factory = new Function('H', 'F', `return function block(c) {\nconst x = c.x;\n${body}\n};`) as Factory;
    entry = { factory, fn: undefined };
    factories.set(body, entry);
    compiledCount++;
  }
  // Blocks without FP calls share one closure; FP ones bind their own decoded functions.
  let fn: (c: A64Cpu) => void;
  if (g.fns.length === 0) {
    if (!entry.fn) entry.fn = entry.factory(RUNTIME, g.fns);
    fn = entry.fn;
  } else {
    fn = entry.factory(RUNTIME, g.fns);
  }
  return { fn, n, vaLo, vaHi };
}
