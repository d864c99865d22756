// Random and edge-case inputs for the x87 oracle: floatx80 values of every class, memory
// operands, control and status words; building and running the oracle. Shared by
// generate.mjs and measure.mjs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPS } from './ops.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Build x87-oracle.c (statically, in a temporary directory) with every op of ops.mjs; returns the executable. */
export function buildOracle() {
  const build = mkdtempSync(join(tmpdir(), 'x87-oracle-'));
  const insns = OPS.map((o, id) => `X(${id}, ".byte ${o.bytes.map((b) => '0x' + hex(b, 2)).join(',')}", ${o.kind})`);
  writeFileSync(join(build, 'insns.h'), insns.join('\n') + '\n');
  const exe = join(build, 'x87-oracle');
  execFileSync('gcc', ['-O1', '-static', '-mno-red-zone', '-I', build, '-o', exe, join(HERE, 'x87-oracle.c')]);
  return exe;
}

/** Run the oracle on input lines, under qemu-x86_64 (QEMU 7.2) or natively; returns its output lines. */
export function runOracle(exe, input, underQemu) {
  const [cmd, args] = underQemu ? ['qemu-x86_64', ['-cpu', 'qemu64', exe]] : [exe, []];
  return execFileSync(cmd, args, { input, maxBuffer: 1 << 28 }).toString().trim().split('\n');
}
let seed = 0x2545f4914f6cdd1dn;
export function setSeed(s) {
  seed = s;
}
export function rnd64() {
  seed ^= (seed << 13n) & 0xffffffffffffffffn;
  seed ^= seed >> 7n;
  seed ^= (seed << 17n) & 0xffffffffffffffffn;
  return seed;
}
export const rnd = (n) => Number(rnd64() % BigInt(n));
export const pick = (a) => a[rnd(a.length)];
export const hex = (v, digits) => v.toString(16).padStart(digits, '0');
export const x80 = (se, sig) => hex(BigInt(se) & 0xffffn, 4) + hex(BigInt.asUintN(64, sig), 16);
const J = 1n << 63n;

/** Significand with J set: random, or only the top `bits` bits random (exact results, ties). */
function sig(bits) {
  let s = rnd64() | J;
  if (bits !== undefined) s &= ~((1n << BigInt(64 - bits)) - 1n) | J;
  return s;
}
function fewBits() {
  return pick([undefined, undefined, 1, 2, 8, 24, 25, 53, 54, 63]);
}

/** A floatx80 from every class, biased to normal numbers near 1. */
export function anyX80(center = 0x3fff, span = 70) {
  const s = rnd(2) << 15;
  const r = rnd(100);
  if (r < 50) return x80(s | Math.max(1, Math.min(0x7ffe, center + rnd(2 * span + 1) - span)), sig(fewBits()));
  if (r < 56) return x80(s | (1 + rnd(40)), sig(fewBits()));
  if (r < 62) return x80(s | (0x7ffe - rnd(40)), sig(fewBits()));
  if (r < 67) return x80(s, rnd64() >> BigInt(1 + rnd(63))); // denormal
  if (r < 70) return x80(s, sig(fewBits())); // pseudo-denormal
  if (r < 75) return x80(s, 0n);
  if (r < 79) return x80(s | 0x7fff, J);
  if (r < 83) return x80(s | 0x7fff, J | (1n << 62n) | (rnd(2) ? rnd64() >> 2n : 0n)); // QNaN
  if (r < 87) return x80(s | 0x7fff, J | ((rnd64() >> 2n) | 1n)); // SNaN
  if (r < 88) return x80(0xffff, 0xc000000000000000n);
  if (r < 92) return x80(s | (1 + rnd(0x7ffe)), rnd64() >> 1n); // unnormal
  if (r < 94) return x80(s | 0x7fff, 0n); // pseudo-infinity
  if (r < 96) return x80(s | 0x7fff, (rnd64() >> 1n) | 1n); // pseudo-NaN
  return x80(s | (0x3fff + rnd(64)), sig(1 + rnd(20))); // small integers and halves
}
export const normal = (center, span, bits) => x80((rnd(2) << 15) | Math.max(1, Math.min(0x7ffe, center + rnd(2 * span + 1) - span)), sig(bits));
export const seOf = (v) => parseInt(v.slice(0, 4), 16);
export const sigOf = (v) => BigInt('0x' + v.slice(4));

