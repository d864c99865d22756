/**
 * AdvSIMD vector x indexed element (`0 Q U 01111 size L M Rm opcode H 0 Rn Rd`) and the
 * scalar forms (`01 U 11111 size L M Rm opcode H 0 Rn Rd`): MUL, MLA, MLS, SQDMULH,
 * SQRDMULH, (S/U)MULL, (S/U)MLAL, (S/U)MLSL, SQDMULL, SQDMLAL, SQDMLSL, FMUL, FMULX,
 * FMLA, FMLS.
 * @module
 */
import type { FpExecFn } from '../../fpsimd-contract.js';
import { bin32, fma32 } from '../fp/elem32.js';
import { bin64, fma64 } from '../fp/elem64.js';
import * as F from '../fp/ops.js';
import { zeroHigh } from '../vreg.js';
import { commitTmp, getLane, getTmp, setTmp, tmpW } from './lanes.js';
import * as I from './int-ops.js';
import * as L from './long-ops.js';
import { pairScratch } from './three-same.js';

export function decodeIndexed(insn: number, scalar: boolean): FpExecFn | null {
  const q = scalar || ((insn >>> 30) & 1) === 1;
  const u = ((insn >>> 29) & 1) === 1;
  const size = (insn >>> 22) & 3;
  const l = (insn >>> 21) & 1;
  const mBit = (insn >>> 20) & 1;
  const opcode = (insn >>> 12) & 15;
  const h = (insn >>> 11) & 1;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const part = scalar ? 0 : (insn >>> 30) & 1;
  const fp = opcode === 1 || opcode === 5 || opcode === 9;
  if (fp) {
    if ((size & 2) === 0) return null; // FP16 by element: not implemented
    const dbl = (size & 1) === 1;
    if (dbl && (l === 1 || (!q && !scalar))) return null;
    const index = dbl ? h : (h << 1) | l;
    const m = (mBit << 4) | ((insn >>> 16) & 15);
    const lanes = scalar ? 1 : dbl ? 2 : q ? 4 : 2;
    if (opcode === 9) {
      const op = u ? F.FOP_MULX : F.FOP_MUL;
      return (cpu) => {
        // Copy the indexed element into scratch so that aliasing with Vd cannot change it.
        const s = pairScratch(cpu);
        const w = s.vregs;
        const v = cpu.vregs;
        if (dbl) {
          w[0] = v[4 * m + 2 * index];
          w[1] = v[4 * m + 2 * index + 1];
          for (let e = 0; e < lanes; e++) {
            w[4] = v[4 * n + 2 * e];
            w[5] = v[4 * n + 2 * e + 1];
            bin64(op, s, 4, 2, 0);
            v[4 * d + 2 * e] = w[8];
            v[4 * d + 2 * e + 1] = w[9];
          }
        } else {
          w[0] = v[4 * m + index];
          for (let e = 0; e < lanes; e++) {
            w[4] = v[4 * n + e];
            bin32(op, s, 8, 4, 0);
            v[4 * d + e] = w[8];
          }
        }
        cpu.fpsr = s.fpsr;
        finish(cpu, d, dbl, scalar, q);
      };
    }
    if (u) return null;
    const neg = opcode === 5;
    return (cpu) => {
      const s = pairScratch(cpu);
      const w = s.vregs;
      const v = cpu.vregs;
      if (dbl) {
        w[0] = v[4 * m + 2 * index];
        w[1] = v[4 * m + 2 * index + 1];
        for (let e = 0; e < lanes; e++) {
          w[4] = v[4 * n + 2 * e];
          w[5] = v[4 * n + 2 * e + 1];
          w[8] = v[4 * d + 2 * e];
          w[9] = v[4 * d + 2 * e + 1];
          fma64(s, 4, 4, 2, 0, false, neg);
          v[4 * d + 2 * e] = w[8];
          v[4 * d + 2 * e + 1] = w[9];
        }
      } else {
        w[0] = v[4 * m + index];
        for (let e = 0; e < lanes; e++) {
          w[4] = v[4 * n + e];
          w[8] = v[4 * d + e];
          fma32(s, 8, 8, 4, 0, false, neg);
          v[4 * d + e] = w[8];
        }
      }
      cpu.fpsr = s.fpsr;
      finish(cpu, d, dbl, scalar, q);
    };
  }
  // Integer forms: sizes H (index H:L:M, Vm 0..15) and S (index H:L).
  if (size !== 1 && size !== 2) return null;
  const index = size === 1 ? (h << 2) | (l << 1) | mBit : (h << 1) | l;
  const m = size === 1 ? (insn >>> 16) & 15 : (mBit << 4) | ((insn >>> 16) & 15);
  let same = -1;
  let long = -1;
  switch (opcode) {
    case 0:
      same = u ? I.IOP_MLA : -1;
      break;
    case 4:
      same = u ? I.IOP_MLS : -1;
      break;
    case 8:
      same = u ? -1 : I.IOP_MUL;
      break;
    case 12:
      same = u ? -1 : I.IOP_QDMULH;
      break;
    case 13:
      same = u ? -1 : I.IOP_QRDMULH;
      break;
    case 2:
      long = L.L_MLA;
      break;
    case 6:
      long = L.L_MLS;
      break;
    case 10:
      long = L.L_MUL;
      break;
    case 3:
      long = u ? -1 : L.L_QDMLA;
      break;
    case 7:
      long = u ? -1 : L.L_QDMLS;
      break;
    case 11:
      long = u ? -1 : L.L_QDMUL;
      break;
  }
  if (same < 0 && long < 0) return null;
  if (scalar && (same === I.IOP_MLA || same === I.IOP_MLS || same === I.IOP_MUL)) return null;
  if (scalar && (long === L.L_MLA || long === L.L_MLS || long === L.L_MUL)) return null;
  if (same >= 0) {
    const op = same;
    const lanes = scalar ? 1 : (q ? 16 : 8) >> size;
    return (cpu) => {
      const b = getLane(cpu, size, m, index);
      for (let e = 0; e < lanes; e++) setTmp(size, e, I.intOp(op, u, size, getLane(cpu, size, n, e), b, getLane(cpu, size, d, e), cpu));
      if (scalar) {
        tmpW[0] = getTmp(size, 0);
        tmpW[1] = tmpW[2] = tmpW[3] = 0;
      }
      commitTmp(cpu, d, q);
    };
  }
  const op = long;
  const lanes = scalar ? 1 : 8 >> size;
  return (cpu) => {
    const b = getLane(cpu, size, m, index);
    for (let e = 0; e < lanes; e++) L.longLane(op, u, size, getLane(cpu, size, n, e + part * lanes), b, cpu, d, e);
    if (scalar) {
      if (size === 1) {
        tmpW[0] = getTmp(2, 0);
        tmpW[1] = 0;
      }
      tmpW[2] = tmpW[3] = 0;
    }
    commitTmp(cpu, d, true);
  };
}

function finish(cpu: Parameters<FpExecFn>[0], d: number, dbl: boolean, scalar: boolean, q: boolean): void {
  if (scalar) {
    const v = cpu.vregs;
    if (!dbl) v[4 * d + 1] = 0;
    v[4 * d + 2] = 0;
    v[4 * d + 3] = 0;
  } else if (!q) zeroHigh(cpu, d);
}
