/**
 * AdvSIMD two-register miscellaneous (vector `0 Q U 01110 size 10000 opcode 10 Rn Rd` and
 * scalar `01 U 11110 size 10000 opcode 10 Rn Rd`): REV*, (S/U)ADDLP, (S/U)ADALP, SUQADD,
 * USQADD, CLS, CLZ, CNT, NOT, RBIT, SQABS, SQNEG, compares with zero, ABS, NEG, XTN,
 * SQXTUN, SHLL, SQXTN, UQXTN, and the FP forms (FABS, FNEG, FSQRT, FRINT*, FCVT*, SCVTF,
 * UCVTF, FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE, FCVTN/L/XN, FCMxx with zero).
 * @module
 */
import type { A64FpHost, FpExecFn } from '../../fpsimd-contract.js';
import { bin32, put32, un32 } from '../fp/elem32.js';
import { bin64, put64, un64 } from '../fp/elem64.js';
import * as F from '../fp/ops.js';
import { FPCR_FZ, FPSR_QC, ODD, RM, RN, RP, RZ, TIEAWAY, fpcrRounding } from '../ieee/fp-env.js';
import { cvt32to64, cvt64to32, cvtF16ToNumber, cvtToF16, fixedToFp, fpToFixed, intOut, isF16NaN, nan16to32, nan32to16, nan32to64, nan64to32 } from '../ieee/convert.js';
import { nanOut, processNaN32, processNaN64 } from '../ieee/nan.js';
import { recipEstimateInt, rsqrtEstimateInt } from '../ieee/estimate.js';
import { flush32 } from '../ieee/arith32.js';
import { flush64 } from '../ieee/arith64.js';
import { zeroHigh } from '../vreg.js';
import { commitTmp, getLane, getTmp, sext, setTmp, tmpW } from './lanes.js';
import { sat } from './int-ops.js';
import { add64, cmpS64, cmpU64, r64, sub64 } from './int64.js';


function bitCount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function rbit8(x: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) if (x & (1 << i)) r |= 0x80 >> i;
  return r;
}

/** Integer unary lane ops on lanes up to 32 bits. */
const U_CLS = 0;
const U_CLZ = 1;
const U_CNT = 2;
const U_NOT = 3;
const U_RBIT = 4;
const U_SQABS = 5;
const U_SQNEG = 6;
const U_CMGT0 = 7;
const U_CMGE0 = 8;
const U_CMEQ0 = 9;
const U_CMLE0 = 10;
const U_CMLT0 = 11;
const U_ABS = 12;
const U_NEG = 13;

function unaryInt(op: number, size: number, a: number, cpu: A64FpHost): number {
  const bits = 8 << size;
  const s = sext(a, size);
  switch (op) {
    case U_CLS: {
      const x = s < 0 ? ~s : s;
      return Math.clz32(x) - (32 - bits) - 1;
    }
    case U_CLZ:
      return Math.clz32(a) - (32 - bits);
    case U_CNT:
      return bitCount(a);
    case U_NOT:
      return ~a;
    case U_RBIT:
      return rbit8(a);
    case U_SQABS:
      return sat(Math.abs(s), bits, false, cpu);
    case U_SQNEG:
      return sat(-s, bits, false, cpu);
    case U_CMGT0:
      return s > 0 ? -1 : 0;
    case U_CMGE0:
      return s >= 0 ? -1 : 0;
    case U_CMEQ0:
      return s === 0 ? -1 : 0;
    case U_CMLE0:
      return s <= 0 ? -1 : 0;
    case U_CMLT0:
      return s < 0 ? -1 : 0;
    case U_ABS:
      return Math.abs(s);
    default:
      return -s;
  }
}

