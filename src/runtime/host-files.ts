import { Either, left, right } from 'fp-ts/lib/Either.js';
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
}
