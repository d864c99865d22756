import { readFileSync, writeFileSync } from 'node:fs';
import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { Machine } from '../machine/machine.js';
import { restoreSnapshot, takeSnapshot } from './machine-snapshot.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-file.js';

/** Take a snapshot of `machine` and write it to `file`; the message says why not. */
export function saveSnapshotFile(machine: Machine, file: string): Either<string, number> {
  const s = takeSnapshot(machine);
  if (s._tag === 'Left') return s;
  try {
    writeFileSync(file, encodeSnapshot(s.right));
  } catch (e) {
    return left(`cannot write ${file}: ${(e as Error).message}`);
  }
  return right(s.right.time);
}

/** Read `file` and restore it into `machine` (built from the same board and programs). */
export function loadSnapshotFile(machine: Machine, file: string): Either<string, number> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return left(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`);
  }
  const s = decodeSnapshot(bytes, file);
  if (s._tag === 'Left') return s;
  const r = restoreSnapshot(machine, s.right);
  if (r._tag === 'Left') return left(`${file}: ${r.left}`);
  return right(s.right.time);
}
