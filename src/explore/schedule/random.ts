/**
 * A small seeded pseudo-random stream for schedule perturbations. Counter based: value k of
 * stream (seed, lane) is a 32-bit integer hash of (seed, lane, k), so streams of different lanes
 * never interfere and the sequence depends on nothing but the seed. Not for cryptography.
 */
export class SeededRandom {
  private counter = 0;
  private readonly key: number;

  constructor(seed: number, lane: number) {
    this.key = mix(mix(seed >>> 0) ^ Math.imul(lane + 1, 0x9e3779b9));
  }

  /** The next unsigned 32-bit value. */
  next32(): number {
    return mix(this.key ^ Math.imul(++this.counter, 0x85ebca6b)) >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.next32() >>> 5; // 27 bits
    const lo = this.next32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n] (n ≥ 0, up to 2^53). */
  intInclusive(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.nextFloat() * (n + 1));
  }
}

/** A 32-bit avalanche mix (xor-shift-multiply rounds). */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) | 0;
}