function unaryInt64(op: number, lo: number, hi: number, cpu: A64FpHost): void {
  switch (op) {
    case U_CMGT0:
    case U_CMGE0:
    case U_CMEQ0:
    case U_CMLE0:
    case U_CMLT0: {
      const c = cmpS64(lo, hi, 0, 0);
      const t = op === U_CMGT0 ? c > 0 : op === U_CMGE0 ? c >= 0 : op === U_CMEQ0 ? c === 0 : op === U_CMLE0 ? c <= 0 : c < 0;
      r64.lo = t ? 0xffffffff : 0;
      r64.hi = r64.lo;
      return;
    }
    case U_ABS:
    case U_NEG:
    case U_SQABS:
    case U_SQNEG: {
      const negate = op === U_NEG || op === U_SQNEG || (hi | 0) < 0;
      if (negate) sub64(0, 0, lo, hi);
      else {
        r64.lo = lo >>> 0;
        r64.hi = hi >>> 0;
      }
      if ((op === U_SQABS || op === U_SQNEG) && negate && lo === 0 && hi >>> 0 === 0x80000000) {
        cpu.fpsr |= FPSR_QC;
        r64.lo = 0xffffffff;
        r64.hi = 0x7fffffff;
      }
      return;
    }
    default:
      throw new Error(`simulator bug: 64-bit unary ${op}`);
  }
}

function intUnaryLanes(op: number, size: number, lanes: number, q: boolean, d: number, n: number, scalar: boolean): FpExecFn {
  if (size === 3) {
    return (cpu) => {
      const v = cpu.vregs;
      for (let e = 0; e < lanes; e++) {
        unaryInt64(op, v[4 * n + 2 * e], v[4 * n + 2 * e + 1], cpu);
        v[4 * d + 2 * e] = r64.lo;
        v[4 * d + 2 * e + 1] = r64.hi;
      }
      if (!q || scalar) zeroHigh(cpu, d);
    };
  }
  return (cpu) => {
    for (let e = 0; e < lanes; e++) setTmp(size, e, unaryInt(op, size, getLane(cpu, size, n, e), cpu));
    if (scalar) keepElement0(size);
    commitTmp(cpu, d, q);
  };
}

/** Scalar results: keep element 0 of the scratch register, zero everything else. */
function keepElement0(size: number): void {
  tmpW[0] = getTmp(size, 0);
  tmpW[1] = 0;
  tmpW[2] = 0;
  tmpW[3] = 0;
}

/** REV16/REV32/REV64: reverse elements of `size` within containers of `cbytes` bytes. */
function rev(size: number, cbytes: number, q: boolean, d: number, n: number): FpExecFn {
  const esz = 1 << size;
  const bytes = q ? 16 : 8;
  return (cpu) => {
    const b = cpu.vbytes;
    for (let i = 0; i < bytes; i++) scratchB[i] = b[16 * n + i];
    for (let c = 0; c < bytes; c += cbytes) {
      for (let e = 0; e < cbytes; e += esz) {
        const dst = c + (cbytes - esz - e);
        for (let k = 0; k < esz; k++) b[16 * d + dst + k] = scratchB[c + e + k];
      }
    }
    if (!q) zeroHigh(cpu, d);
  };
}
const scratchB = new Uint8Array(16);

/** SADDLP/UADDLP and SADALP/UADALP: pairwise add long (accumulate). */
function addlp(u: boolean, acc: boolean, size: number, q: boolean, d: number, n: number): FpExecFn {
  const outLanes = (q ? 16 : 8) >> (size + 1);
  return (cpu) => {
    for (let e = 0; e < outLanes; e++) {
      let a = getLane(cpu, size, n, 2 * e);
      let b = getLane(cpu, size, n, 2 * e + 1);
      if (!u) {
        a = sext(a, size);
        b = sext(b, size);
      }
      if (size === 2) {
        // 64-bit result lanes
        const s = a + b;
        const v = cpu.vregs;
        let lo = s >>> 0;
        let hi = Math.floor(s / 4294967296) >>> 0;
        if (acc) {
          add64(lo, hi, v[4 * d + 2 * e], v[4 * d + 2 * e + 1]);
          lo = r64.lo;
          hi = r64.hi;
        }
        tmpW[2 * e] = lo;
        tmpW[2 * e + 1] = hi;
      } else {
        setTmp(size + 1, e, a + b + (acc ? getLane(cpu, size + 1, d, e) : 0));
      }
    }
    commitTmp(cpu, d, q);
  };
}

