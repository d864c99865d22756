/**
 * AdvSIMD three same (vector `0 Q U 01110 size 1 Rm opcode 1 Rn Rd` and scalar
 * `01 U 11110 size 1 Rm opcode 1 Rn Rd`): integer arithmetic, compares, shifts, logic,
 * pairwise forms, and the floating-point three-same group.
 * @module
 */
import type { A64FpHost, FpExecFn } from '../../fpsimd-contract.js';
import { bin32, fma32 } from '../fp/elem32.js';
import { bin64, fma64 } from '../fp/elem64.js';
import * as F from '../fp/ops.js';
import { zeroHigh } from '../vreg.js';
import { commitTmp, getLane, setLane, setTmp, tmpW } from './lanes.js';
import * as I from './int-ops.js';
import { intOp, intOp64 } from './int-ops.js';
import { r64 } from './int64.js';

/** opcode (bits 15:11) -> [signed op, unsigned op]; -1 unallocated. */
const INT_OPS: readonly (readonly [number, number])[] = [
  [I.IOP_HADD, I.IOP_HADD], // 00000 SHADD/UHADD
  [I.IOP_QADD, I.IOP_QADD], // 00001
  [I.IOP_RHADD, I.IOP_RHADD], // 00010
  [-1, -1], // 00011 logic (separate)
  [I.IOP_HSUB, I.IOP_HSUB], // 00100
  [I.IOP_QSUB, I.IOP_QSUB], // 00101
  [I.IOP_CMGT, I.IOP_CMGT], // 00110 CMGT/CMHI
  [I.IOP_CMGE, I.IOP_CMGE], // 00111 CMGE/CMHS
  [I.IOP_SHL, I.IOP_SHL], // 01000 SSHL/USHL
  [I.IOP_QSHL, I.IOP_QSHL], // 01001
  [I.IOP_RSHL, I.IOP_RSHL], // 01010
  [I.IOP_QRSHL, I.IOP_QRSHL], // 01011
  [I.IOP_MAX, I.IOP_MAX], // 01100
  [I.IOP_MIN, I.IOP_MIN], // 01101
  [I.IOP_ABD, I.IOP_ABD], // 01110
  [I.IOP_ABA, I.IOP_ABA], // 01111
  [I.IOP_ADD, I.IOP_SUB], // 10000
  [I.IOP_CMTST, I.IOP_CMEQ], // 10001
  [I.IOP_MLA, I.IOP_MLS], // 10010
  [I.IOP_MUL, I.IOP_PMUL], // 10011
  [I.IOP_MAX, I.IOP_MAX], // 10100 SMAXP/UMAXP
  [I.IOP_MIN, I.IOP_MIN], // 10101 SMINP/UMINP
  [I.IOP_QDMULH, I.IOP_QRDMULH], // 10110
  [I.IOP_ADD, -1], // 10111 ADDP
];

/** Ops allowed on 64-bit lanes (vector 2D and scalar D). */
function ok64(op: number): boolean {
  return (
    op === I.IOP_ADD ||
    op === I.IOP_SUB ||
    op === I.IOP_CMGT ||
    op === I.IOP_CMGE ||
    op === I.IOP_CMEQ ||
    op === I.IOP_CMTST ||
    op === I.IOP_SHL ||
    op === I.IOP_RSHL ||
    op === I.IOP_QSHL ||
    op === I.IOP_QRSHL ||
    op === I.IOP_QADD ||
    op === I.IOP_QSUB
  );
}

/** ADD/SUB on whole words (SWAR for 8- and 16-bit lanes): the most frequent vector ops. */
function addSubWords(sub: boolean, size: number, q: boolean, d: number, n: number, m: number): FpExecFn {
  const words = q ? 4 : 2;
  const hi = size === 0 ? 0x80808080 : 0x80008000;
  const lo = ~hi;
  if (size === 2) {
    return sub
      ? (cpu) => {
          const v = cpu.vregs;
          for (let w = 0; w < words; w++) v[4 * d + w] = v[4 * n + w] - v[4 * m + w];
          if (!q) zeroHigh(cpu, d);
        }
      : (cpu) => {
          const v = cpu.vregs;
          for (let w = 0; w < words; w++) v[4 * d + w] = v[4 * n + w] + v[4 * m + w];
          if (!q) zeroHigh(cpu, d);
        };
  }
  return sub
    ? (cpu) => {
        const v = cpu.vregs;
        for (let w = 0; w < words; w++) {
          const a = v[4 * n + w];
          const b = v[4 * m + w];
          v[4 * d + w] = ((a | hi) - (b & lo)) ^ ((a ^ ~b) & hi);
        }
        if (!q) zeroHigh(cpu, d);
      }
    : (cpu) => {
        const v = cpu.vregs;
        for (let w = 0; w < words; w++) {
          const a = v[4 * n + w];
          const b = v[4 * m + w];
          v[4 * d + w] = ((a & lo) + (b & lo)) ^ ((a ^ b) & hi);
        }
        if (!q) zeroHigh(cpu, d);
      };
}

