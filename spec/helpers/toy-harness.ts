import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StopReason } from '../../src/api/machine-control.js';
import type { Machine } from '../../src/machine/machine.js';
import { OutputRouter, type SerialTarget } from '../../src/output/output-router.js';
import { buildSimulation, type ImageRequest } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { compiledRoot, packageRoot } from '../../src/util/package-root.js';
import { TOY_MACHINE } from '../fixtures/arches/toy/index.js';
import { buildElf, wordsToBytes } from './elf-writer.js';

export const FIXTURE_ARCHES = join(compiledRoot(), 'spec', 'fixtures', 'arches');
export const FIXTURE_PLUGINS = join(compiledRoot(), 'spec', 'fixtures', 'plugins');
export const FIXTURE_BOARDS = join(packageRoot(), 'spec', 'fixtures', 'boards');

/** A container that also finds the test-only toy arch and test plugins. */
export function testContainer(logs: string[] = []) {
  return createSimulationContainer({ archDirs: [FIXTURE_ARCHES], pluginDirs: [FIXTURE_PLUGINS], logWrite: (l) => logs.push(l) });
}

const scratch = mkdtempSync(join(tmpdir(), 'chimera-spec-'));
let n = 0;

/** Write a toy program as an ELF file and return its path. */
export function toyElf(words: number[], base: number, littleEndian = true): string {
  const file = join(scratch, `toy-${n++}.elf`);
  writeFileSync(file, buildElf({ bits: 32, littleEndian, machine: TOY_MACHINE, entry: base, segments: [{ paddr: base, data: wordsToBytes(words, littleEndian) }] }));
  return file;
}

export function scratchFile(name: string): string {
  return join(scratch, name);
}

export interface ToyRun {
  machine: Machine;
  stop: StopReason;
  stdout: string;
  end: number;
}

/** Build a fixture board, load images, run, and capture stdout. */
export async function runBoard(
  board: string,
  images: ImageRequest[],
  opts: { maxTime?: number; quantum?: number; set?: Record<string, string>; serial?: Map<string, SerialTarget>; before?: (m: Machine) => void; append?: string } = {},
): Promise<ToyRun> {
  const built = await buildSimulation(testContainer(), { board: join(FIXTURE_BOARDS, board), images, quantum: opts.quantum, set: opts.set, append: opts.append });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const machine = built.right;
  const chunks: Buffer[] = [];
  const router = new OutputRouter(machine, opts.serial ?? new Map(), (c) => chunks.push(c));
  opts.before?.(machine);
  const stop = machine.run(opts.maxTime ?? 1e12, () => router.flush());
  router.close();
  return { machine, stop, stdout: Buffer.concat(chunks).toString('latin1'), end: machine.scheduler.endTime };
}
