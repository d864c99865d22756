/**
 * Lazy arithmetic flags (DESIGN.md). The core keeps the last flag-setting operation (`ccOp`:
 * kind << 2 | size index), its operands and result, and computes CF, PF, AF, ZF, SF and OF
 * only when something reads them. The kinds and what they leave in the undefined flags follow
 * QEMU 7.2's CC_OP model, so programs that print EFLAGS print what they print under QEMU.
 * @module
 */
import { mul128s, product } from './arith.js';

export const CF = 0x1;
export const PF = 0x4;
export const AF = 0x10;
export const ZF = 0x40;
export const SF = 0x80;
export const TF = 0x100;
export const IF = 0x200;
export const DF = 0x400;
export const OF = 0x800;
export const IOPL = 0x3000;
export const NT = 0x4000;
export const RF = 0x10000;
export const VM = 0x20000;
export const AC = 0x40000;
export const VIF = 0x80000;
export const VIP = 0x100000;
export const ID = 0x200000;
/** The six arithmetic flags the lazy state covers. */
export const ARITH = CF | PF | AF | ZF | SF | OF;

/** Operation kinds; `ccOp = kind << 2 | sizeIndex` (0: 8, 1: 16, 2: 32, 3: 64 bits). */
export const enum Cc {
  /** Flags materialised in `ccR`. */
  Eflags = 0,
  Add = 1,
  Adc = 2,
  Sub = 3,
  Sbb = 4,
  /** AND/OR/XOR/TEST and friends: CF = OF = AF = 0. */
  Logic = 5,
  /** ADD by one, CF kept in `ccC`. */
  Inc = 6,
  Dec = 7,
  /** `ccB` = the value shifted by count-1: CF = its top bit. */
  Shl = 8,
  /** `ccB` = the value shifted by count-1: CF = its bit 0 (SHR, SAR, and BT as QEMU does it). */
  Sar = 9,
  /** CF = OF = (`ccB`,`ccBH`) non-zero; SF/ZF/PF from the low result. */
  Mul = 10,
  /**
   * IMUL r64, r/m64 (, imm): the operands are kept in ccA/ccB and CF = OF = "the signed 128-bit
   * product does not fit in 64 bits" is worked out only when a flag is read.
   */
  Imul = 11,
}

/** Size index of an operand size in bytes. */
export function sizeIndex(size: number): number {
  return size === 1 ? 0 : size === 2 ? 1 : size === 4 ? 2 : 3;
}

/** PF for each value of the low result byte. */
export const PARITY = new Uint8Array(256);
for (let v = 0; v < 256; v++) {
  let n = v;
  n ^= n >>> 4;
  n ^= n >>> 2;
  n ^= n >>> 1;
  PARITY[v] = n & 1 ? 0 : PF;
}

/** The lazy flag state, as the CPU holds it. */
export interface LazyFlags {
  ccOp: number;
  ccA: number;
  ccAH: number;
  ccB: number;
  ccBH: number;
  ccR: number;
  ccRH: number;
  /** Carry in (ADC/SBB) or the CF an INC/DEC keeps. */
  ccC: number;
}

/** IMUL64 overflow of the operands kept in the lazy state (CF = OF). */
function imulOverflow(f: LazyFlags): number {
  mul128s(f.ccA, f.ccAH, f.ccB, f.ccBH);
  const sign = product[1] >> 31;
  return product[2] === sign && product[3] === sign ? 0 : 1;
}

/** Bit `size*8-1` of (lo, hi) as 0/1. */
function msb(sz: number, lo: number, hi: number): number {
  switch (sz) {
    case 0:
      return (lo >>> 7) & 1;
    case 1:
      return (lo >>> 15) & 1;
    case 2:
      return lo >>> 31;
    default:
      return hi >>> 31;
  }
}

/** Unsigned a < b at size (values already masked for 8/16). */
function below(sz: number, a: number, ah: number, b: number, bh: number): boolean {
  if (sz < 2) return a < b;
  if (sz === 2) return a >>> 0 < b >>> 0;
  return ah >>> 0 < bh >>> 0 || (ah === bh && a >>> 0 < b >>> 0);
}

function isZero(sz: number, lo: number, hi: number): boolean {
  return sz === 3 ? (lo | hi) === 0 : lo === 0;
}

