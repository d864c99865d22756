import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Either, left, right } from 'fp-ts/lib/Either.js';
import { locateBoard } from '../../board/board-locator.js';
import { parseRunArgs } from '../../cli/run-args.js';

/** A file a point reads, as its `chimera run` arguments name it, with the SHA-256 of its bytes. */
export interface InputFile {
  readonly role: 'board' | 'program';
  /** The board name or the file argument, as typed (relative paths resolve in the worker's folder). */
  readonly name: string;
  readonly sha256: string;
}

/**
 * The board and program files that `chimera run <argv>` reads, hashed here. A job carries this
 * list; a worker hashes its own files for the same arguments and refuses the job if any differ.
 */
export function inputFiles(argv: readonly string[]): Either<string, InputFile[]> {
  const parsed = parseRunArgs([...argv]);
  if (parsed._tag === 'Left') return left(parsed.left.message);
  const a = parsed.right;
  const out: InputFile[] = [];
  const board = locateBoard(a.board);
  if (board._tag === 'Left') return left(board.left.message);
  out.push({ role: 'board', name: a.board, sha256: sha256(Buffer.from(board.right.text, 'utf8')) });
  for (const img of a.images) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(img.file);
    } catch (e) {
      return left(`${img.file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    out.push({ role: 'program', name: img.file, sha256: sha256(bytes) });
  }
  return right(out);
}

/**
 * Why this machine cannot run a job with these inputs, or undefined when every file matches.
 * `theirs` names files as the explorer's machine resolved them; they are compared in order.
 */
export function inputMismatch(argv: readonly string[], theirs: readonly InputFile[]): string | undefined {
  const mine = inputFiles(argv);
  if (mine._tag === 'Left') return `cannot read the job's inputs here: ${mine.left}`;
  if (mine.right.length !== theirs.length) return `the job names ${theirs.length} input files, its arguments name ${mine.right.length} here`;
  const bad: string[] = [];
  mine.right.forEach((m, i) => {
    const t = theirs[i];
    if (m.sha256 !== t.sha256) {
      bad.push(`${m.role} ${m.name}: sha256 ${m.sha256.slice(0, 16)}… here, ${t.sha256.slice(0, 16)}… on the explorer (${t.name})`);
    }
  });
  return bad.length ? `different files than the explorer's: ${bad.join('; ')}` : undefined;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
