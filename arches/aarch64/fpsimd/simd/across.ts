/**
 * AdvSIMD across lanes (`0 Q U 01110 size 11000 opcode 10 Rn Rd`): ADDV, SADDLV, UADDLV,
 * SMAXV, UMAXV, SMINV, UMINV, FMAXV, FMINV, FMAXNMV, FMINNMV; and the scalar pairwise
 * group (`01 U 11110 size 11000 opcode 10 Rn Rd`): ADDP, FADDP, FMAXP, FMINP, FMAXNMP,
 * FMINNMP.
 * @module
 */
import type { FpExecFn } from '../../fpsimd-contract.js';
import { bin32 } from '../fp/elem32.js';
import { bin64 } from '../fp/elem64.js';
import * as F from '../fp/ops.js';
import { getLane, sext } from './lanes.js';
import { pairScratch } from './three-same.js';
import { add64, r64 } from './int64.js';

function intAcross(kind: number, u: boolean, size: number, lanes: number, d: number, n: number): FpExecFn {
  // kind: 0 ADDV, 1 ADDLV, 2 MAXV, 3 MINV
  return (cpu) => {
    let acc = 0;
    for (let e = 0; e < lanes; e++) {
      const raw = getLane(cpu, size, n, e);
      const x = u ? raw : sext(raw, size);
      if (e === 0) acc = kind === 0 ? raw : x;
      else if (kind === 0) acc = (acc + raw) >>> 0;
      else if (kind === 1) acc += x;
      else if (kind === 2) acc = x > acc ? x : acc;
      else acc = x < acc ? x : acc;
    }
    const v = cpu.vregs;
    v[4 * d + 1] = 0;
    v[4 * d + 2] = 0;
    v[4 * d + 3] = 0;
    const outSize = kind === 1 ? size + 1 : size;
    if (outSize === 3) {
      v[4 * d] = acc >>> 0;
      v[4 * d + 1] = Math.floor(acc / 4294967296) >>> 0;
    } else {
      v[4 * d] = 0;
      const bits = 8 << outSize;
      v[4 * d] = bits === 32 ? acc >>> 0 : (acc & ((1 << bits) - 1)) >>> 0;
    }
  };
}

function fpAcross(op: number, d: number, n: number): FpExecFn {
  // 4S only: ((e0 op e1) op (e2 op e3)) as Arm's Reduce() pairs them recursively.
  return (cpu) => {
    const s = pairScratch(cpu);
    const w = s.vregs;
    const v = cpu.vregs;
    for (let i = 0; i < 4; i++) w[4 + i] = v[4 * n + i];
    bin32(op, s, 0, 4, 5);
    bin32(op, s, 1, 6, 7);
    bin32(op, s, 2, 0, 1);
    cpu.fpsr = s.fpsr;
    v[4 * d] = w[2];
    v[4 * d + 1] = 0;
    v[4 * d + 2] = 0;
    v[4 * d + 3] = 0;
  };
}

/** Vector across-lanes group. */
export function decodeAcrossLanes(insn: number): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const u = ((insn >>> 29) & 1) === 1;
  const size = (insn >>> 22) & 3;
  const opcode = (insn >>> 12) & 31;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  if (opcode === 12 || opcode === 15) {
    // FP forms: U=1, sz=0, Q=1 (U=0 is half precision: not implemented).
    if (!u || (size & 1) !== 0 || !q) return null;
    const a = size >> 1;
    const op = opcode === 12 ? (a ? F.FOP_MINNM : F.FOP_MAXNM) : a ? F.FOP_MIN : F.FOP_MAX;
    return fpAcross(op, d, n);
  }
  if (size === 3 || (size === 2 && !q)) return null;
  const lanes = (q ? 16 : 8) >> size;
  switch (opcode) {
    case 3:
      return intAcross(1, u, size, lanes, d, n);
    case 10:
      return intAcross(2, u, size, lanes, d, n);
    case 26:
      return intAcross(3, u, size, lanes, d, n);
    case 27:
      return u ? null : intAcross(0, true, size, lanes, d, n);
    default:
      return null;
  }
}

/** Scalar pairwise group. */
export function decodeScalarPairwise(insn: number): FpExecFn | null {
  const u = ((insn >>> 29) & 1) === 1;
  const size = (insn >>> 22) & 3;
  const opcode = (insn >>> 12) & 31;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  if (!u) {
    if (opcode !== 27 || size !== 3) return null; // ADDP D (the FP16 forms are not implemented)
    return (cpu) => {
      const v = cpu.vregs;
      add64(v[4 * n], v[4 * n + 1], v[4 * n + 2], v[4 * n + 3]);
      v[4 * d] = r64.lo;
      v[4 * d + 1] = r64.hi;
      v[4 * d + 2] = 0;
      v[4 * d + 3] = 0;
    };
  }
  const a = size >> 1;
  const dbl = (size & 1) === 1;
  let op: number;
  if (opcode === 12) op = a ? F.FOP_MINNM : F.FOP_MAXNM;
  else if (opcode === 13 && !a) op = F.FOP_ADD;
  else if (opcode === 15) op = a ? F.FOP_MIN : F.FOP_MAX;
  else return null;
  return (cpu) => {
    const s = pairScratch(cpu);
    const w = s.vregs;
    const v = cpu.vregs;
    for (let i = 0; i < 4; i++) w[4 + i] = v[4 * n + i];
    if (dbl) bin64(op, s, 0, 2, 3);
    else bin32(op, s, 0, 4, 5);
    cpu.fpsr = s.fpsr;
    v[4 * d] = w[0];
    v[4 * d + 1] = dbl ? w[1] : 0;
    v[4 * d + 2] = 0;
    v[4 * d + 3] = 0;
  };
}
