/**
 * A host file opened for random access, for devices whose backing file is too large to read
 * whole or that write back (a disk image). On Node it is a file descriptor; in a browser, bytes
 * the page was given. Offsets and sizes are plain numbers (files up to 2^53 bytes).
 */
export interface HostFile {
  /** Size in bytes when it was opened. */
  readonly size: number;
  /** Fill `into` from `offset`; returns how many bytes were read (fewer at the end of the file). */
  read(offset: number, into: Uint8Array): number;
  /** Write `data` at `offset`; only on a file opened writable. Throws on a host I/O error. */
  write(offset: number, data: Uint8Array): void;
  /** Make what was written durable (fsync on Node). */
  sync(): void;
  close(): void;
}
