import type { SavedState } from '../../src/api/index.js';
import type { BackendHost, VirtioBackend } from './backend.js';
import { DEVICE_ID } from './registers.js';

/** Largest buffer the device fills per request; the driver gets fewer bytes and asks again. */
const MAX_FILL = 64 * 1024;

/**
 * virtio-rng (entropy device, §5.4): fills each writable buffer of the request queue with bytes
 * from a seeded xoshiro128** generator, so runs repeat exactly. Not a source of real entropy.
 */
export class RngBackend implements VirtioBackend {
  readonly deviceId = DEVICE_ID.rng;
  readonly features = 0;
  readonly queueCount = 1;
  readonly queueSizeMax = 64;
  private readonly state = new Uint32Array(4);
  private readonly buffer = new Uint8Array(4096);

  constructor(private readonly seed: number) {
    this.reseed();
  }

  /** The generator's four state words. */
  save(): SavedState {
    return { state: Array.from(this.state) };
  }

  restore(saved: SavedState): void {
    this.state.set(saved.state as number[]);
  }

  /** splitmix32 spreads the seed over the four state words (never all zero). */
  private reseed(): void {
    let x = this.seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.state[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  private next(): number {
    const s = this.state;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  config(): Uint8Array {
    return new Uint8Array(0);
  }

  /** The generator keeps running across device resets: a reset guest does not see old bytes again. */
  reset(): void {}

  process(queue: number, host: BackendHost): void {
    const q = host.queue(queue);
    for (let chain = q.pop(); chain; chain = q.pop()) {
      const want = Math.min(chain.writableLength, MAX_FILL);
      let done = 0;
      while (done < want) {
        const n = Math.min(this.buffer.length, want - done);
        for (let i = 0; i < n; i += 4) {
          const r = this.next();
          for (let k = 0; k < 4 && i + k < n; k++) this.buffer[i + k] = (r >>> (8 * k)) & 0xff;
        }
        done += host.io.write(chain, done, this.buffer.subarray(0, n));
      }
      host.complete(queue, chain, done);
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