/** CF only (ADC, SBB, RCL, CMC... need it often). */
export function computeCf(f: LazyFlags): number {
  const op = f.ccOp;
  const sz = op & 3;
  switch (op >>> 2) {
    case Cc.Eflags:
      return f.ccR & CF;
    case Cc.Add:
      return below(sz, f.ccR, f.ccRH, f.ccA, f.ccAH) ? 1 : 0;
    case Cc.Adc:
      return f.ccC ? (below(sz, f.ccA, f.ccAH, f.ccR, f.ccRH) ? 0 : 1) : below(sz, f.ccR, f.ccRH, f.ccA, f.ccAH) ? 1 : 0;
    case Cc.Sub:
      return below(sz, f.ccA, f.ccAH, f.ccB, f.ccBH) ? 1 : 0;
    case Cc.Sbb:
      return f.ccC ? (below(sz, f.ccB, f.ccBH, f.ccA, f.ccAH) ? 0 : 1) : below(sz, f.ccA, f.ccAH, f.ccB, f.ccBH) ? 1 : 0;
    case Cc.Logic:
      return 0;
    case Cc.Inc:
    case Cc.Dec:
      return f.ccC;
    case Cc.Shl:
      return msb(sz, f.ccB, f.ccBH);
    case Cc.Sar:
      return f.ccB & 1;
    case Cc.Imul:
      return imulOverflow(f);
    default:
      return (f.ccB | f.ccBH) !== 0 ? 1 : 0;
  }
}

/** All six arithmetic flags, in their EFLAGS positions. */
export function computeFlags(f: LazyFlags): number {
  const op = f.ccOp;
  const kind = op >>> 2;
  if (kind === Cc.Eflags) return f.ccR & ARITH;
  const sz = op & 3;
  const r = f.ccR;
  const rh = f.ccRH;
  let flags = PARITY[r & 0xff] | (isZero(sz, r, rh) ? ZF : 0) | (msb(sz, r, rh) ? SF : 0);
  const a = f.ccA;
  const ah = f.ccAH;
  const b = f.ccB;
  const bh = f.ccBH;
  switch (kind) {
    case Cc.Add:
    case Cc.Adc:
    case Cc.Inc:
      flags |= (a ^ b ^ r) & AF;
      if (msb(sz, (a ^ r) & (b ^ r), (ah ^ rh) & (bh ^ rh))) flags |= OF;
      break;
    case Cc.Sub:
    case Cc.Sbb:
    case Cc.Dec:
      flags |= (a ^ b ^ r) & AF;
      if (msb(sz, (a ^ b) & (a ^ r), (ah ^ bh) & (ah ^ rh))) flags |= OF;
      break;
    case Cc.Shl:
    case Cc.Sar:
      if (msb(sz, b ^ r, bh ^ rh)) flags |= OF;
      break;
    case Cc.Mul:
      if ((b | bh) !== 0) flags |= OF;
      break;
    case Cc.Imul:
      if (imulOverflow(f)) flags |= OF;
      break;
  }
  return flags | computeCf(f);
}

/** Does condition `cc` (the Jcc/SETcc/CMOVcc encoding, 0..15) hold for these flags? */
export function conditionOf(flags: number, cc: number): boolean {
  let v: boolean;
  switch (cc >>> 1) {
    case 0:
      v = (flags & OF) !== 0;
      break;
    case 1:
      v = (flags & CF) !== 0;
      break;
    case 2:
      v = (flags & ZF) !== 0;
      break;
    case 3:
      v = (flags & (CF | ZF)) !== 0;
      break;
    case 4:
      v = (flags & SF) !== 0;
      break;
    case 5:
      v = (flags & PF) !== 0;
      break;
    case 6:
      v = ((flags & SF) !== 0) !== ((flags & OF) !== 0);
      break;
    default:
      v = (flags & ZF) !== 0 || ((flags & SF) !== 0) !== ((flags & OF) !== 0);
  }
  return (cc & 1) !== 0 ? !v : v;
}

/** Condition `cc` from the lazy state, with fast answers for the common compare kinds. */
export function condition(f: LazyFlags, cc: number): boolean {
  const op = f.ccOp;
  const kind = op >>> 2;
  if (kind === Cc.Sub && (op & 3) === 2) {
    const a = f.ccA;
    const b = f.ccB;
    switch (cc) {
      case 2: return a >>> 0 < b >>> 0;
      case 3: return a >>> 0 >= b >>> 0;
      case 4: return a === b;
      case 5: return a !== b;
      case 6: return a >>> 0 <= b >>> 0;
      case 7: return a >>> 0 > b >>> 0;
      case 12: return a < b;
      case 13: return a >= b;
      case 14: return a <= b;
      case 15: return a > b;
    }
  } else if (kind === Cc.Logic) {
    const sz = op & 3;
    const zero = isZero(sz, f.ccR, f.ccRH);
    const neg = msb(sz, f.ccR, f.ccRH) === 1;
    switch (cc) {
      case 4: return zero;
      case 5: return !zero;
      case 8: return neg;
      case 9: return !neg;
      case 12: return neg;
      case 13: return !neg;
      case 14: return zero || neg;
      case 15: return !zero && !neg;
    }
  }
  return conditionOf(computeFlags(f), cc);
}