/** SUQADD / USQADD (vector and scalar): saturating accumulate of the other signedness. */
function sqaddMixed(u: boolean, size: number, lanes: number, q: boolean, d: number, n: number, scalar: boolean): FpExecFn | null {
  if (size === 3) return sqaddMixed64(u, lanes, d, n);
  const bits = 8 << size;
  return (cpu) => {
    for (let e = 0; e < lanes; e++) {
      const x = getLane(cpu, size, n, e);
      const acc = getLane(cpu, size, d, e);
      // SUQADD: signed acc + unsigned x -> signed; USQADD: unsigned acc + signed x -> unsigned.
      const r = u ? sat(acc + sext(x, size), bits, true, cpu) : sat(sext(acc, size) + x, bits, false, cpu);
      setTmp(size, e, r);
    }
    if (scalar) keepElement0(size);
    commitTmp(cpu, d, q);
  };
}

/** SUQADD/USQADD on 64-bit lanes (2D or scalar D). */
function sqaddMixed64(u: boolean, lanes: number, d: number, n: number): FpExecFn {
  return (cpu) => {
    const v = cpu.vregs;
    for (let e = 0; e < lanes; e++) {
      const xlo = v[4 * n + 2 * e];
      const xhi = v[4 * n + 2 * e + 1];
      const alo = v[4 * d + 2 * e];
      const ahi = v[4 * d + 2 * e + 1];
      add64(alo, ahi, xlo, xhi);
      let rlo = r64.lo;
      let rhi = r64.hi;
      const carry = cmpU64(rlo, rhi, alo, ahi) < 0; // unsigned wrap of the 64-bit sum
      if (!u) {
        // signed acc + unsigned x can only overflow upwards
        const top = (rhi | 0) < 0;
        const over = (ahi | 0) >= 0 ? carry || top : carry && top;
        if (over) {
          cpu.fpsr |= FPSR_QC;
          rlo = 0xffffffff;
          rhi = 0x7fffffff;
        }
      } else {
        // unsigned acc + signed x
        const xNeg = (xhi | 0) < 0;
        if (xNeg ? !carry : carry) {
          cpu.fpsr |= FPSR_QC;
          rlo = xNeg ? 0 : 0xffffffff;
          rhi = xNeg ? 0 : 0xffffffff;
        }
      }
      v[4 * d + 2 * e] = rlo;
      v[4 * d + 2 * e + 1] = rhi;
    }
    if (lanes === 1) zeroHigh(cpu, d);
  };
}

/** XTN, SQXTN, UQXTN, SQXTUN (vector: writes the lower or upper half with `part`). */
function narrow(kind: number, size: number, part: number, d: number, n: number, scalar: boolean): FpExecFn {
  // kind 0 XTN, 1 SQXTN, 2 UQXTN, 3 SQXTUN; size = destination element size
  const lanes = scalar ? 1 : 8 >> size;
  const bits = 8 << size;
  return (cpu) => {
    const v = cpu.vregs;
    for (let e = 0; e < lanes; e++) {
      let x: number;
      if (size === 2) {
        const lo = v[4 * n + 2 * e];
        const hi = v[4 * n + 2 * e + 1];
        // Exact below 2^53; beyond that rounding cannot cross a saturation bound.
        x = kind === 0 ? lo : kind === 2 ? hi * 4294967296 + lo : (hi | 0) * 4294967296 + lo;
      } else {
        x = getLane(cpu, size + 1, n, e);
        if (kind === 1 || kind === 3) x = sext(x, size + 1);
      }
      let r: number;
      if (kind === 0) r = x;
      else if (kind === 1) r = sat(x, bits, false, cpu);
      else r = sat(x, bits, true, cpu);
      setTmp(size, e, r);
    }
    if (scalar) {
      const w = size === 0 ? getTmp(0, 0) : size === 1 ? getTmp(1, 0) : tmpW[0];
      v[4 * d] = w;
      v[4 * d + 1] = 0;
      v[4 * d + 2] = 0;
      v[4 * d + 3] = 0;
      return;
    }
    if (part === 0) {
      v[4 * d] = tmpW[0];
      v[4 * d + 1] = tmpW[1];
      v[4 * d + 2] = 0;
      v[4 * d + 3] = 0;
    } else {
      v[4 * d + 2] = tmpW[0];
      v[4 * d + 3] = tmpW[1];
    }
  };
}

