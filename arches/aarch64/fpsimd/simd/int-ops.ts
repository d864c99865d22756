/**
 * Integer lane operations of the AdvSIMD "three same" family (and their reuse in scalar,
 * by-element and accumulate forms). Lanes of 8/16/32 bits are unsigned numbers; 64-bit
 * lanes are (lo, hi) pairs with results in r64. Saturation sets FPSR.QC.
 * @module
 */
import type { A64FpHost } from '../../fpsimd-contract.js';
import { FPSR_QC } from '../ieee/fp-env.js';
import { sext } from './lanes.js';
import {
  add64,
  addOverflowS64,
  asr64,
  cmpS64,
  cmpU64,
  lsr64,
  r64,
  shl64,
  smul32,
  sub64,
  subOverflowS64,
} from './int64.js';

export const IOP_ADD = 0;
export const IOP_SUB = 1;
export const IOP_MUL = 2;
export const IOP_MLA = 3;
export const IOP_MLS = 4;
export const IOP_PMUL = 5;
export const IOP_HADD = 6;
export const IOP_RHADD = 7;
export const IOP_HSUB = 8;
export const IOP_QADD = 9;
export const IOP_QSUB = 10;
export const IOP_CMGT = 11;
export const IOP_CMGE = 12;
export const IOP_CMEQ = 13;
export const IOP_CMTST = 14;
export const IOP_SHL = 15;
export const IOP_RSHL = 16;
export const IOP_QSHL = 17;
export const IOP_QRSHL = 18;
export const IOP_MAX = 19;
export const IOP_MIN = 20;
export const IOP_ABD = 21;
export const IOP_ABA = 22;
export const IOP_QDMULH = 23;
export const IOP_QRDMULH = 24;

/** Saturate v to the signed/unsigned range of `bits`, raising QC when clamped. */
export function sat(v: number, bits: number, u: boolean, cpu: A64FpHost): number {
  const max = u ? 2 ** bits - 1 : 2 ** (bits - 1) - 1;
  const min = u ? 0 : -(2 ** (bits - 1));
  if (v > max) {
    cpu.fpsr |= FPSR_QC;
    return max;
  }
  if (v < min) {
    cpu.fpsr |= FPSR_QC;
    return min;
  }
  return v;
}

/** Polynomial (carry-less) multiply of two bytes, low 8 bits kept by the caller. */
export function pmul8(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r ^= a << i;
  return r;
}

/** Shift by a signed register amount (SSHL/USHL family), lanes up to 32 bits. */
function shiftReg(a: number, sa: number, sh: number, bits: number, u: boolean, round: boolean, saturate: boolean, cpu: A64FpHost): number {
  if (sh >= 0) {
    if (!saturate) return sh >= bits ? 0 : bits === 32 ? a << sh : a * 2 ** sh;
    if (sa === 0) return 0;
    const v = sh >= bits ? (sa < 0 ? -Infinity : Infinity) : sa * 2 ** sh;
    return sat(v, bits, u, cpu);
  }
  const n = -sh;
  if (round) {
    if (n > bits) return 0;
    // (x >> n) plus the last bit shifted out.
    return Math.floor(sa / 2 ** n) + (Math.floor(sa / 2 ** (n - 1)) & 1);
  }
  if (n >= bits) return u || sa >= 0 ? 0 : -1;
  return Math.floor(sa / 2 ** n);
}

/** One lane (8/16/32 bits) of an integer op: a, b, acc unsigned; result truncated by the store. */
export function intOp(op: number, u: boolean, size: number, a: number, b: number, acc: number, cpu: A64FpHost): number {
  const bits = 8 << size;
  const sa = u ? a : sext(a, size);
  const sb = u ? b : sext(b, size);
  switch (op) {
    case IOP_ADD:
      return a + b;
    case IOP_SUB:
      return a - b;
    case IOP_MUL:
      return Math.imul(a, b);
    case IOP_MLA:
      return acc + Math.imul(a, b);
    case IOP_MLS:
      return acc - Math.imul(a, b);
    case IOP_PMUL:
      return pmul8(a, b);
    case IOP_HADD:
      return Math.floor((sa + sb) / 2);
    case IOP_RHADD:
      return Math.floor((sa + sb + 1) / 2);
    case IOP_HSUB:
      return Math.floor((sa - sb) / 2);
    case IOP_QADD:
      return sat(sa + sb, bits, u, cpu);
    case IOP_QSUB:
      return sat(sa - sb, bits, u, cpu);
    case IOP_CMGT:
      return sa > sb ? -1 : 0;
    case IOP_CMGE:
      return sa >= sb ? -1 : 0;
    case IOP_CMEQ:
      return a === b ? -1 : 0;
    case IOP_CMTST:
      return (a & b) !== 0 ? -1 : 0;
    case IOP_SHL:
      return shiftReg(a, sa, (b << 24) >> 24, bits, u, false, false, cpu);
    case IOP_RSHL:
      return shiftReg(a, sa, (b << 24) >> 24, bits, u, true, false, cpu);
    case IOP_QSHL:
      return shiftReg(a, sa, (b << 24) >> 24, bits, u, false, true, cpu);
    case IOP_QRSHL:
      return shiftReg(a, sa, (b << 24) >> 24, bits, u, true, true, cpu);
    case IOP_MAX:
      return sa > sb ? a : b;
    case IOP_MIN:
      return sa < sb ? a : b;
    case IOP_ABD:
      return Math.abs(sa - sb);
    case IOP_ABA:
      return acc + Math.abs(sa - sb);
    case IOP_QDMULH:
    case IOP_QRDMULH: {
      const rnd = op === IOP_QRDMULH;
      if (size === 1) {
        const p = 2 * sa * sb + (rnd ? 32768 : 0);
        return sat(Math.floor(p / 65536), 16, false, cpu);
      }
      smul32(sa, sb);
      if (rnd) add64(r64.lo, r64.hi, 0x40000000, 0);
      // (2 * p) >> 32 = p >> 31
      const v = (r64.hi | 0) * 2 + (r64.lo >>> 31);
      return sat(v, 32, false, cpu);
    }
    default:
      throw new Error(`simulator bug: integer op ${op}`);
  }
}