function f32() {
  const r = rnd(20);
  const s = BigInt(rnd(2)) << 31n;
  if (r === 0) return s | 0x7f800000n;
  if (r === 1) return s | 0x7fc00000n | (rnd64() & 0x3fffffn);
  if (r === 2) return s | 0x7f800000n | ((rnd64() & 0x3fffffn) | 1n);
  if (r === 3) return s | (rnd64() & 0x7fffffn);
  if (r === 4) return s;
  return s | (BigInt(1 + rnd(254)) << 23n) | (rnd64() & 0x7fffffn);
}
function f64() {
  const r = rnd(20);
  const s = BigInt(rnd(2)) << 63n;
  const frac = rnd64() & 0xfffffffffffffn;
  if (r === 0) return s | 0x7ff0000000000000n;
  if (r === 1) return s | 0x7ff8000000000000n | (frac & 0x7ffffffffffffn);
  if (r === 2) return s | 0x7ff0000000000000n | ((frac & 0x7ffffffffffffn) | 1n);
  if (r === 3) return s | frac;
  if (r === 4) return s;
  if (r < 8) return s | (BigInt(1023 + rnd(60) - 30) << 52n) | (frac & (rnd(2) ? 0xfffff00000000n : 0xfffffffffffffn));
  return s | (BigInt(1 + rnd(2046)) << 52n) | frac;
}
function int(bits) {
  const mask = (1n << BigInt(bits)) - 1n;
  const r = rnd(8);
  if (r === 0) return pick([0n, 1n, mask, 1n << BigInt(bits - 1), (1n << BigInt(bits - 1)) - 1n]);
  if (r < 4) return rnd64() & mask;
  return BigInt.asUintN(bits, BigInt(rnd(2000) - 1000) << BigInt(rnd(bits - 10)));
}
function bcd() {
  let v = 0n;
  const digits = 1 + rnd(18);
  for (let i = 0; i < 9; i++) {
    let b = i * 2 < digits ? BigInt(rnd(10) | (rnd(10) << 4)) : 0n;
    if (rnd(30) === 0) b = BigInt(rnd(256)); // invalid digits
    v |= b << BigInt(8 * i);
  }
  return v | (BigInt(rnd(2) ? 0x80 : rnd(4) === 0 ? rnd(256) : 0) << 72n);
}

/** Values for FIST/FRNDINT/FBSTP: around integers of every size. */
function intLike() {
  if (rnd(6) === 0) return anyX80();
  const e = 0x3fff + rnd(70) - 4;
  let s = sig();
  if (rnd(3) === 0) s = (s >> 60n) << 60n | (rnd(2) ? 1n << 59n : 0n); // exact halves
  return x80((rnd(2) << 15) | e, s);
}

// Inputs per generator: [st0, st1, st2] (undefined = filler) and memory value.
export const FILL = ['c0048000000000000000', '40009000000000000000', 'bffe8000000000000000', '3fff8000000000000000', 'c000c000000000000000', '4005c800000000000000', '3ffdaaaaaaaaaaaaaaab', '12345678123456781234'];

