/**
 * Double-precision element operations on the V register file. Element index i addresses
 * vf64[i], i.e. vregs words 2i (bits [31:0]) and 2i+1. NaN operands are detected on the
 * number and resolved on the bits (host float ops may quiet signalling NaNs).
 * @module
 */
import type { A64FpHost } from '../../fpsimd-contract.js';
import { FPCR_FZ, FPSR_IOC, type FpEnv } from '../ieee/fp-env.js';
import { add64, div64, flush64, mul64, mulAdd64, sqrt64, sub64 } from '../ieee/arith64.js';
import { fmax, fmin } from '../ieee/minmax.js';
import { frint } from '../ieee/convert.js';
import {
  DEFAULT_NAN64_HI,
  isNaN64,
  isSNaN64,
  nanOut,
  processNaN64,
  processNaNs3_64,
  processNaNs64,
} from '../ieee/nan.js';
import { recipEstimate, rsqrtEstimate } from '../ieee/estimate.js';
import * as O from './ops.js';

/** Store a number result; NaN stands for the default NaN. */
export function put64(cpu: A64FpHost, i: number, r: number): void {
  if (r === r) cpu.vf64[i] = r;
  else {
    cpu.vregs[2 * i] = 0;
    cpu.vregs[2 * i + 1] = DEFAULT_NAN64_HI;
  }
}

function putNaN(cpu: A64FpHost, i: number, lo: number): void {
  cpu.vregs[2 * i] = lo;
  cpu.vregs[2 * i + 1] = nanOut.hi;
}

function isQNaNBits(v: Uint32Array, i: number): boolean {
  return isNaN64(v[2 * i], v[2 * i + 1]) && !isSNaN64(v[2 * i], v[2 * i + 1]);
}

/** Binary operation `op` (ops.ts FOP_*) on elements n and m into d. */
export function bin64(op: number, cpu: A64FpHost, d: number, n: number, m: number): void {
  const f = cpu.vf64;
  const a = f[n];
  const b = f[m];
  const env: FpEnv = cpu;
  if (a !== a || b !== b) {
    binNaN64(op, cpu, d, n, m, a, b);
    return;
  }
  let r: number;
  switch (op) {
    case O.FOP_ADD:
      r = add64(a, b, env);
      break;
    case O.FOP_SUB:
      r = sub64(a, b, env);
      break;
    case O.FOP_MUL:
      r = mul64(a, b, env);
      break;
    case O.FOP_DIV:
      r = div64(a, b, env);
      break;
    case O.FOP_MAX:
    case O.FOP_MAXNM:
      r = fmax(a, b, true, env);
      break;
    case O.FOP_MIN:
    case O.FOP_MINNM:
      r = fmin(a, b, true, env);
      break;
    case O.FOP_NMUL:
      r = mul64(a, b, env);
      if (r !== r) {
        cpu.vregs[2 * d] = 0;
        cpu.vregs[2 * d + 1] = (DEFAULT_NAN64_HI | 0x80000000) >>> 0;
        return;
      }
      r = -r;
      break;
    case O.FOP_ABD:
      r = Math.abs(sub64(a, b, env));
      if (r !== r) {
        put64(cpu, d, r);
        return;
      }
      break;
    case O.FOP_MULX:
      if ((a === 0 && (b === Infinity || b === -Infinity)) || (b === 0 && (a === Infinity || a === -Infinity))) {
        r = (a < 0 || 1 / a < 0) !== (b < 0 || 1 / b < 0) ? -2 : 2;
      } else r = mul64(a, b, env);
      break;
    case O.FOP_RECPS:
      r = stepFused(2, a, b, env);
      break;
    case O.FOP_RSQRTS:
      r = stepFused(3, a, b, env);
      if (r === r) r = r === Infinity || r === -Infinity ? r : halve(r, env);
      break;
    default:
      cmp64(op, cpu, d, a, b);
      return;
  }
  put64(cpu, d, r);
}

function halve(r: number, env: FpEnv): number {
  return mul64(r, 0.5, env);
}

/** FPRecipStepFused / FPRSqrtStepFused numerator: k - a*b with (0 × Inf) giving k exactly. */
function stepFused(k: number, a: number, b: number, env: FpEnv): number {
  const ai = a === Infinity || a === -Infinity;
  const bi = b === Infinity || b === -Infinity;
  if ((ai && b === 0) || (bi && a === 0)) return k;
  return mulAdd64(k, -a, b, env);
}

