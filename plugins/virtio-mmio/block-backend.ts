import type { RunOutcome } from '../../src/api/index.js';
import type { BackendHost, VirtioBackend } from './backend.js';
import type { DiskImage } from './disk-image.js';
import type { Chain } from './virtqueue.js';
import { DEVICE_ID } from './registers.js';

const SECTOR = 512;
/** Request types (§5.2.6). */
const T_IN = 0;
const T_OUT = 1;
const T_FLUSH = 4;
const T_GET_ID = 8;
/** Status byte values. */
const S_OK = 0;
const S_IOERR = 1;
const S_UNSUPP = 2;
/** Feature bits (§5.2.3). */
const F_SEG_MAX = 2;
const F_RO = 5;
const F_BLK_SIZE = 6;
const F_FLUSH = 9;
const QUEUE_SIZE = 256;
const HEADER = 16;
/** Bytes moved per step between the disk and guest memory. */
const STEP = 64 * 1024;

/**
 * virtio-blk (§5.2) on a raw image file: read, write (when the board makes the disk writable),
 * flush and get-ID. A request that runs past the end of the disk or writes a read-only disk
 * completes with IOERR; unknown types with UNSUPP; a request with no room for its status is a
 * driver error (the device needs reset). Writes reach the file only after a clean run (see
 * `DiskImage`).
 */
export class BlockBackend implements VirtioBackend {
  readonly deviceId = DEVICE_ID.block;
  readonly features: number;
  readonly queueCount = 1;
  readonly queueSizeMax = QUEUE_SIZE;
  private readonly header = new Uint8Array(HEADER);
  private readonly hv = new DataView(this.header.buffer);
  private readonly buffer = new Uint8Array(STEP);
  private readonly configBytes = new Uint8Array(24);

  constructor(private readonly disk: DiskImage, private readonly serial: string) {
    this.features = (1 << F_SEG_MAX) | (1 << F_BLK_SIZE) | (disk.writable ? 1 << F_FLUSH : 1 << F_RO);
    const v = new DataView(this.configBytes.buffer);
    const sectors = Math.floor(disk.size / SECTOR);
    v.setUint32(0, sectors >>> 0, true); // capacity (u64, in 512-byte sectors)
    v.setUint32(4, Math.floor(sectors / 2 ** 32), true);
    v.setUint32(12, QUEUE_SIZE - 2, true); // seg_max
    v.setUint32(20, SECTOR, true); // blk_size
  }

  config(): Uint8Array {
    return this.configBytes;
  }

  reset(): void {}

  finish(outcome: RunOutcome): string | undefined {
    const err = outcome.clean ? this.disk.commit() : undefined;
    this.disk.close();
    return err;
  }

  process(queue: number, host: BackendHost): void {
    const q = host.queue(queue);
    for (let chain = q.pop(); chain; chain = q.pop()) {
      const written = this.request(chain, host);
      host.complete(queue, chain, written);
    }
  }

  /** Serve one request; returns the bytes written into the guest's buffers (data + status). */
  private request(chain: Chain, host: BackendHost): number {
    if (chain.writableLength < 1 || host.io.read(chain, 0, this.header) < HEADER) {
      // No status byte or no header: nothing sensible to answer. Complete it empty.
      return 0;
    }
    const type = this.hv.getUint32(0, true);
    const sector = this.hv.getUint32(8, true) + this.hv.getUint32(12, true) * 2 ** 32;
    const statusAt = chain.writableLength - 1;
    let status = S_OK;
    let data = 0;
    switch (type) {
      case T_IN: {
        const length = statusAt;
        if (length % SECTOR || sector * SECTOR + length > this.disk.size) status = S_IOERR;
        else
          for (let done = 0; done < length; done += STEP) {
            const n = Math.min(STEP, length - done);
            this.disk.read(sector * SECTOR + done, this.buffer.subarray(0, n));
            data += host.io.write(chain, done, this.buffer.subarray(0, n));
          }
        break;
      }
      case T_OUT: {
        const length = chain.readableLength - HEADER;
        if (!this.disk.writable || length % SECTOR || sector * SECTOR + length > this.disk.size) status = S_IOERR;
        else
          for (let done = 0; done < length; done += STEP) {
            const n = Math.min(STEP, length - done);
            host.io.read(chain, HEADER + done, this.buffer.subarray(0, n));
            this.disk.write(sector * SECTOR + done, this.buffer.subarray(0, n));
          }
        break;
      }
      case T_FLUSH:
        break; // writes are kept until the run ends; nothing to do now
      case T_GET_ID: {
        const id = new Uint8Array(20);
        for (let i = 0; i < Math.min(20, this.serial.length); i++) id[i] = this.serial.charCodeAt(i) & 0xff; // latin1
        data = host.io.write(chain, 0, id.subarray(0, Math.min(20, statusAt)));
        break;
      }
      default:
        status = S_UNSUPP;
    }
    host.io.write(chain, statusAt, Uint8Array.of(status));
    return data + 1;
  }
}