/** SHLL/SHLL2: widen and shift left by the element size. */
function shll(size: number, part: number, d: number, n: number): FpExecFn {
  const lanes = 8 >> size;
  const bits = 8 << size;
  return (cpu) => {
    for (let e = 0; e < lanes; e++) {
      const x = getLane(cpu, size, n, e + part * lanes);
      if (size === 2) {
        tmpW[2 * e] = 0;
        tmpW[2 * e + 1] = x;
      } else setTmp(size + 1, e, x * 2 ** bits);
    }
    commitTmp(cpu, d, true);
  };
}

// ---------------------------------------------------------------------------------------
// Floating point.

function fpUnary(uop: number, dbl: boolean, lanes: number, q: boolean, d: number, n: number, mode: number, scalar: boolean): FpExecFn {
  return (cpu) => {
    const md = mode < 0 ? fpcrRounding(cpu.fpcr) : mode;
    for (let e = 0; e < lanes; e++) {
      if (dbl) un64(uop, cpu, 2 * d + e, 2 * n + e, md);
      else un32(uop, cpu, 4 * d + e, 4 * n + e, md);
    }
    if (scalar) clearAbove(cpu, d, dbl);
    else if (!q) zeroHigh(cpu, d);
  };
}

function clearAbove(cpu: A64FpHost, d: number, dbl: boolean): void {
  const v = cpu.vregs;
  if (!dbl) v[4 * d + 1] = 0;
  v[4 * d + 2] = 0;
  v[4 * d + 3] = 0;
}

/** FCMxx with zero: op FOP_CMGT/CMGE/CMEQ; `swap` for LE/LT (0 op x). */
function fpCmpZero(op: number, swap: boolean, dbl: boolean, lanes: number, q: boolean, d: number, n: number, scalar: boolean): FpExecFn {
  return (cpu) => {
    const z = zeroScratch(cpu);
    for (let e = 0; e < lanes; e++) {
      // Copy the element next to a zero in the scratch and compare there.
      const v = cpu.vregs;
      const w = z.vregs;
      if (dbl) {
        w[0] = v[4 * n + 2 * e];
        w[1] = v[4 * n + 2 * e + 1];
        w[2] = 0;
        w[3] = 0;
        if (swap) bin64(op, z, 2, 1, 0);
        else bin64(op, z, 2, 0, 1);
        v[4 * d + 2 * e] = w[4];
        v[4 * d + 2 * e + 1] = w[5];
      } else {
        w[0] = v[4 * n + e];
        w[1] = 0;
        if (swap) bin32(op, z, 2, 1, 0);
        else bin32(op, z, 2, 0, 1);
        v[4 * d + e] = w[2];
      }
    }
    cpu.fpsr = z.fpsr;
    if (scalar) clearAbove(cpu, d, dbl);
    else if (!q) zeroHigh(cpu, d);
  };
}

class Scratch {
  readonly vregs = new Uint32Array(8);
  readonly vbytes = new Uint8Array(this.vregs.buffer);
  readonly vhalf = new Uint16Array(this.vregs.buffer);
  readonly vf32 = new Float32Array(this.vregs.buffer);
  readonly vf64 = new Float64Array(this.vregs.buffer);
  fpcr = 0;
  fpsr = 0;
}
const zs = new Scratch();
function zeroScratch(cpu: A64FpHost): A64FpHost {
  zs.fpcr = cpu.fpcr;
  zs.fpsr = cpu.fpsr;
  return zs as unknown as A64FpHost;
}