/** Element-wise integer op over `lanes` lanes of size `size` (0..3). */
function intLanes(op: number, u: boolean, size: number, lanes: number, q: boolean, d: number, n: number, m: number): FpExecFn {
  if (size < 3 && (op === I.IOP_ADD || op === I.IOP_SUB)) return addSubWords(op === I.IOP_SUB, size, q, d, n, m);
  if (size === 3) {
    return (cpu) => {
      const v = cpu.vregs;
      for (let e = 0; e < lanes; e++) {
        const i = 2 * e;
        intOp64(op, u, v[4 * n + i], v[4 * n + i + 1], v[4 * m + i], v[4 * m + i + 1], cpu);
        v[4 * d + i] = r64.lo;
        v[4 * d + i + 1] = r64.hi;
      }
      if (!q) zeroHigh(cpu, d);
    };
  }
  return (cpu) => {
    for (let e = 0; e < lanes; e++) {
      const a = getLane(cpu, size, n, e);
      const b = getLane(cpu, size, m, e);
      setLane(cpu, size, d, e, intOp(op, u, size, a, b, getLane(cpu, size, d, e), cpu));
    }
    if (!q) zeroHigh(cpu, d);
  };
}

/** Pairwise integer op: lanes of Vn then Vm, adjacent pairs combined. */
function intPairwise(op: number, u: boolean, size: number, lanes: number, q: boolean, d: number, n: number, m: number): FpExecFn {
  const half = lanes >> 1;
  return (cpu) => {
    for (let e = 0; e < lanes; e++) {
      const src = e < half ? n : m;
      const j = 2 * (e < half ? e : e - half);
      if (size === 3) {
        const v = cpu.vregs;
        intOp64(op, u, v[4 * src + 2 * j], v[4 * src + 2 * j + 1], v[4 * src + 2 * j + 2], v[4 * src + 2 * j + 3], cpu);
        tmpW[2 * e] = r64.lo;
        tmpW[2 * e + 1] = r64.hi;
      } else {
        const a = getLane(cpu, size, src, j);
        const b = getLane(cpu, size, src, j + 1);
        setTmp(size, e, intOp(op, u, size, a, b, 0, cpu));
      }
    }
    commitTmp(cpu, d, q);
  };
}

/** AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF on whole words. */
function logic(kind: number, q: boolean, d: number, n: number, m: number): FpExecFn {
  const words = q ? 4 : 2;
  return (cpu) => {
    const v = cpu.vregs;
    for (let w = 0; w < words; w++) {
      const a = v[4 * n + w];
      const b = v[4 * m + w];
      const x = v[4 * d + w];
      let r: number;
      switch (kind) {
        case 0:
          r = a & b;
          break;
        case 1:
          r = a & ~b;
          break;
        case 2:
          r = a | b;
          break;
        case 3:
          r = a | ~b;
          break;
        case 4:
          r = a ^ b;
          break;
        case 5: // BSL: d selects between n (1) and m (0)
          r = (x & a) | (~x & b);
          break;
        case 6: // BIT: insert n where m is 1
          r = (a & b) | (x & ~b);
          break;
        default: // BIF: insert n where m is 0
          r = (a & ~b) | (x & b);
      }
      v[4 * d + w] = r;
    }
    if (!q) zeroHigh(cpu, d);
  };
}

/** Vector integer three same. */
export function decodeIntThreeSame(insn: number): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const u = ((insn >>> 29) & 1) === 1;
  const size = (insn >>> 22) & 3;
  const opcode = (insn >>> 11) & 31;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  if (opcode === 3) return logic((u ? 4 : 0) + size, q, d, n, m);
  if (opcode >= 24) return null;
  const op = INT_OPS[opcode][u ? 1 : 0];
  if (op < 0) return null;
  if (size === 3 && (!q || !ok64(op))) return null;
  if ((op === I.IOP_MUL || op === I.IOP_MLA || op === I.IOP_MLS) && size === 3) return null;
  if (op === I.IOP_PMUL && size !== 0) return null;
  if ((op === I.IOP_QDMULH || op === I.IOP_QRDMULH) && (size === 0 || size === 3)) return null;
  const lanes = (q ? 16 : 8) >> size;
  if (opcode >= 20 && opcode <= 23 && opcode !== 22) return intPairwise(op, u, size, lanes, q, d, n, m);
  // U selects SQRDMULH over SQDMULH; both are signed.
  return intLanes(op, u && opcode !== 22, size, lanes, q, d, n, m);
}

