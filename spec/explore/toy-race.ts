import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOY_MACHINE } from '../fixtures/arches/toy/index.js';
import { buildElf, wordsToBytes } from '../helpers/elf-writer.js';
import { FIXTURE_ARCHES, FIXTURE_BOARDS, FIXTURE_PLUGINS } from '../helpers/toy-harness.js';
import { asm } from '../helpers/toy-asm.js';

/** Both toy CPUs of toy-duo.yaml add 1 to a shared byte N times (plain load/add/store) with a pause between. */
export interface ToyRace {
  readonly board: string;
  readonly le: string;
  readonly be: string;
  /** `chimera run` arguments for the pair (board first). */
  readonly argv: string[];
  /** Environment that lets threads and worker processes find the toy arch and test plugins. */
  readonly env: Record<string, string>;
}

const UART = 0x80000;
const CTL = 0xa0000;

/**
 * The little-endian CPU waits for the other's done flag (a plain byte in SRAM), prints "done",
 * and exits with the counter's value: lost updates show as an exit status below 2N.
 */
function racer(sram: number, n: number, pause: number, last: boolean): number[] {
  const w: number[] = [...asm.li32(1, sram), asm.li(2, n), asm.li(3, 0)];
  const loop = w.length;
  w.push(asm.lb(5, 1, 0), asm.addi(5, 5, 1), asm.sb(5, 1, 0), asm.li(6, pause));
  const p = w.length;
  w.push(asm.addi(6, 6, -1));
  w.push(asm.bne(6, 0, p - w.length));
  w.push(asm.addi(3, 3, 1));
  w.push(asm.bne(3, 2, loop - w.length));
  if (!last) {
    w.push(asm.li(8, 1), asm.sb(8, 1, 8), asm.halt());
    return w;
  }
  w.push(asm.li(8, 1));
  const wait = w.length;
  w.push(asm.lb(7, 1, 8));
  w.push(asm.bne(7, 8, wait - w.length));
  w.push(...asm.li32(9, UART));
  for (const c of Buffer.from('done\n', 'latin1')) w.push(asm.li(10, c), asm.sb(10, 9, 0));
  w.push(...asm.li32(11, CTL), asm.lb(5, 1, 0), asm.sw(5, 11, 0), asm.halt());
  return w;
}

/** Write the pair's ELFs into `dir` (default: a fresh folder). `pause` sets the run length (about 2N·pause instructions per CPU). */
export function toyRace(n = 100, pause = 20, maxTime = '10ms', dir = mkdtempSync(join(tmpdir(), 'chimera-explore-'))): ToyRace {
  const elf = (name: string, words: number[], le: boolean): string => {
    const file = join(dir, name);
    writeFileSync(file, buildElf({ bits: 32, littleEndian: le, machine: TOY_MACHINE, entry: 0x1000, segments: [{ paddr: 0x1000, data: wordsToBytes(words, le) }], symbols: [{ name: 'racer', value: 0x1000 }] }));
    return file;
  };
  const le = elf('le.elf', racer(0x20000, n, pause, true), true);
  const be = elf('be.elf', racer(0x30000, n, pause, false), false);
  const board = join(FIXTURE_BOARDS, 'toy-duo.yaml');
  return {
    board,
    le,
    be,
    argv: [board, '--load', `le=${le}`, '--load', `be=${be}`, '--max-time', maxTime],
    env: { CHIMERA_ARCH_PATH: FIXTURE_ARCHES, CHIMERA_PLUGIN_PATH: FIXTURE_PLUGINS },
  };
}

/** Let this process (and worker threads started from now on) find the toy arch; returns the undo. */
export function useToyEnv(r: ToyRace): () => void {
  const saved = Object.keys(r.env).map((k) => [k, process.env[k]] as const);
  for (const [k, v] of Object.entries(r.env)) process.env[k] = v;
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
