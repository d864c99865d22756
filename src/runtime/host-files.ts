import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { HostFile } from '../api/host-file.js';
import { joinPath } from '../util/path-text.js';

/**
 * The host files a simulation reads: programs (`--load`, `--kernel`) and files a device's options
 * name (a ROM image). On Node they are the file system (`nodeHostFiles`); in a browser, the
 * bytes the page was given (`MemoryHostFiles`). The runtime core reads through this interface
 * only, so it runs in both.
 */
export interface HostFiles {
  /** `name` relative to the folder `dir` (absolute names as they are). */
  resolve(dir: string, name: string): string;
  /** A file's bytes, or why they cannot be had ("no such file", "is a directory", ...). */
  read(path: string): Either<string, Uint8Array>;
  /** A file opened for random access (a disk image), or why it cannot be. */
  open(path: string, writable: boolean): Either<string, HostFile>;
}

/** Files held in memory by name: what a page has (dropped files, fetched guests). */
export class MemoryHostFiles implements HostFiles {
  private readonly files = new Map<string, Uint8Array>();

  constructor(files: Readonly<Record<string, Uint8Array>> = {}) {
    for (const [name, bytes] of Object.entries(files)) this.add(name, bytes);
  }

  /** Add or replace a file; `name` is normalised as `resolve` would give it. */
  add(name: string, bytes: Uint8Array): void {
    this.files.set(joinPath('.', name), bytes);
  }

  names(): string[] {
    return [...this.files.keys()].sort();
  }

  resolve(dir: string, name: string): string {
    return joinPath(dir, name);
  }

  read(path: string): Either<string, Uint8Array> {
    const bytes = this.files.get(joinPath('.', path));
    return bytes ? right(bytes) : left('no such file');
  }

  /** The held bytes themselves: writes change them, as the page's copy of the file. */
  open(path: string, writable: boolean): Either<string, HostFile> {
    const bytes = this.files.get(joinPath('.', path));
    if (!bytes) return left('no such file');
    return right({
      size: bytes.length,
      read: (offset, into) => {
        const n = Math.max(0, Math.min(into.length, bytes.length - offset));
        into.set(bytes.subarray(offset, offset + n));
        return n;
      },
      write: (offset, data) => {
        if (!writable) throw new Error(`${path}: opened read-only`);
        if (offset + data.length > bytes.length) throw new Error(`${path}: write past the end of the file`);
        bytes.set(data, offset);
      },
      sync: () => {},
      close: () => {},
    });
  }
}