/** Scalar integer three same. */
export function decodeScalarIntThreeSame(insn: number): FpExecFn | null {
  const u = ((insn >>> 29) & 1) === 1;
  const size = (insn >>> 22) & 3;
  const opcode = (insn >>> 11) & 31;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  if (opcode >= 24 || opcode === 3) return null;
  const op = INT_OPS[opcode][u ? 1 : 0];
  // Saturating add/sub/shift exist at every size; the rest only for D, except (R)DMULH at H/S.
  const anySize = op === I.IOP_QADD || op === I.IOP_QSUB || op === I.IOP_QSHL || op === I.IOP_QRSHL;
  const dmulh = opcode === 22;
  if (opcode >= 20 && !dmulh) return null;
  if (op < 0 || op === I.IOP_HADD || op === I.IOP_RHADD || op === I.IOP_HSUB) return null;
  if (dmulh) {
    if (size !== 1 && size !== 2) return null;
  } else if (!anySize && size !== 3) return null;
  if (size === 3 && !ok64(op)) return null;
  const su = u && !dmulh;
  if (size === 3) {
    return (cpu) => {
      const v = cpu.vregs;
      intOp64(op, su, v[4 * n], v[4 * n + 1], v[4 * m], v[4 * m + 1], cpu);
      v[4 * d] = r64.lo;
      v[4 * d + 1] = r64.hi;
      v[4 * d + 2] = 0;
      v[4 * d + 3] = 0;
    };
  }
  return (cpu) => {
    const r = intOp(op, su, size, getLane(cpu, size, n, 0), getLane(cpu, size, m, 0), 0, cpu);
    const v = cpu.vregs;
    v[4 * d] = 0;
    setLane(cpu, size, d, 0, r);
    v[4 * d + 1] = 0;
    v[4 * d + 2] = 0;
    v[4 * d + 3] = 0;
  };
}

// ---------------------------------------------------------------------------------------
// Floating point three same.

/** Index [U][a][opcode - 24] -> FOP (or special codes below); -1 unallocated. */
const FMLA = 100;
const FMLS = 101;
const PAIR = 1000; // added to an FOP for the pairwise forms
const FP_OPS: readonly (readonly (readonly number[])[])[] = [
  [
    [F.FOP_MAXNM, FMLA, F.FOP_ADD, F.FOP_MULX, F.FOP_CMEQ, -1, F.FOP_MAX, F.FOP_RECPS],
    [F.FOP_MINNM, FMLS, F.FOP_SUB, -1, -1, -1, F.FOP_MIN, F.FOP_RSQRTS],
  ],
  [
    [PAIR + F.FOP_MAXNM, -1, PAIR + F.FOP_ADD, F.FOP_MUL, F.FOP_CMGE, F.FOP_ACGE, PAIR + F.FOP_MAX, F.FOP_DIV],
    [PAIR + F.FOP_MINNM, -1, F.FOP_ABD, -1, F.FOP_CMGT, F.FOP_ACGT, PAIR + F.FOP_MIN, -1],
  ],
];

function fpLanes(op: number, dbl: boolean, lanes: number, q: boolean, d: number, n: number, m: number): FpExecFn {
  if (op === FMLA || op === FMLS) {
    const neg = op === FMLS;
    return dbl
      ? (cpu) => {
          for (let e = 0; e < lanes; e++) fma64(cpu, 2 * d + e, 2 * d + e, 2 * n + e, 2 * m + e, false, neg);
          if (!q) zeroHigh(cpu, d);
        }
      : (cpu) => {
          for (let e = 0; e < lanes; e++) fma32(cpu, 4 * d + e, 4 * d + e, 4 * n + e, 4 * m + e, false, neg);
          if (!q) zeroHigh(cpu, d);
        };
  }
  return dbl
    ? (cpu) => {
        for (let e = 0; e < lanes; e++) bin64(op, cpu, 2 * d + e, 2 * n + e, 2 * m + e);
        if (!q) zeroHigh(cpu, d);
      }
    : (cpu) => {
        for (let e = 0; e < lanes; e++) bin32(op, cpu, 4 * d + e, 4 * n + e, 4 * m + e);
        if (!q) zeroHigh(cpu, d);
      };
}

