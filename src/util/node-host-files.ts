import { Either, left, right } from 'fp-ts/lib/Either.js';
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HostFile } from '../api/host-file.js';
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
  open(path: string, writable: boolean): Either<string, HostFile> {
    let fd: number;
    try {
      fd = openSync(path, writable ? 'r+' : 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return left(code === 'ENOENT' ? 'no such file' : `cannot open (${code ?? (e as Error).message})`);
    }
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      return left('not a regular file');
    }
    return right({
      size: st.size,
      read(offset, into) {
        let done = 0;
        while (done < into.length) {
          const n = readSync(fd, into, done, into.length - done, offset + done);
          if (n <= 0) break;
          done += n;
        }
        return done;
      },
      write(offset, data) {
        for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done, offset + done);
      },
      sync: () => fsyncSync(fd),
      close: () => closeSync(fd),
    });
  },
};
