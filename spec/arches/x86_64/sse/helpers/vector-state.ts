/**
 * Deterministic initial machine state for the single-instruction differential tests of the SSE
 * module: the generator (oracle/insn-gen.mjs, run under QEMU and on the host) and the spec derive
 * the same XMM, MMX/x87, GPR, RFLAGS and memory contents from a seed, so a recorded vector
 * stores only the seed, optional overrides, and the changes.
 */

/** xorshift32 stream. */
export class Rng {
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

/** Singles that matter: zeros, infinities, NaNs with payloads, denormals, limits, ties, conversion edges. */
export const F32_SPECIAL = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345, 0xffe00001, 0x7f800001,
  0xff812345, 0x7fbfffff, 0x00000001, 0x80000001, 0x007fffff, 0x00400000, 0x00800000, 0x80800000, 0x00ffffff,
  0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff, 0x3fc00000, 0x40200000, 0xbfc00000,
  0x3f000000, 0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x5effffff, 0x5f000000, 0xdf000000, 0x4b800001,
  0x33800000, 0x0d800000, 0x72800000, 0x1f800000,
];
/** Doubles that matter (hi, lo). */
export const F64_SPECIAL: [number, number][] = [
  [0, 0], [0x80000000, 0], [0x7ff00000, 0], [0xfff00000, 0], [0x7ff80000, 0], [0xfff80000, 0],
  [0x7ff81234, 0x5678], [0xfffc0000, 1], [0x7ff00000, 1], [0xfff01234, 0], [0x7ff7ffff, 0xffffffff],
  [0, 1], [0x80000000, 1], [0x000fffff, 0xffffffff], [0x00080000, 0], [0x00100000, 0], [0x80100000, 0],
  [0x7fefffff, 0xffffffff], [0xffefffff, 0xffffffff], [0x3ff00000, 0], [0xbff00000, 0], [0x3ff00000, 1],
  [0x3fefffff, 0xffffffff], [0x3ff80000, 0], [0x40040000, 0], [0xc0040000, 0], [0x41dfffff, 0xffc00000],
  [0x41dfffff, 0xffe00000], [0x41e00000, 0], [0xc1e00000, 0], [0xc1e00000, 0x00100000], [0xc1e00000, 0x00200000],
  [0x43dfffff, 0xffffffff], [0x43e00000, 0], [0xc3e00000, 0], [0x43400000, 1], [0x36a00000, 0], [0x380fffff, 0xf0000000],
  [0x47efffff, 0xe0000000], [0x47efffff, 0xf0000000], [0x36900000, 0], [0x7fe00000, 0],
];
const INT_SPECIAL = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x7f7f7f7f, 0x80808080, 0x00ff00ff, 0xffff0000, 0x7fff8000, 0x01020304, 0x8000ffff];

function f32Word(r: Rng): number {
  const k = r.below(10);
  if (k < 3) return F32_SPECIAL[r.below(F32_SPECIAL.length)];
  const sign = r.below(2) << 31;
  let e: number;
  if (k === 3) e = r.below(8); // tiny and denormal
  else if (k === 4) e = 254 - r.below(8); // huge
  else if (k === 5) e = 127 + 20 + r.below(20); // integer range, conversion limits
  else e = 127 + r.below(30) - 15;
  let m = r.next() & 0x7fffff;
  if (r.below(3) === 0) m &= 0x7ff000; // few significant bits: exact results, ties
  return (sign | (e << 23) | m) >>> 0;
}

function f64Words(r: Rng): [number, number] {
  const k = r.below(10);
  if (k < 3) {
    const [hi, lo] = F64_SPECIAL[r.below(F64_SPECIAL.length)];
    return [lo >>> 0, hi >>> 0];
  }
  const sign = r.below(2) << 31;
  let e: number;
  if (k === 3) e = r.below(8);
  else if (k === 4) e = 2046 - r.below(8);
  else if (k === 5) e = 1023 + 20 + r.below(45);
  else if (k === 6) e = 1023 - 126 - r.below(30); // around the single-precision limits (CVTSD2SS)
  else e = 1023 + r.below(40) - 20;
  let hiM = r.next() & 0xfffff;
  let lo = r.next();
  if (r.below(3) === 0) {
    lo &= 0xe0000000; // fits a single, or nearly: exact narrowing and ties
    if (r.below(2) === 0) hiM &= 0xfff00;
  }
  return [lo >>> 0, (sign | (e << 20) | hiM) >>> 0];
}

function intWord(r: Rng): number {
  const k = r.below(4);
  if (k === 0) return INT_SPECIAL[r.below(INT_SPECIAL.length)];
  if (k === 1) return (r.below(2) ? r.below(300) : -r.below(300)) >>> 0;
  return r.next();
}