/** FCVT{N,P,M,Z,A}{S,U} vector/scalar (integer result of the same width). */
function fpToInt(dbl: boolean, unsigned: boolean, mode: number, lanes: number, q: boolean, d: number, n: number, scalar: boolean, fbits: number): FpExecFn {
  return (cpu) => {
    const v = cpu.vregs;
    for (let e = 0; e < lanes; e++) {
      if (dbl) {
        const lo = fpToFixed(cpu.vf64[2 * n + e], fbits, mode, unsigned, true, true, cpu);
        v[4 * d + 2 * e] = lo;
        v[4 * d + 2 * e + 1] = intOut.hi;
      } else v[4 * d + e] = fpToFixed(cpu.vf32[4 * n + e], fbits, mode, unsigned, false, false, cpu);
    }
    if (scalar) clearAbove(cpu, d, dbl);
    else if (!q) zeroHigh(cpu, d);
  };
}

/** SCVTF/UCVTF vector/scalar (same width), with optional fixed-point fbits. */
function intToFp(dbl: boolean, signed: boolean, lanes: number, q: boolean, d: number, n: number, scalar: boolean, fbits: number): FpExecFn {
  return (cpu) => {
    const v = cpu.vregs;
    const mode = fpcrRounding(cpu.fpcr);
    for (let e = 0; e < lanes; e++) {
      if (dbl) put64(cpu, 2 * d + e, fixedToFp(v[4 * n + 2 * e], v[4 * n + 2 * e + 1], signed, true, fbits, true, mode, cpu));
      else put32(cpu, 4 * d + e, fixedToFp(v[4 * n + e], 0, signed, false, fbits, false, mode, cpu));
    }
    if (scalar) clearAbove(cpu, d, dbl);
    else if (!q) zeroHigh(cpu, d);
  };
}

/** FCVTN/FCVTN2 (double->single, single->half) and FCVTXN (round to odd). */
function fcvtn(dbl: boolean, part: number, d: number, n: number, odd: boolean, scalar: boolean): FpExecFn {
  return (cpu) => {
    const v = cpu.vregs;
    if (dbl) {
      for (let e = 0; e < (scalar ? 1 : 2); e++) {
        const x = cpu.vf64[2 * n + e];
        let r: number;
        if (x !== x) r = nan64to32(v[4 * n + 2 * e], v[4 * n + 2 * e + 1], cpu);
        else {
          tmpF32[0] = cvt64to32(x, cpu, odd ? ODD : -1);
          r = tmpF32W[0];
        }
        tmpW[e] = r;
      }
      if (scalar) {
        v[4 * d] = tmpW[0];
        v[4 * d + 1] = 0;
        v[4 * d + 2] = 0;
        v[4 * d + 3] = 0;
        return;
      }
    } else {
      for (let e = 0; e < 4; e++) {
        const x = cpu.vf32[4 * n + e];
        const h = x !== x ? nan32to16(v[4 * n + e], cpu) : cvtToF16(x, false, cpu);
        setTmp(1, e, h);
      }
    }
    if (part === 0) {
      v[4 * d] = tmpW[0];
      v[4 * d + 1] = tmpW[1];
      v[4 * d + 2] = 0;
      v[4 * d + 3] = 0;
    } else {
      v[4 * d + 2] = tmpW[0];
      v[4 * d + 3] = tmpW[1];
    }
  };
}
const tmpF32 = new Float32Array(1);
const tmpF32W = new Uint32Array(tmpF32.buffer);

