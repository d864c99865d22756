import { Either, left, right } from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HostFiles } from '../runtime/host-files.js';

/** The host files on Node: the file system, relative paths from the current directory. */
export const nodeHostFiles: HostFiles = {
  resolve: (dir, name) => resolve(dir, name),
  read(path: string): Either<string, Uint8Array> {
    try {
      return right(readFileSync(path));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return left(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? (e as Error).message})`);
    }
  },
};
