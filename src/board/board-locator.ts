import { Either, left, right } from 'fp-ts/lib/Either.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { userError, type UserError } from '../util/user-error.js';
import type { BoardProvider, BoardText } from './board-provider.js';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Directory of the shipped boards. */
export function boardsDir(): string {
  return join(packageRoot(), 'boards');
}

/** Names of the shipped boards. */
export function shippedBoards(): string[] {
  if (!existsSync(boardsDir())) return [];
  return readdirSync(boardsDir())
    .filter((f) => EXTENSIONS.includes(extname(f)))
    .map((f) => basename(f, extname(f)))
    .sort();
}

/** Find a board by name in boards/ or by path, and read it. */
export function locateBoard(nameOrPath: string): Either<UserError, BoardText> {
  const candidates = [resolve(nameOrPath), ...EXTENSIONS.map((e) => join(boardsDir(), nameOrPath + e))];
  for (const file of candidates) {
    if (existsSync(file) && statSync(file).isFile()) {
      try {
        return right({ file, text: readFileSync(file, 'utf8') });
      } catch (e) {
        return left(userError('io', `${file}: cannot read: ${(e as Error).message}`));
      }
    }
  }
  return left(userError('board', `board "${nameOrPath}" not found: not a file, and not one of the shipped boards (${shippedBoards().join(', ')})`));
}

/** Boards on Node: the shipped `boards/` folder by name, or any file by path. */
export class BoardFiles implements BoardProvider {
  names(): string[] {
    return shippedBoards();
  }

  locate(nameOrPath: string): Either<UserError, BoardText> {
    return locateBoard(nameOrPath);
  }
}