/** FCVTL/FCVTL2: widen single->double or half->single. */
function fcvtl(dbl: boolean, part: number, d: number, n: number): FpExecFn {
  return (cpu) => {
    const v = cpu.vregs;
    if (dbl) {
      for (let e = 0; e < 2; e++) {
        const i = 4 * n + 2 * part + e;
        const x = cpu.vf32[i];
        if (x !== x) {
          tmpW[2 * e] = nan32to64(v[i], cpu);
          tmpW[2 * e + 1] = nanOut.hi;
        } else {
          tmpF64[0] = cvt32to64(x, cpu);
          tmpW[2 * e] = tmpF64W[0];
          tmpW[2 * e + 1] = tmpF64W[1];
        }
      }
    } else {
      for (let e = 0; e < 4; e++) {
        const h = cpu.vhalf[8 * n + 4 * part + e];
        if (isF16NaN(h, cpu)) tmpW[e] = nan16to32(h, cpu);
        else {
          tmpF32[0] = cvtF16ToNumber(h, cpu);
          tmpW[e] = tmpF32W[0];
        }
      }
    }
    commitTmp(cpu, d, true);
  };
}
const tmpF64 = new Float64Array(1);
const tmpF64W = new Uint32Array(tmpF64.buffer);

/** FRECPX: exponent-only reciprocal (scalar). */
function frecpx(dbl: boolean, d: number, n: number): FpExecFn {
  return (cpu) => {
    const v = cpu.vregs;
    if (dbl) {
      let x = cpu.vf64[2 * n];
      if (x !== x) {
        v[4 * d] = processNaN64(v[4 * n], v[4 * n + 1], cpu);
        v[4 * d + 1] = nanOut.hi;
      } else {
        if ((cpu.fpcr & FPCR_FZ) !== 0) x = flush64(x, cpu);
        const hi = v[4 * n + 1];
        const e = (hi >>> 20) & 0x7ff;
        const sign = hi & 0x80000000;
        v[4 * d] = 0;
        v[4 * d + 1] = (sign | ((x === 0 || e === 0 ? 0x7fe : e === 0x7ff ? 0 : ~e & 0x7ff) << 20)) >>> 0;
        if (x !== 0 && e === 0 && (cpu.fpcr & FPCR_FZ) === 0) v[4 * d + 1] = (sign | (0x7fe << 20)) >>> 0;
      }
    } else {
      let x = cpu.vf32[4 * n];
      if (x !== x) v[4 * d] = processNaN32(v[4 * n], cpu);
      else {
        if ((cpu.fpcr & FPCR_FZ) !== 0) x = flush32(x, cpu);
        const b = v[4 * n];
        const e = (b >>> 23) & 0xff;
        const sign = b & 0x80000000;
        v[4 * d] = (sign | ((x === 0 || e === 0 ? 0xfe : e === 0xff ? 0 : ~e & 0xff) << 23)) >>> 0;
      }
    }
    clearAbove(cpu, d, dbl);
  };
}

/** URECPE / URSQRTE on 32-bit lanes. */
function uEstimate(sqrt: boolean, lanes: number, q: boolean, d: number, n: number): FpExecFn {
  return (cpu) => {
    const v = cpu.vregs;
    for (let e = 0; e < lanes; e++) {
      const x = v[4 * n + e];
      let r: number;
      if (!sqrt) r = x < 0x80000000 ? 0xffffffff : (recipEstimateInt(x >>> 23) << 23) >>> 0;
      else r = x < 0x40000000 ? 0xffffffff : (rsqrtEstimateInt(x >>> 23) << 23) >>> 0;
      v[4 * d + e] = r;
    }
    if (!q) zeroHigh(cpu, d);
  };
}


/** Vector or scalar two-register misc. */
export function decodeTwoRegMisc(insn: number, scalar: boolean): FpExecFn | null {
  const q = scalar || ((insn >>> 30) & 1) === 1;
  const u = ((insn >>> 29) & 1) === 1;
  const size = (insn >>> 22) & 3;
  const opcode = (insn >>> 12) & 31;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const part = (insn >>> 30) & 1;
  const lanes = scalar ? 1 : (q ? 16 : 8) >> size;
  const fp = opcode >= 12 && (opcode >= 16 || (size & 2) !== 0);
  if (!fp || opcode === 18 || opcode === 19 || opcode === 20) {
    return decodeIntMisc(u, size, opcode, q, lanes, d, n, part, scalar);
  }
  return decodeFpMisc(u, size, opcode, q, d, n, part, scalar);
}