function cmp64(op: number, cpu: A64FpHost, d: number, a: number, b: number): void {
  if ((cpu.fpcr & FPCR_FZ) !== 0) {
    a = flush64(a, cpu);
    b = flush64(b, cpu);
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
  const v = t ? 0xffffffff : 0;
  cpu.vregs[2 * d] = v;
  cpu.vregs[2 * d + 1] = v;
}

/** FPUnpack raises IDC for a denormal operand under FZ even when another operand is a NaN. */
function idc64(cpu: A64FpHost, x: number): void {
  if ((cpu.fpcr & FPCR_FZ) !== 0 && x === x) flush64(x, cpu);
}

function binNaN64(op: number, cpu: A64FpHost, d: number, n: number, m: number, a: number, b: number): void {
  const v = cpu.vregs;
  idc64(cpu, a);
  idc64(cpu, b);
  if (op >= O.FOP_CMEQ) {
    // Compares: false; EQ is quiet (IOC only for SNaN), the ordered ones signal on any NaN.
    const sn = isSNaN64(v[2 * n], v[2 * n + 1]) || isSNaN64(v[2 * m], v[2 * m + 1]);
    if (op !== O.FOP_CMEQ || sn) cpu.fpsr |= FPSR_IOC;
    v[2 * d] = 0;
    v[2 * d + 1] = 0;
    return;
  }
  if (op === O.FOP_MAXNM || op === O.FOP_MINNM) {
    // A quiet NaN against a number yields the number.
    const qa = isQNaNBits(v, n);
    const qb = isQNaNBits(v, m);
    if (qa && b === b) {
      put64(cpu, d, op === O.FOP_MAXNM ? fmax(-Infinity, b, true, cpu) : fmin(Infinity, b, true, cpu));
      return;
    }
    if (qb && a === a) {
      put64(cpu, d, op === O.FOP_MAXNM ? fmax(a, -Infinity, true, cpu) : fmin(a, Infinity, true, cpu));
      return;
    }
  }
  // FRECPS/FRSQRTS negate the first operand before NaN processing.
  const nhi = op === O.FOP_RECPS || op === O.FOP_RSQRTS ? (v[2 * n + 1] ^ 0x80000000) >>> 0 : v[2 * n + 1];
  const lo = processNaNs64(v[2 * n], nhi, v[2 * m], v[2 * m + 1], cpu);
  putNaN(cpu, d, lo);
  if (op === O.FOP_NMUL) v[2 * d + 1] ^= 0x80000000;
  else if (op === O.FOP_ABD) v[2 * d + 1] &= 0x7fffffff;
}

/**
 * Fused multiply-add d = a + n*m (FPMulAdd with the addend first), with optional negation
 * of the addend and of the first factor (FMSUB, FNMADD, FNMSUB, FMLS).
 * `a` is the addend element index.
 */
export function fma64(cpu: A64FpHost, d: number, a: number, n: number, m: number, negA: boolean, negN: boolean): void {
  const f = cpu.vf64;
  let x = f[a];
  let y = f[n];
  const z = f[m];
  if (x !== x || y !== y || z !== z) {
    idc64(cpu, x);
    idc64(cpu, y);
    idc64(cpu, z);
    const v = cpu.vregs;
    const ahi = negA ? (v[2 * a + 1] ^ 0x80000000) >>> 0 : v[2 * a + 1];
    const nhi = negN ? (v[2 * n + 1] ^ 0x80000000) >>> 0 : v[2 * n + 1];
    const alo = v[2 * a];
    const nlo = v[2 * n];
    const mlo = v[2 * m];
    const mhi = v[2 * m + 1];
    const lo = processNaNs3_64(alo, ahi, nlo, nhi, mlo, mhi, cpu);
    // A quiet NaN addend with (0 × Inf) is an invalid operation giving the default NaN.
    if (isNaN64(alo, ahi) && !isSNaN64(alo, ahi) && y === y && z === z) {
      const yi = y === Infinity || y === -Infinity;
      const zi = z === Infinity || z === -Infinity;
      if ((yi && z === 0) || (zi && y === 0)) {
        cpu.fpsr |= FPSR_IOC;
        put64(cpu, d, NaN);
        return;
      }
    }
    v[2 * d] = lo;
    v[2 * d + 1] = nanOut.hi;
    return;
  }
  if (negA) x = -x;
  if (negN) y = -y;
  put64(cpu, d, mulAdd64(x, y, z, cpu));
}

/** Unary operation (ops.ts UOP_*) on element n into d; `mode` for the FRINT forms. */
export function un64(op: number, cpu: A64FpHost, d: number, n: number, mode: number): void {
  const v = cpu.vregs;
  if (op === O.UOP_ABS) {
    v[2 * d] = v[2 * n];
    v[2 * d + 1] = v[2 * n + 1] & 0x7fffffff;
    return;
  }
  if (op === O.UOP_NEG) {
    v[2 * d] = v[2 * n];
    v[2 * d + 1] = (v[2 * n + 1] ^ 0x80000000) >>> 0;
    return;
  }
  const a = cpu.vf64[n];
  if (a !== a) {
    putNaN(cpu, d, processNaN64(v[2 * n], v[2 * n + 1], cpu));
    return;
  }
  switch (op) {
    case O.UOP_SQRT:
      put64(cpu, d, sqrt64(a, cpu));
      return;
    case O.UOP_RINT:
    case O.UOP_RINTX:
      cpu.vf64[d] = frint(a, mode, op === O.UOP_RINTX, true, cpu);
      return;
    case O.UOP_RECPE:
      put64(cpu, d, recipEstimate(a, true, cpu));
      return;
    default:
      put64(cpu, d, rsqrtEstimate(a, true, cpu));
  }
}