function sat64(neg: boolean, u: boolean, cpu: A64FpHost): void {
  cpu.fpsr |= FPSR_QC;
  if (u) {
    r64.lo = neg ? 0 : 0xffffffff;
    r64.hi = neg ? 0 : 0xffffffff;
  } else {
    r64.lo = neg ? 0 : 0xffffffff;
    r64.hi = neg ? 0x80000000 : 0x7fffffff;
  }
}

/** Shift a 64-bit lane by a signed register amount; result in r64. */
function shiftReg64(lo: number, hi: number, sh: number, u: boolean, round: boolean, saturate: boolean, cpu: A64FpHost): void {
  if (sh >= 0) {
    if (!saturate) {
      shl64(lo, hi, sh);
      return;
    }
    if ((lo | hi) === 0) {
      r64.lo = 0;
      r64.hi = 0;
      return;
    }
    const neg = !u && (hi | 0) < 0;
    shl64(lo, hi, sh);
    const rlo = r64.lo;
    const rhi = r64.hi;
    // Shifting back must give the operand, and a signed result must keep its sign.
    if (u) lsr64(rlo, rhi, sh);
    else asr64(rlo, rhi, sh);
    if (sh >= 64 || r64.lo !== lo >>> 0 || r64.hi !== hi >>> 0 || (!u && (rhi | 0) < 0 !== neg)) {
      sat64(neg, u, cpu);
      return;
    }
    r64.lo = rlo;
    r64.hi = rhi;
    return;
  }
  const n = -sh;
  if (round) {
    if (n > 64) {
      r64.lo = 0;
      r64.hi = 0;
      return;
    }
    if (u) lsr64(lo, hi, n - 1);
    else asr64(lo, hi, n - 1);
    const bit = r64.lo & 1;
    if (u) lsr64(lo, hi, n);
    else asr64(lo, hi, n);
    if (n === 64 && !u) {
      // asr by 64 saturates to the sign; the rounded value is 0 (or -0 + bit).
      r64.lo = 0;
      r64.hi = 0;
    }
    if (bit) add64(r64.lo, r64.hi, 1, 0);
    return;
  }
  if (u) lsr64(lo, hi, n);
  else asr64(lo, hi, n);
}

/** One 64-bit lane of an integer op (ADD, SUB, compares, shifts, saturating add/sub); result in r64. */
export function intOp64(op: number, u: boolean, alo: number, ahi: number, blo: number, bhi: number, cpu: A64FpHost): void {
  switch (op) {
    case IOP_ADD:
      add64(alo, ahi, blo, bhi);
      return;
    case IOP_SUB:
      sub64(alo, ahi, blo, bhi);
      return;
    case IOP_CMGT:
    case IOP_CMGE:
    case IOP_CMEQ:
    case IOP_CMTST: {
      let t: boolean;
      if (op === IOP_CMEQ) t = alo >>> 0 === blo >>> 0 && ahi >>> 0 === bhi >>> 0;
      else if (op === IOP_CMTST) t = ((alo & blo) | (ahi & bhi)) !== 0;
      else {
        const c = u ? cmpU64(alo, ahi, blo, bhi) : cmpS64(alo, ahi, blo, bhi);
        t = op === IOP_CMGT ? c > 0 : c >= 0;
      }
      r64.lo = t ? 0xffffffff : 0;
      r64.hi = r64.lo;
      return;
    }
    case IOP_QADD: {
      add64(alo, ahi, blo, bhi);
      if (u ? cmpU64(r64.lo, r64.hi, alo, ahi) < 0 : addOverflowS64(ahi, bhi, r64.hi)) sat64(!u && (ahi | 0) < 0, u, cpu);
      return;
    }
    case IOP_QSUB: {
      const under = u && cmpU64(alo, ahi, blo, bhi) < 0;
      sub64(alo, ahi, blo, bhi);
      if (u ? under : subOverflowS64(ahi, bhi, r64.hi)) sat64(u || (ahi | 0) < 0, u, cpu);
      return;
    }
    case IOP_SHL:
    case IOP_RSHL:
    case IOP_QSHL:
    case IOP_QRSHL:
      shiftReg64(alo, ahi, (blo << 24) >> 24, u, op === IOP_RSHL || op === IOP_QRSHL, op === IOP_QSHL || op === IOP_QRSHL, cpu);
      return;
    default:
      throw new Error(`simulator bug: 64-bit integer op ${op}`);
  }
}