function decodeIntMisc(u: boolean, size: number, opcode: number, q: boolean, lanes: number, d: number, n: number, part: number, scalar: boolean): FpExecFn | null {
  const noD = size === 3 && !q;
  if (scalar) {
    // Scalar forms: SUQADD/USQADD, SQABS/SQNEG, compares with zero and ABS/NEG (D), narrowing.
    switch (opcode) {
      case 3:
        return sqaddMixed(u, size, 1, true, d, n, true);
      case 7:
        return intUnaryLanes(u ? U_SQNEG : U_SQABS, size, 1, true, d, n, true);
      case 8:
      case 9:
      case 10:
      case 11:
        if (size !== 3 || (opcode === 10 && u)) return null;
        return intUnaryLanes(zeroCmpOp(opcode, u), 3, 1, false, d, n, true);
      case 18:
        return u && size < 3 ? narrow(3, size, 0, d, n, true) : null;
      case 20:
        return size < 3 ? narrow(u ? 2 : 1, size, 0, d, n, true) : null;
      default:
        return null;
    }
  }
  switch (opcode) {
    case 0: // REV64 / REV32
      if (!u) return size === 3 ? null : rev(size, 8, q, d, n);
      return size >= 2 ? null : rev(size, 4, q, d, n);
    case 1:
      return !u && size === 0 ? rev(0, 2, q, d, n) : null;
    case 2:
    case 6:
      return size === 3 ? null : addlp(u, opcode === 6, size, q, d, n);
    case 3:
      return noD ? null : sqaddMixed(u, size, lanes, q, d, n, false);
    case 4:
      return size === 3 ? null : intUnaryLanes(u ? U_CLZ : U_CLS, size, lanes, q, d, n, false);
    case 5:
      if (!u) return size === 0 ? intUnaryLanes(U_CNT, 0, lanes, q, d, n, false) : null;
      if (size === 0) return intUnaryLanes(U_NOT, 0, lanes, q, d, n, false);
      return size === 1 ? intUnaryLanes(U_RBIT, 0, q ? 16 : 8, q, d, n, false) : null;
    case 7:
      return noD ? null : intUnaryLanes(u ? U_SQNEG : U_SQABS, size, lanes, q, d, n, false);
    case 8:
    case 9:
    case 10:
    case 11:
      if (noD || (opcode === 10 && u)) return null;
      return intUnaryLanes(zeroCmpOp(opcode, u), size, lanes, q, d, n, false);
    case 18:
      if (size === 3) return null;
      return narrow(u ? 3 : 0, size, part, d, n, false);
    case 19:
      return u && size < 3 ? shll(size, part, d, n) : null;
    case 20:
      return size === 3 ? null : narrow(u ? 2 : 1, size, part, d, n, false);
    default:
      return null;
  }
}

function zeroCmpOp(opcode: number, u: boolean): number {
  switch (opcode) {
    case 8:
      return u ? U_CMGE0 : U_CMGT0;
    case 9:
      return u ? U_CMLE0 : U_CMEQ0;
    case 10:
      return U_CMLT0;
    default:
      return u ? U_NEG : U_ABS;
  }
}

