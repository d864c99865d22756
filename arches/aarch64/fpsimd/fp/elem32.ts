/**
 * Single-precision element operations on the V register file. Element index i addresses
 * vf32[i] = vregs[i]. NaN operands are detected on the number and resolved on the bits
 * (reading a signalling NaN through Float32Array quiets it on the host).
 * @module
 */
import type { A64FpHost } from '../../fpsimd-contract.js';
import { FPCR_FZ, FPSR_IOC, type FpEnv } from '../ieee/fp-env.js';
import { add32, div32, flush32, mul32, mulAdd32, sqrt32, sub32 } from '../ieee/arith32.js';
import { fmax, fmin } from '../ieee/minmax.js';
import { frint } from '../ieee/convert.js';
import { DEFAULT_NAN32, isNaN32, isSNaN32, processNaN32, processNaNs3_32, processNaNs32 } from '../ieee/nan.js';
import { recipEstimate, rsqrtEstimate } from '../ieee/estimate.js';
import * as O from './ops.js';

/** Store a number result; NaN stands for the default NaN. */
export function put32(cpu: A64FpHost, i: number, r: number): void {
  if (r === r) cpu.vf32[i] = r;
  else cpu.vregs[i] = DEFAULT_NAN32;
}

/** Binary operation `op` (ops.ts FOP_*) on elements n and m into d. */
export function bin32(op: number, cpu: A64FpHost, d: number, n: number, m: number): void {
  const f = cpu.vf32;
  const a = f[n];
  const b = f[m];
  const env: FpEnv = cpu;
  if (a !== a || b !== b) {
    binNaN32(op, cpu, d, n, m, a, b);
    return;
  }
  let r: number;
  switch (op) {
    case O.FOP_ADD:
      r = add32(a, b, env);
      break;
    case O.FOP_SUB:
      r = sub32(a, b, env);
      break;
    case O.FOP_MUL:
      r = mul32(a, b, env);
      break;
    case O.FOP_DIV:
      r = div32(a, b, env);
      break;
    case O.FOP_MAX:
    case O.FOP_MAXNM:
      r = fmax(a, b, false, env);
      break;
    case O.FOP_MIN:
    case O.FOP_MINNM:
      r = fmin(a, b, false, env);
      break;
    case O.FOP_NMUL:
      r = mul32(a, b, env);
      if (r !== r) {
        cpu.vregs[d] = (DEFAULT_NAN32 | 0x80000000) >>> 0;
        return;
      }
      r = -r;
      break;
    case O.FOP_ABD:
      r = Math.abs(sub32(a, b, env));
      break;
    case O.FOP_MULX:
      if ((a === 0 && (b === Infinity || b === -Infinity)) || (b === 0 && (a === Infinity || a === -Infinity))) {
        r = (a < 0 || 1 / a < 0) !== (b < 0 || 1 / b < 0) ? -2 : 2;
      } else r = mul32(a, b, env);
      break;
    case O.FOP_RECPS:
      r = stepFused(2, a, b, env);
      break;
    case O.FOP_RSQRTS:
      r = stepFused(3, a, b, env);
      if (r === r && r !== Infinity && r !== -Infinity) r = mul32(r, 0.5, env);
      break;
    default:
      cmp32(op, cpu, d, a, b);
      return;
  }
  put32(cpu, d, r);
}

function stepFused(k: number, a: number, b: number, env: FpEnv): number {
  const ai = a === Infinity || a === -Infinity;
  const bi = b === Infinity || b === -Infinity;
  if ((ai && b === 0) || (bi && a === 0)) return k;
  return mulAdd32(k, -a, b, env);
}

function cmp32(op: number, cpu: A64FpHost, d: number, a: number, b: number): void {
  if ((cpu.fpcr & FPCR_FZ) !== 0) {
    a = flush32(a, cpu);
    b = flush32(b, cpu);
  }
  let t: boolean;
  switch (op) {
    case O.FOP_CMEQ:
      t = a === b;
      break;
    case O.FOP_CMGE:
      t = a >= b;
      break;
    case O.FOP_CMGT:
      t = a > b;
      break;
    case O.FOP_ACGE:
      t = Math.abs(a) >= Math.abs(b);
      break;
    default:
      t = Math.abs(a) > Math.abs(b);
  }
  cpu.vregs[d] = t ? 0xffffffff : 0;
}

