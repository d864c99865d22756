import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

/** Writes are kept per cluster of this many bytes until the run ends. */
const CLUSTER = 4096;

/**
 * A raw disk image file behind a block device. The file is opened read-only and never written
 * during the run: the guest's writes go to an overlay of 4 KiB clusters in memory. When the run
 * ends cleanly and the disk is writable, `commit` writes the changed clusters back; otherwise
 * they are dropped, so a failed or interrupted run leaves the file as it was.
 */
export class DiskImage {
  readonly size: number;
  private readonly fd: number;
  private readonly overlay = new Map<number, Uint8Array>();

  /** Opens `path`; throws with a message naming it when it cannot be read. */
  constructor(readonly path: string, readonly writable: boolean) {
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`disk image ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot open (${code ?? (e as Error).message})`}`);
    }
    const st = fstatSync(this.fd);
    if (!st.isFile()) {
      closeSync(this.fd);
      throw new Error(`disk image ${path}: not a regular file`);
    }
    this.size = st.size;
  }

  /** Copy [offset, offset+into.length) of the disk as the guest sees it; false past the end. */
  read(offset: number, into: Uint8Array): boolean {
    if (offset < 0 || offset + into.length > this.size) return false;
    let done = 0;
    while (done < into.length) {
      const at = offset + done;
      const cluster = Math.floor(at / CLUSTER);
      const inCluster = at - cluster * CLUSTER;
      const n = Math.min(into.length - done, CLUSTER - inCluster);
      const changed = this.overlay.get(cluster);
      if (changed) into.set(changed.subarray(inCluster, inCluster + n), done);
      else this.readFile(at, into.subarray(done, done + n));
      done += n;
    }
    return true;
  }

  /** Record a write in the overlay; false past the end or on a read-only disk. */
  write(offset: number, data: Uint8Array): boolean {
    if (!this.writable || offset < 0 || offset + data.length > this.size) return false;
    let done = 0;
    while (done < data.length) {
      const at = offset + done;
      const cluster = Math.floor(at / CLUSTER);
      const inCluster = at - cluster * CLUSTER;
      const n = Math.min(data.length - done, CLUSTER - inCluster);
      let block = this.overlay.get(cluster);
      if (!block) {
        block = new Uint8Array(CLUSTER);
        this.readFile(cluster * CLUSTER, block.subarray(0, Math.min(CLUSTER, this.size - cluster * CLUSTER)));
        this.overlay.set(cluster, block);
      }
      block.set(data.subarray(done, done + n), inCluster);
      done += n;
    }
    return true;
  }

  /** Bytes changed by the guest and not yet written back. */
  get pendingBytes(): number {
    return this.overlay.size * CLUSTER;
  }

  /** Write the overlay back to the file (clean end of a writable run). Returns an error message. */
  commit(): string | undefined {
    if (!this.writable || this.overlay.size === 0) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'r+');
      for (const [cluster, block] of [...this.overlay].sort((a, b) => a[0] - b[0])) {
        const at = cluster * CLUSTER;
        writeSync(fd, block, 0, Math.min(CLUSTER, this.size - at), at);
      }
      fsyncSync(fd);
      this.overlay.clear();
      return undefined;
    } catch (e) {
      return `disk image ${this.path}: writing the guest's changes back failed (${(e as Error).message})`;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Forget the guest's writes and close the file. */
  close(): void {
    this.overlay.clear();
    closeSync(this.fd);
  }

  private readFile(at: number, into: Uint8Array): void {
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, at + done);
      if (n <= 0) {
        into.fill(0, done); // the file shrank under us: read zeros rather than fail the guest
        return;
      }
      done += n;
    }
  }
}