export function genInputs(o) {
  const st = [];
  const a = () => anyX80();
  switch (o.gen) {
    case 'pair': {
      let x = a();
      let y = a();
      const r = rnd(8);
      if (r === 0) y = x80(seOf(x) ^ 0x8000, sigOf(x) + BigInt(rnd(5)) - 2n); // cancellation
      else if (r === 1) y = x80((seOf(x) & 0x8000) | Math.max(1, (seOf(x) & 0x7fff) - rnd(80)), sig(fewBits()));
      else if (r === 2) {
        // Results near the ends of the exponent range: products, quotients and sums that
        // overflow, underflow into denormals (at every precision) or just miss doing so.
        const e = pick([0x2000, 0x5fff, 0x1fe0, 0x6010, 1, 2, 64]);
        x = normal(e, 8, fewBits());
        y = e === 1 || e === 2 || e === 64 ? normal(rnd(2) ? e : 0x3fff + 64, 8, fewBits()) : normal(e, 8, fewBits());
      }
      st.push(x, y);
      break;
    }
    case 'pair02': {
      const x = a();
      st.push(x, anyX80(), rnd(4) ? anyX80() : x80(seOf(x) ^ 0x8000, sigOf(x)));
      break;
    }
    case 'narrow': {
      // Around the float32/float64 range limits and precisions.
      const r = rnd(5);
      if (r === 0) st.push(normal(0x3fff - 126, 30));
      else if (r === 1) st.push(normal(0x3fff - 1022, 60));
      else if (r === 2) st.push(normal(0x3fff + 127, 4));
      else if (r === 3) st.push(normal(0x3fff + 1023, 4));
      else st.push(a());
      break;
    }
    case 'int':
    case 'bcd':
      st.push(intLike());
      break;
    case 'sqrt':
      if (rnd(5) === 0) {
        // A perfect square: exact root.
        const r = (rnd64() >> 32n) | 1n;
        const sq = r * r;
        const bits = sq.toString(2).length;
        st.push(x80(0x3fff + rnd(200) - 100, sq << BigInt(64 - bits)));
      } else {
        st.push(rnd(8) === 0 ? a() : x80(rnd(10) === 0 ? 0x8000 | (1 + rnd(0x7ffd)) : 1 + rnd(0x7ffd), sig(fewBits())));
      }
      break;
    case 'scale': {
      st.push(a());
      const r = rnd(6);
      if (r < 4) st.push(x80((rnd(2) << 15) | (0x3fff + rnd(15)), sig(rnd(2) ? undefined : 8)));
      else if (r === 4) st.push(x80((rnd(2) << 15) | (0x400c + rnd(8)), sig()));
      else st.push(a());
      break;
    }
    case 'rem': {
      const y = rnd(8) === 0 ? a() : normal(0x3fff, 40, fewBits());
      const d = pick([0, 0, 1, 2, 5, 20, 31, 32, 63, 64, 65, 90, 200, -1, -2, -5]);
      const x = rnd(8) === 0 ? a() : x80((rnd(2) << 15) | Math.max(1, Math.min(0x7ffe, (seOf(y) & 0x7fff) + d)), sig(fewBits()));
      st.push(x, y);
      break;
    }
    case 'f2xm1':
      st.push(rnd(10) === 0 ? a() : normal(0x3ffe, 12, fewBits()));
      if (rnd(12) === 0) st[0] = x80((rnd(2) << 15) | (0x3fb0 - rnd(40)), sig());
      break;
    case 'fyl2x': {
      let x = rnd(10) === 0 ? a() : x80(Math.max(1, 0x3fff + rnd(40) - 20), sig(fewBits()));
      if (rnd(8) === 0) x = x80(0x3fff, J | BigInt(rnd(3))); // near 1
      if (rnd(10) === 0) x = x80(0x3ffe, ~0n - BigInt(rnd(3)));
      st.push(x, rnd(8) === 0 ? a() : normal(0x3fff, 20));
      break;
    }
    case 'fyl2xp1':
      st.push(rnd(10) === 0 ? a() : normal(0x3ffd - rnd(3) - (rnd(6) === 0 ? 60 : 0), rnd(2) ? 0 : 10, fewBits()));
      st.push(rnd(8) === 0 ? a() : normal(0x3fff, 20));
      break;
    case 'trig':
      st.push(rnd(8) === 0 ? a() : rnd(6) === 0 ? normal(0x3fff + 62, 3) : normal(0x3fff, 30, fewBits()));
      break;
    case 'flags':
      st.push(a());
      break;
    case 'cmov':
      st.push(a(), a());
      break;
    default:
      for (let i = 0; i < o.regs; i++) st.push(a());
  }
  while (st.length < 3) st.push(undefined);
  let mem = 0n;
  switch (o.mem) {
    case 'f32': mem = f32(); break;
    case 'f64': mem = f64(); break;
    case 'f80': mem = sigOf(anyX80()) | (BigInt(seOf(anyX80())) << 64n); break;
    case 'i16': mem = int(16); break;
    case 'i32': mem = int(32); break;
    case 'i64': mem = int(64); break;
    case 'bcd': mem = bcd(); break;
    case 'cw': mem = BigInt(rnd(0x10000)); break;
  }
  return { st, mem };
}
export const MEM_BYTES = { f32: 4, f64: 8, f80: 10, i16: 2, i32: 4, i64: 8, bcd: 10, cw: 2 };

/** Control word: all rounding controls and precisions (including the reserved 1), sometimes unmasked. */
export function genCw(o) {
  const pc = pick([0, 2, 3, 3, 3, 1]);
  const rc = rnd(4);
  let masks = 0x3f;
  if (rnd(5) === 0) masks = rnd(64);
  return 0x40 | masks | (pc << 8) | (rc << 10);
}
export function genSw(o, cw) {
  let sw = 0;
  if (rnd(4) === 0) sw |= pick([0x0200, 0x0100, 0x4500, 0x0400, 0x4700]);
  if (rnd(4) === 0) sw |= rnd(64) & cw & 0x3f; // sticky flags that are masked
  if (o.gen === 'flags') sw = (rnd(0x10000) & 0x477f) | 0x80; // FNCLEX/FNSTSW see everything
  return sw;
}

export const PATTERN = Array.from({ length: 32 }, (_, i) => (0xa5 ^ (i * 7)) & 0xff);
export function memHex(value, size) {
  const b = PATTERN.slice();
  for (let i = 0; i < size; i++) b[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return b.map((x) => hex(x, 2)).join('');
}