/**
 * Pairwise FP op. Operands are copied to a private scratch register file (V0..V3 of a
 * mini host) so that the element helpers can run on them without clobbering sources.
 */
function fpPairwise(op: number, dbl: boolean, lanes: number, q: boolean, d: number, n: number, m: number): FpExecFn {
  const half = lanes >> 1;
  return (cpu) => {
    const s = pairScratch(cpu);
    const v = cpu.vregs;
    const w = s.vregs;
    // Scratch V1 = Vn, V2 = Vm; pairs are combined into scratch V0.
    for (let i = 0; i < 4; i++) {
      w[4 + i] = v[4 * n + i];
      w[8 + i] = v[4 * m + i];
    }
    for (let e = 0; e < lanes; e++) {
      const src = e < half ? 1 : 2;
      const j = 2 * (e < half ? e : e - half);
      if (dbl) bin64(op, s, e, 2 * src + j, 2 * src + j + 1);
      else bin32(op, s, e, 4 * src + j, 4 * src + j + 1);
    }
    cpu.fpsr = s.fpsr;
    for (let i = 0; i < 4; i++) v[4 * d + i] = i < 2 || q ? w[i] : 0;
  };
}

/** A small host-like scratch (4 V registers) for pairwise and across-lanes FP reductions. */
class FpScratch {
  readonly vregs = new Uint32Array(16);
  readonly vbytes = new Uint8Array(this.vregs.buffer);
  readonly vhalf = new Uint16Array(this.vregs.buffer);
  readonly vf32 = new Float32Array(this.vregs.buffer);
  readonly vf64 = new Float64Array(this.vregs.buffer);
  fpcr = 0;
  fpsr = 0;
}
const scratch = new FpScratch();

/** The shared FP scratch, with the CPU's FPCR/FPSR loaded (copy fpsr back afterwards). */
export function pairScratch(cpu: A64FpHost): A64FpHost {
  scratch.fpcr = cpu.fpcr;
  scratch.fpsr = cpu.fpsr;
  return scratch as unknown as A64FpHost;
}

/** Vector FP three same (size<1> = a, size<0> = sz). */
export function decodeFpThreeSame(insn: number): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const u = (insn >>> 29) & 1;
  const a = (insn >>> 23) & 1;
  const dbl = ((insn >>> 22) & 1) === 1;
  const opcode = (insn >>> 11) & 31;
  if (opcode < 24 || (dbl && !q)) return null;
  const op = FP_OPS[u][a][opcode - 24];
  if (op < 0) return null;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  const lanes = dbl ? 2 : q ? 4 : 2;
  if (op >= PAIR) return fpPairwise(op - PAIR, dbl, lanes, q, d, n, m);
  return fpLanes(op, dbl, lanes, q, d, n, m);
}

/** Scalar FP three same: FMULX, FCMEQ, FRECPS, FRSQRTS, FCMGE, FACGE, FABD, FCMGT, FACGT. */
export function decodeScalarFpThreeSame(insn: number): FpExecFn | null {
  const u = (insn >>> 29) & 1;
  const a = (insn >>> 23) & 1;
  const dbl = ((insn >>> 22) & 1) === 1;
  const opcode = (insn >>> 11) & 31;
  if (opcode < 24) return null;
  const op = FP_OPS[u][a][opcode - 24];
  const allowed =
    op === F.FOP_MULX ||
    op === F.FOP_CMEQ ||
    op === F.FOP_RECPS ||
    op === F.FOP_RSQRTS ||
    op === F.FOP_CMGE ||
    op === F.FOP_ACGE ||
    op === F.FOP_ABD ||
    op === F.FOP_CMGT ||
    op === F.FOP_ACGT;
  if (!allowed) return null;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  return dbl
    ? (cpu) => {
        bin64(op, cpu, 2 * d, 2 * n, 2 * m);
        cpu.vregs[4 * d + 2] = 0;
        cpu.vregs[4 * d + 3] = 0;
      }
    : (cpu) => {
        bin32(op, cpu, 4 * d, 4 * n, 4 * m);
        cpu.vregs[4 * d + 1] = 0;
        cpu.vregs[4 * d + 2] = 0;
        cpu.vregs[4 * d + 3] = 0;
      };
}