/** FPUnpack raises IDC for a denormal operand under FZ even when another operand is a NaN. */
function idc32(cpu: A64FpHost, x: number): void {
  if ((cpu.fpcr & FPCR_FZ) !== 0 && x === x) flush32(x, cpu);
}

function binNaN32(op: number, cpu: A64FpHost, d: number, n: number, m: number, a: number, b: number): void {
  const v = cpu.vregs;
  idc32(cpu, a);
  idc32(cpu, b);
  const x = v[n];
  const y = v[m];
  if (op >= O.FOP_CMEQ) {
    if (op !== O.FOP_CMEQ || isSNaN32(x) || isSNaN32(y)) cpu.fpsr |= FPSR_IOC;
    v[d] = 0;
    return;
  }
  if (op === O.FOP_MAXNM || op === O.FOP_MINNM) {
    const qa = isNaN32(x) && !isSNaN32(x);
    const qb = isNaN32(y) && !isSNaN32(y);
    if (qa && b === b) {
      put32(cpu, d, op === O.FOP_MAXNM ? fmax(-Infinity, b, false, cpu) : fmin(Infinity, b, false, cpu));
      return;
    }
    if (qb && a === a) {
      put32(cpu, d, op === O.FOP_MAXNM ? fmax(a, -Infinity, false, cpu) : fmin(a, Infinity, false, cpu));
      return;
    }
  }
  // FRECPS/FRSQRTS negate the first operand before NaN processing.
  const xn = op === O.FOP_RECPS || op === O.FOP_RSQRTS ? (x ^ 0x80000000) >>> 0 : x;
  let r = processNaNs32(xn, y, cpu);
  if (op === O.FOP_NMUL) r = (r ^ 0x80000000) >>> 0;
  else if (op === O.FOP_ABD) r = (r & 0x7fffffff) >>> 0;
  v[d] = r;
}

/** Fused multiply-add d = a + n*m with optional negation of the addend and first factor. */
export function fma32(cpu: A64FpHost, d: number, a: number, n: number, m: number, negA: boolean, negN: boolean): void {
  const f = cpu.vf32;
  let x = f[a];
  let y = f[n];
  const z = f[m];
  if (x !== x || y !== y || z !== z) {
    idc32(cpu, x);
    idc32(cpu, y);
    idc32(cpu, z);
    const v = cpu.vregs;
    const xa = negA ? (v[a] ^ 0x80000000) >>> 0 : v[a];
    const yn = negN ? (v[n] ^ 0x80000000) >>> 0 : v[n];
    const r = processNaNs3_32(xa, yn, v[m], cpu);
    if (isNaN32(xa) && !isSNaN32(xa) && y === y && z === z) {
      const yi = y === Infinity || y === -Infinity;
      const zi = z === Infinity || z === -Infinity;
      if ((yi && z === 0) || (zi && y === 0)) {
        cpu.fpsr |= FPSR_IOC;
        v[d] = DEFAULT_NAN32;
        return;
      }
    }
    v[d] = r;
    return;
  }
  if (negA) x = -x;
  if (negN) y = -y;
  put32(cpu, d, mulAdd32(x, y, z, cpu));
}

/** Unary operation (ops.ts UOP_*) on element n into d; `mode` for the FRINT forms. */
export function un32(op: number, cpu: A64FpHost, d: number, n: number, mode: number): void {
  const v = cpu.vregs;
  if (op === O.UOP_ABS) {
    v[d] = v[n] & 0x7fffffff;
    return;
  }
  if (op === O.UOP_NEG) {
    v[d] = (v[n] ^ 0x80000000) >>> 0;
    return;
  }
  const a = cpu.vf32[n];
  if (a !== a) {
    v[d] = processNaN32(v[n], cpu);
    return;
  }
  switch (op) {
    case O.UOP_SQRT:
      put32(cpu, d, sqrt32(a, cpu));
      return;
    case O.UOP_RINT:
    case O.UOP_RINTX:
      cpu.vf32[d] = frint(a, mode, op === O.UOP_RINTX, false, cpu);
      return;
    case O.UOP_RECPE:
      put32(cpu, d, recipEstimate(a, false, cpu));
      return;
    default:
      put32(cpu, d, rsqrtEstimate(a, false, cpu));
  }
}
