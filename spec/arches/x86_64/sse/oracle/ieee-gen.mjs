// Regenerates ../ieee-vectors.generated.ts: dense scalar vectors for the arithmetic the SSE
// module implements itself (rounding in every direction, DAZ, FZ, flags, NaN payloads,
// conversion limits): one instruction per operation on XMM0/XMM1 (or RCX/RAX), operands chosen
// at random around the edges, run under QEMU 7.2 and on the host by insn-oracle.c and merged by
// harness.mjs's policy (QEMU's results and flags, the host's DE). Every exception is masked
// here; unmasked ones are covered by insn-gen.mjs's rows.
// Usage (from this directory, after `npx tsc -p ../../../../../tsconfig.json`):
//   gcc -O1 -static insn-oracle.c -o /tmp/insn-oracle
//   node ieee-gen.mjs /tmp/insn-oracle
import { writeFileSync } from 'node:fs';
import { initialState, applyOverrides } from '../../../../../dist/spec/arches/x86_64/sse/helpers/vector-state.js';
import { cpuName, hex, mergeOutcome, oracleLine, runBoth, summarize } from './harness.mjs';
import { IEEE_OPS, IEEE_SEED } from '../../../../../dist/spec/arches/x86_64/sse/helpers/ieee-ops.js';

const oracle = process.argv[2];
if (!oracle) throw new Error('usage: node ieee-gen.mjs <insn-oracle binary>');

let seed = 0x1eee7531n;
function rnd64() {
  seed ^= (seed << 13n) & 0xffffffffffffffffn;
  seed ^= seed >> 7n;
  seed ^= (seed << 17n) & 0xffffffffffffffffn;
  return seed;
}
const below = (n) => Number(rnd64() % BigInt(n));
const pick = (a) => a[below(a.length)];

const S_SPECIAL = [
  0n, 0x80000000n, 0x7f800000n, 0xff800000n, 0x7fc00000n, 0xffc00000n, 0x7fc01234n, 0xffa00001n, 0x7f800001n,
  1n, 0x80000001n, 0x007fffffn, 0x00800000n, 0x80800000n, 0x7f7fffffn, 0xff7fffffn, 0x3f800000n, 0x3f800001n,
  0x3f7fffffn, 0x3f000000n, 0x3fc00000n, 0x40200000n, 0xbfc00000n, 0xbf000000n, 0x4effffffn, 0x4f000000n,
  0xcf000000n, 0xcf000001n, 0x5effffffn, 0x5f000000n, 0xdf000000n, 0xdf000001n, 0x4b800001n,
];
const D_SPECIAL = [
  0n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n, 0xfff8000000000000n,
  0x7ff8000000001234n, 0xfff4000000000001n, 0x7ff0000000000001n, 1n, 0x8000000000000001n, 0x000fffffffffffffn,
  0x0010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn, 0x3ff0000000000000n, 0x3ff0000000000001n,
  0x3fefffffffffffffn, 0x3fe0000000000000n, 0x3ff8000000000000n, 0xbff8000000000000n, 0x4004000000000000n,
  0x41dfffffffc00000n, 0x41dfffffffe00000n, 0x41e0000000000000n, 0xc1e0000000000000n, 0xc1e0000000200000n,
  0xc1e0000000100000n, 0x43dfffffffffffffn, 0x43e0000000000000n, 0xc3e0000000000000n, 0xc3e0000000000001n,
  0x380fffffe0000000n, 0x380ffffff0000000n, 0x36a0000000000000n, 0x47efffffe0000000n, 0x47efffffefffffffn,
  0x47efffffffffffffn, 0x3690000000000000n,
];

function randSingle(bias = 0, span = 20) {
  const r = below(10);
  if (r === 0) return pick(S_SPECIAL);
  const sign = BigInt(below(2)) << 31n;
  let e;
  if (r === 1) e = below(30);
  else if (r === 2) e = 254 - below(30);
  else e = Math.max(0, Math.min(254, 127 + bias + below(2 * span + 1) - span));
  let m = rnd64() & 0x7fffffn;
  if (below(3) === 0) m &= 0x7ff000n;
  return sign | (BigInt(e) << 23n) | m;
}
function randDouble(bias = 0, span = 40) {
  const r = below(10);
  if (r === 0) return pick(D_SPECIAL);
  const sign = BigInt(below(2)) << 63n;
  let e;
  if (r === 1) e = below(60);
  else if (r === 2) e = 2046 - below(60);
  else e = Math.max(0, Math.min(2046, 1023 + bias + below(2 * span + 1) - span));
  let m = rnd64() & 0xfffffffffffffn;
  if (below(3) === 0) m &= (0xffffff0000000n << BigInt(below(24))) & 0xfffffffffffffn;
  return sign | (BigInt(e) << 52n) | m;
}
function randInt(bits) {
  const r = below(6);
  const mask = (1n << BigInt(bits)) - 1n;
  if (r === 0) return pick([0n, 1n, mask, mask >> 1n, 1n << BigInt(bits - 1), (1n << 24n) + 1n, (1n << 53n) + 1n, 16777217n, 0x7fffffc0n]) & mask;
  if (r === 1) return BigInt.asUintN(bits, BigInt(below(2000) - 1000));
  if (r === 2) return (rnd64() >> BigInt(below(60))) & mask;
  return rnd64() & mask;
}

