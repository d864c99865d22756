/**
 * Widening ("long") lane operations shared by AdvSIMD three-different and by-element forms:
 * result lane e (twice the source size) of op(a, b) with the old destination lane as
 * accumulator, written to the scratch register.
 * @module
 */
import type { A64FpHost } from '../../fpsimd-contract.js';
import { FPSR_QC } from '../ieee/fp-env.js';
import { getLane, sext, setTmp, tmpW } from './lanes.js';
import { sat } from './int-ops.js';
import { add64, addOverflowS64, r64, shl64, smul32, sub64, subOverflowS64, umul32 } from './int64.js';

export const L_ADD = 0;
export const L_SUB = 1;
export const L_ABA = 2;
export const L_ABD = 3;
export const L_MLA = 4;
export const L_MLS = 5;
export const L_MUL = 6;
export const L_QDMLA = 7;
export const L_QDMLS = 8;
export const L_QDMUL = 9;
export const L_PMUL = 10;

function satPair(neg: boolean, cpu: A64FpHost): void {
  cpu.fpsr |= FPSR_QC;
  r64.lo = neg ? 0 : 0xffffffff;
  r64.hi = neg ? 0x80000000 : 0x7fffffff;
}

/** 2*a*b for signed 32-bit a, b into r64 (saturating the single overflow case). */
function qdmul64(a: number, b: number, cpu: A64FpHost): void {
  if ((a | 0) === -2147483648 && (b | 0) === -2147483648) {
    satPair(false, cpu);
    return;
  }
  smul32(a, b);
  shl64(r64.lo, r64.hi, 1);
}

function accOf(cpu: A64FpHost, u: boolean, wide: number, d: number, e: number): number {
  const x = getLane(cpu, wide, d, e);
  return u ? x : sext(x, wide);
}

/**
 * One long lane: a, b unsigned lane values of `size` (0..2); accumulator from lane e of
 * V[d] at size+1. Result to scratch lane e at size+1.
 */
export function longLane(op: number, u: boolean, size: number, a: number, b: number, cpu: A64FpHost, d: number, e: number): void {
  const sa = u ? a : sext(a, size);
  const sb = u ? b : sext(b, size);
  if (size < 2) {
    const wide = size + 1;
    const bits = 16 << size;
    let r: number;
    switch (op) {
      case L_ADD:
        r = sa + sb;
        break;
      case L_SUB:
        r = sa - sb;
        break;
      case L_ABA:
        r = accOf(cpu, u, wide, d, e) + Math.abs(sa - sb);
        break;
      case L_ABD:
        r = Math.abs(sa - sb);
        break;
      case L_MLA:
        r = accOf(cpu, u, wide, d, e) + sa * sb;
        break;
      case L_MLS:
        r = accOf(cpu, u, wide, d, e) - sa * sb;
        break;
      case L_MUL:
        r = sa * sb;
        break;
      case L_QDMLA:
        r = sat(accOf(cpu, u, wide, d, e) + sat(2 * sa * sb, bits, false, cpu), bits, false, cpu);
        break;
      case L_QDMLS:
        r = sat(accOf(cpu, u, wide, d, e) - sat(2 * sa * sb, bits, false, cpu), bits, false, cpu);
        break;
      case L_QDMUL:
        r = sat(2 * sa * sb, bits, false, cpu);
        break;
      default: {
        // PMULL 8 -> 16
        r = 0;
        for (let i = 0; i < 8; i++) if (b & (1 << i)) r ^= a << i;
      }
    }
    setTmp(wide, e, r);
    return;
  }
  // 32 -> 64 bits
  const v = cpu.vregs;
  const alo = v[4 * d + 2 * e];
  const ahi = v[4 * d + 2 * e + 1];
  switch (op) {
    case L_ADD:
    case L_SUB:
    case L_ABD:
    case L_ABA: {
      const x = op === L_ADD ? sa + sb : op === L_SUB ? sa - sb : Math.abs(sa - sb);
      const lo = x >>> 0;
      const hi = Math.floor(x / 4294967296) >>> 0;
      if (op === L_ABA) add64(lo, hi, alo, ahi);
      else {
        r64.lo = lo;
        r64.hi = hi;
      }
      break;
    }
    case L_MLA:
    case L_MLS:
    case L_MUL:
      if (u) umul32(a, b);
      else smul32(a, b);
      if (op === L_MLA) add64(alo, ahi, r64.lo, r64.hi);
      else if (op === L_MLS) sub64(alo, ahi, r64.lo, r64.hi);
      break;
    case L_QDMUL:
      qdmul64(a, b, cpu);
      break;
    default: {
      // SQDMLAL / SQDMLSL: saturating accumulate of the saturated doubled product.
      qdmul64(a, b, cpu);
      const plo = r64.lo;
      const phi = r64.hi;
      if (op === L_QDMLA) {
        add64(alo, ahi, plo, phi);
        if (addOverflowS64(ahi, phi, r64.hi)) satPair((ahi | 0) < 0, cpu);
      } else {
        sub64(alo, ahi, plo, phi);
        if (subOverflowS64(ahi, phi, r64.hi)) satPair((ahi | 0) < 0, cpu);
      }
    }
  }
  tmpW[2 * e] = r64.lo;
  tmpW[2 * e + 1] = r64.hi;
}

