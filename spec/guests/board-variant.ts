import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { locateBoard } from '../../src/board/board-locator.js';

let dir: string | undefined;

/**
 * A copy of a shipped board whose CPUs of `arch` get extra `options` (an execution mode of the
 * core: single-step, interpreter, translate at once). Returns the path of the copy.
 */
export function boardWithCpuOptions(board: string, arch: string, options: Readonly<Record<string, unknown>>, tag: string): string {
  const found = locateBoard(board); // a name, or the path of an earlier copy
  if (found._tag === 'Left') throw new Error(found.left.message);
  const doc = parse(found.right.text) as { cpus: { arch: string; options?: Record<string, unknown> }[] };
  for (const cpu of doc.cpus) if (cpu.arch === arch) cpu.options = { ...(cpu.options ?? {}), ...options };
  dir ??= mkdtempSync(join(tmpdir(), 'chimera-boards-'));
  const file = join(dir, `${board.replace(/^.*\//, '').replace(/\.yaml$/, '')}-${tag}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}
