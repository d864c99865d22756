/**
 * Deterministic initial register contents for the single-instruction differential tests:
 * the generator (oracle/insn-gen.mjs, run against qemu-aarch64) and the spec derive the same
 * X0..X7 and V0..V7 from a seed, so the recorded vectors only store the seed.
 */

/** xorshift32 stream. */
class Rng {
  constructor(private s: number) {
    if (this.s === 0) this.s = 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

const F32_SPECIAL = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x00000001, 0x00800000, 0x7f7fffff, 0x40490fdb, 0x3effffff, 0x4b000000, 0xcf000000];
const F64_HI_SPECIAL = [0x00000000, 0x80000000, 0x3ff00000, 0xbff00000, 0x7ff00000, 0xfff00000, 0x7ff80000, 0x7ff00000, 0x00000000, 0x00100000, 0x7fefffff, 0x400921fb, 0x43300000, 0xc3e00000];
const INT_SPECIAL = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x7f7f7f7f, 0x80808080, 0x00ff00ff, 0xffff0000, 0x7fff8000, 0x01020304];

/** One 32-bit word of "interesting" data. */
function word(r: Rng, style: number): number {
  switch (style) {
    case 0:
      return r.next();
    case 1:
      return INT_SPECIAL[r.below(INT_SPECIAL.length)];
    case 2: {
      // single-precision numbers of moderate magnitude, some special
      if (r.below(5) === 0) return F32_SPECIAL[r.below(F32_SPECIAL.length)];
      const e = 127 + r.below(40) - 20;
      return ((r.below(2) << 31) | (e << 23) | (r.next() & 0x7fffff)) >>> 0;
    }
    default:
      // small integers, mixed signs
      return (r.below(2) ? r.below(300) : -r.below(300)) >>> 0;
  }
}

export interface VectorState {
  x: bigint[];
  v: [bigint, bigint][];
}

/** Registers for `seed`; with `mem`, X0 points into the mock buffer and X1..X3 are small offsets. */
export function initialState(seed: number, mem: boolean): VectorState {
  const r = new Rng(seed);
  const x: bigint[] = [];
  for (let i = 0; i < 8; i++) {
    const lo = word(r, r.below(4));
    const hi = r.below(2) ? word(r, 0) : (lo | 0) < 0 ? 0xffffffff : 0;
    x.push((BigInt(hi) << 32n) | BigInt(lo));
  }
  if (mem) {
    x[0] = BigInt(0x1000 + 64 + 16 * r.below(8) + (r.below(3) === 0 ? r.below(16) : 0));
    for (let i = 1; i < 4; i++) x[i] = BigInt(r.below(64));
  }
  const v: [bigint, bigint][] = [];
  for (let i = 0; i < 8; i++) {
    const style = r.below(5);
    const w: number[] = [];
    if (style === 4) {
      // double-precision lanes
      for (let k = 0; k < 2; k++) {
        if (r.below(5) === 0) {
          w.push(r.below(2) ? 0 : 1, F64_HI_SPECIAL[r.below(F64_HI_SPECIAL.length)]);
        } else {
          const e = 1023 + r.below(60) - 30;
          w.push(r.next(), ((r.below(2) << 31) | (e << 20) | (r.next() & 0xfffff)) >>> 0);
        }
      }
    } else for (let k = 0; k < 4; k++) w.push(word(r, style));
    v.push([(BigInt(w[1]) << 32n) | BigInt(w[0]), (BigInt(w[3]) << 32n) | BigInt(w[2])]);
  }
  return { x, v };
}

/** Initial contents of the 512-byte memory buffer at 0x1000. */
export function memByte(i: number): number {
  return (i * 37 + 11) & 255;
}