function decodeFpMisc(u: boolean, size: number, opcode: number, q: boolean, d: number, n: number, part: number, scalar: boolean): FpExecFn | null {
  const a = size >> 1;
  const dbl = (size & 1) === 1;
  // FCVTN/FCVTXN/FCVTL use Q to pick a half, not the vector length.
  if (dbl && !q && opcode !== 22 && opcode !== 23) return null;
  const lanes = scalar ? 1 : dbl ? 2 : q ? 4 : 2;
  const key = (u ? 64 : 0) + a * 32 + opcode;
  switch (key) {
    case 22: // FCVTN
      return scalar ? null : fcvtn(dbl, part, d, n, false, false);
    case 64 + 22: // FCVTXN
      return dbl ? fcvtn(true, part, d, n, true, scalar) : null;
    case 23: // FCVTL
      return scalar ? null : fcvtl(dbl, part, d, n);
    case 24:
      return scalar ? null : fpUnary(F.UOP_RINT, dbl, lanes, q, d, n, RN, false);
    case 32 + 24:
      return scalar ? null : fpUnary(F.UOP_RINT, dbl, lanes, q, d, n, RP, false);
    case 64 + 24:
      return scalar ? null : fpUnary(F.UOP_RINT, dbl, lanes, q, d, n, TIEAWAY, false);
    case 25:
      return scalar ? null : fpUnary(F.UOP_RINT, dbl, lanes, q, d, n, RM, false);
    case 32 + 25:
      return scalar ? null : fpUnary(F.UOP_RINT, dbl, lanes, q, d, n, RZ, false);
    case 64 + 25:
      return scalar ? null : fpUnary(F.UOP_RINTX, dbl, lanes, q, d, n, -1, false);
    case 64 + 32 + 25: // FRINTI
      return scalar ? null : fpUnary(F.UOP_RINT, dbl, lanes, q, d, n, -1, false);
    case 26:
    case 32 + 26:
    case 64 + 26:
    case 64 + 32 + 26:
    case 27:
    case 32 + 27:
    case 64 + 27:
    case 64 + 32 + 27: {
      // FCVT{N,P,M,Z}{S,U}: opcode 26 -> N (a=0) / P (a=1); 27 -> M / Z.
      const mode = opcode === 26 ? (a ? RP : RN) : a ? RZ : RM;
      return fpToInt(dbl, u, mode, lanes, q, d, n, scalar, 0);
    }
    case 28:
    case 64 + 28: // FCVTAS / FCVTAU
      return fpToInt(dbl, u, TIEAWAY, lanes, q, d, n, scalar, 0);
    case 32 + 28:
    case 64 + 32 + 28: // URECPE / URSQRTE
      return !scalar && !dbl ? uEstimate(u, lanes, q, d, n) : null;
    case 29:
    case 64 + 29: // SCVTF / UCVTF
      return intToFp(dbl, !u, lanes, q, d, n, scalar, 0);
    case 32 + 29:
      return fpUnary(F.UOP_RECPE, dbl, lanes, q, d, n, 0, scalar);
    case 64 + 32 + 29:
      return fpUnary(F.UOP_RSQRTE, dbl, lanes, q, d, n, 0, scalar);
    case 32 + 12:
      return fpCmpZero(F.FOP_CMGT, false, dbl, lanes, q, d, n, scalar);
    case 64 + 32 + 12:
      return fpCmpZero(F.FOP_CMGE, false, dbl, lanes, q, d, n, scalar);
    case 32 + 13:
      return fpCmpZero(F.FOP_CMEQ, false, dbl, lanes, q, d, n, scalar);
    case 64 + 32 + 13: // FCMLE: 0 >= x
      return fpCmpZero(F.FOP_CMGE, true, dbl, lanes, q, d, n, scalar);
    case 32 + 14: // FCMLT: 0 > x
      return fpCmpZero(F.FOP_CMGT, true, dbl, lanes, q, d, n, scalar);
    case 32 + 15:
      return scalar ? null : fpUnary(F.UOP_ABS, dbl, lanes, q, d, n, 0, false);
    case 64 + 32 + 15:
      return scalar ? null : fpUnary(F.UOP_NEG, dbl, lanes, q, d, n, 0, false);
    case 64 + 32 + 31:
      return scalar ? null : fpUnary(F.UOP_SQRT, dbl, lanes, q, d, n, 0, false);
    case 32 + 31: // FRECPX (scalar only)
      return scalar ? frecpx(dbl, d, n) : null;
    default:
      return null;
  }
}

/** Exported for the shift-by-immediate group (fixed-point conversions). */
export { fpToInt, intToFp };