/** Operands for an operation kind: [a, b] as BigInt bit patterns. */
function operands(op) {
  const s = op.size === 64;
  const num = (bias, span) => (s ? randDouble(bias, span) : randSingle(bias, span));
  let a = num(0, s ? 40 : 20);
  let b = num(0, s ? 40 : 20);
  switch (op.kind) {
    case 'bin':
      if (below(4) === 0) b = (a ^ (1n << BigInt(op.size - 1))) + BigInt(below(5)) - 2n; // cancellation
      if (op.name.startsWith('mul') && below(3) === 0) {
        a = num(s ? -500 : -60, 10);
        b = num(s ? -530 : -70, 10); // underflow
      } else if (op.name.startsWith('mul') && below(4) === 0) {
        a = num(s ? 500 : 60, 10);
        b = num(s ? 515 : 70, 10); // overflow
      } else if (op.name.startsWith('div') && below(3) === 0) {
        b = num(s ? 600 : 70, 20);
      }
      break;
    case 'narrow':
      b = below(2) ? randDouble(below(2) ? -130 : 127, 6) : randDouble(0, 140);
      break;
    case 'toint':
      b = below(2) ? num(below(2) ? 30 : s ? 62 : 30, 2) : num(0, 8);
      break;
    case 'fromint':
      b = randInt(op.intBits);
      break;
    default:
  }
  return [BigInt.asUintN(op.size, a), BigInt.asUintN(op.size === 64 || op.kind === 'fromint' ? 64 : op.size, b)];
}

function mxcsr() {
  const rc = below(4) << 13;
  const dz = pick([0, 0, 0x40, 0x8000, 0x8040]);
  return (0x1f80 | rc | dz | (below(4) === 0 ? 0x20 : 0)) >>> 0;
}

const words = (v) => [Number(v & 0xffffffffn), Number(v >> 32n)];
const rows = [];
for (const op of IEEE_OPS) {
  for (let i = 0; i < (op.count ?? 300); i++) {
    const [a, b] = operands(op);
    const mx = mxcsr();
    const [alo, ahi] = words(a);
    const [blo, bhi] = words(b);
    const overrides = [`x0=${hex(alo)},${hex(ahi)},0,0`, `x1=${hex(blo)},${hex(bhi)},0,0`, `g1=${hex(bhi)}:${hex(blo)}`];
    rows.push({ op, a, b, mx, overrides });
  }
}
const lines = rows.map((r, i) => {
  const s = initialState(IEEE_SEED);
  applyOverrides(s, r.overrides);
  r.state = s;
  return oracleLine(i, r.op.bytes, 0, s, r.mx);
});
const [qemu, host] = runBoth(oracle, lines);

const notes = new Map();
const out = rows.map((r, i) => {
  const [m, note] = mergeOutcome(qemu[i], host[i], false, r.mx);
  if (note) notes.set(`${r.op.name}: ${note}`, (notes.get(`${r.op.name}: ${note}`) ?? 0) + 1);
  if (m.outcome !== 'OK') throw new Error(`${r.op.name} row ${i}: ${m.outcome}`);
  const big = (lo, hi) => ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16);
  let res;
  switch (r.op.out) {
    case 'x32':
      res = hex(m.xmm[0][0]);
      break;
    case 'x64':
      res = big(m.xmm[0][0], m.xmm[0][1]);
      break;
    case 'g':
      res = big(m.gpr[0][0], m.gpr[0][1]);
      break;
    default:
      res = hex(m.rflags & 0x8d5);
  }
  const operand = (v, w) => BigInt.asUintN(w, v).toString(16);
  return `${r.op.name} ${hex(r.mx)} ${operand(r.a, r.op.size)} ${operand(r.b, r.op.size === 64 || r.op.kind === 'fromint' ? 64 : 32)} ${res} ${hex(m.mxcsr)}`;
});

const text = `/**
 * GENERATED by spec/arches/x86_64/sse/oracle/ieee-gen.mjs: do not edit.
 * Each row: "op mxcsr a b result mxcsr-after" (hex). The operation runs on XMM0 (a, low lane)
 * and XMM1 (b) or RCX (b, integer sources); the result is XMM0's low lane, RAX (integer
 * results) or RFLAGS & 0x8d5 (COMIS/UCOMIS), as ieee-ops.mjs describes. Obtained under
 * qemu-x86_64 -cpu qemu64 (Debian QEMU 7.2.22) and on the host CPU (${cpuName()}), merged:
 * QEMU's results and flags, the host's MXCSR.DE. Disagreements:
${summarize(notes).join('\n')}
 * @module
 */
export const SSE_IEEE_VECTORS: readonly string[] = [
${out.map((l) => `  '${l}',`).join('\n')}
];
`;
writeFileSync(new URL('../ieee-vectors.generated.ts', import.meta.url), text);
console.log(`${out.length} rows`);
