import type { HostFile } from '../../src/api/index.js';

/** Writes are kept per cluster of this many bytes until the run ends. */
const CLUSTER = 4096;

/** Opens the image's file (through the host, `DeviceContext.openFile`); throws naming it. */
export type OpenImage = (writable: boolean) => HostFile;

/**
 * A raw disk image file behind a block device. The file is opened read-only and never written
 * during the run: the guest's writes go to an overlay of 4 KiB clusters in memory. When the run
 * ends cleanly and the disk is writable, `commit` writes the changed clusters back; otherwise
 * they are dropped, so a failed or interrupted run leaves the file as it was.
 */
export class DiskImage {
  readonly size: number;
  private readonly file: HostFile;
  private readonly overlay = new Map<number, Uint8Array>();

  /** Opens the image read-only; throws with a message naming it when it cannot be opened. */
  constructor(private readonly open: OpenImage, readonly writable: boolean) {
    this.file = open(false);
    this.size = this.file.size;
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
    let out: HostFile | undefined;
    try {
      out = this.open(true);
      for (const [cluster, block] of [...this.overlay].sort((a, b) => a[0] - b[0])) {
        const at = cluster * CLUSTER;
        out.write(at, block.subarray(0, Math.min(CLUSTER, this.size - at)));
      }
      out.sync();
      this.overlay.clear();
      return undefined;
    } catch (e) {
      return `disk image: writing the guest's changes back failed (${(e as Error).message})`;
    } finally {
      out?.close();
    }
  }

  /** Forget the guest's writes and close the file. */
  close(): void {
    this.overlay.clear();
    this.file.close();
  }

  private readFile(at: number, into: Uint8Array): void {
    const n = this.file.read(at, into);
    if (n < into.length) into.fill(0, n); // the file shrank under us: read zeros rather than fail the guest
  }
}