/** One 128-bit register in a random style: singles, doubles, integers or bytes. */
function xmmValue(r: Rng): number[] {
  const style = r.below(6);
  if (style <= 1) return [f32Word(r), f32Word(r), f32Word(r), f32Word(r)];
  if (style <= 3) return [...f64Words(r), ...f64Words(r)];
  return [intWord(r), intWord(r), intWord(r), intWord(r)];
}

/** A related value: the same lanes, negated, nudged by an ulp or with a lane swapped. */
function related(r: Rng, v: number[]): number[] {
  const w = v.slice();
  switch (r.below(5)) {
    case 0:
      return w.map((x) => (x ^ 0x80000000) >>> 0);
    case 1:
      return w.map((x, i) => (i % 2 === 0 ? (x + r.below(3) - 1) >>> 0 : x));
    case 2:
      return w.map((x, i) => (i % 2 === 1 ? (x ^ 0x80000000) >>> 0 : (x + r.below(3) - 1) >>> 0));
    case 3:
      return w;
    default:
      w[r.below(4)] = f32Word(r);
      return w;
  }
}

export interface X87Reg {
  /** Significand (MMX value) bits 31:0 and 63:32. */
  lo: number;
  hi: number;
  /** Sign and exponent. */
  exp: number;
}

export interface VectorState {
  /** XMM0..15, four words each. */
  xmm: number[][];
  /** Physical x87 registers R0..R7 (MMi is the significand of Ri). */
  fpr: X87Reg[];
  /** x87 TOP and the abridged tag byte (bit i: Ri not empty). */
  top: number;
  tags: number;
  /** GPR pairs [lo, hi] in encoding order; RBX and RDI point into the mock buffer. */
  gpr: [number, number][];
  /** RFLAGS (arithmetic flags and bit 1). */
  rflags: number;
  /** The 512 bytes of the mock buffer at {@link MOCK_BASE}. */
  mem: number[];
}

/** Where the memory operands live in the mock and (relocated) in the oracle. */
export const MOCK_BASE = 0x1000;
export const MOCK_SIZE = 512;

/** State for `seed`. RBX is the memory base register of the generated forms, RDI the MASKMOV address. */
export function initialState(seed: number): VectorState {
  const r = new Rng(seed);
  const xmm: number[][] = [];
  for (let i = 0; i < 16; i++) xmm.push(i % 2 === 1 && r.below(3) !== 0 ? related(r, xmm[i - 1]) : xmmValue(r));
  const fpr: X87Reg[] = [];
  for (let i = 0; i < 8; i++) {
    const v = xmmValue(r);
    fpr.push({ lo: v[0], hi: v[1], exp: r.below(3) === 0 ? 0xffff : r.next() & 0xffff });
  }
  const top = r.below(8);
  const tags = r.below(2) ? 0xff : r.next() & 0xff;
  const gpr: [number, number][] = [];
  for (let i = 0; i < 16; i++) {
    const lo = intWord(r);
    const hi = r.below(2) ? r.next() : (lo | 0) < 0 ? 0xffffffff : 0;
    gpr.push([lo >>> 0, hi >>> 0]);
  }
  // RBX: 16-byte aligned mostly, sometimes not (the forms add a displacement that keeps it aligned or not).
  gpr[3] = [MOCK_BASE + 128 + 16 * r.below(8) + (r.below(4) === 0 ? 1 + r.below(15) : 0), 0];
  gpr[4] = [0, 0]; // RSP is the harness's
  gpr[7] = [MOCK_BASE + 64 + r.below(128), 0];
  const rflags = 0x2 | (r.next() & 0x8d5);
  const mem: number[] = [];
  for (let i = 0; i < MOCK_SIZE; i += 16) {
    const v = xmmValue(r);
    for (const w of v) for (let b = 0; b < 4; b++) mem.push((w >>> (8 * b)) & 0xff);
  }
  return { xmm, fpr, top, tags, gpr, rflags, mem };
}

/**
 * Apply row overrides: `x<n>=w0,w1,w2,w3` (hex words of XMMn), `m<off>=w0,...` (hex words at
 * buffer offset off), `g<n>=hi:lo`.
 */
export function applyOverrides(s: VectorState, overrides: string[]): void {
  for (const o of overrides) {
    const [k, v] = o.split('=');
    if (k[0] === 'x') s.xmm[Number(k.slice(1))] = v.split(',').map((w) => parseInt(w, 16) >>> 0);
    else if (k[0] === 'm') {
      const off = parseInt(k.slice(1), 16);
      v.split(',').forEach((w, i) => {
        const x = parseInt(w, 16) >>> 0;
        for (let b = 0; b < 4; b++) s.mem[off + 4 * i + b] = (x >>> (8 * b)) & 0xff;
      });
    } else if (k[0] === 'g') {
      const [hi, lo] = v.split(':').map((w) => parseInt(w, 16) >>> 0);
      s.gpr[Number(k.slice(1))] = [lo, hi];
    }
  }
}
