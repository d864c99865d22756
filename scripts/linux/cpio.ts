/**
 * A writer for the cpio "newc" format (what the Linux kernel unpacks as an initramfs):
 * a 110-byte ASCII header per entry, the name, padding to 4 bytes, the data, padding to 4.
 * Enough for an initramfs of directories, regular files, symbolic links and device nodes.
 */
export interface CpioEntry {
  readonly path: string;
  readonly kind: 'dir' | 'file' | 'symlink' | 'char';
  /** Permission bits, e.g. 0o755. */
  readonly mode: number;
  /** File contents, or the link target for a symlink. */
  readonly data?: Uint8Array | string;
  /** Device number of a character device. */
  readonly device?: { readonly major: number; readonly minor: number };
}

const TYPE = { dir: 0o040000, file: 0o100000, symlink: 0o120000, char: 0o020000 } as const;

function header(fields: number[]): string {
  return '070701' + fields.map((f) => (f >>> 0).toString(16).padStart(8, '0')).join('');
}

/** The archive's bytes; entries are written in order (parents before children), then TRAILER!!!. */
export function cpioArchive(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  let size = 0;
  const push = (b: Buffer): void => {
    parts.push(b);
    size += b.length;
  };
  const pad = (): void => {
    if (size % 4) push(Buffer.alloc(4 - (size % 4)));
  };
  const entry = (name: string, mode: number, data: Buffer, ino: number, rdev = { major: 0, minor: 0 }): void => {
    const nameBytes = Buffer.from(`${name}\0`, 'utf8');
    // ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check
    push(Buffer.from(header([ino, mode, 0, 0, 1, 0, data.length, 0, 0, rdev.major, rdev.minor, nameBytes.length, 0]), 'ascii'));
    push(nameBytes);
    pad();
    push(data);
    pad();
  };
  entries.forEach((e, i) => {
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.from(e.data);
    const body = e.kind === 'dir' || e.kind === 'char' ? Buffer.alloc(0) : data;
    entry(e.path.replace(/^\/+/, ''), TYPE[e.kind] | (e.mode & 0o7777), body, i + 1, e.device);
  });
  entry('TRAILER!!!', 0, Buffer.alloc(0), 0);
  return Buffer.concat(parts);
}
