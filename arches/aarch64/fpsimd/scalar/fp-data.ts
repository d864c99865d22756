/**
 * Scalar floating-point data processing: 1-source (FMOV, FABS, FNEG, FSQRT, FCVT, FRINT*),
 * 2-source (FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL) and 3-source
 * (FMADD, FMSUB, FNMADD, FNMSUB). Half-precision arithmetic (FEAT_FP16) is not implemented:
 * those encodings decode as unallocated; FCVT to and from half is supported.
 * @module
 */
import type { FpExecFn } from '../../fpsimd-contract.js';
import { bin32, fma32, un32 } from '../fp/elem32.js';
import { bin64, fma64, un64 } from '../fp/elem64.js';
import * as O from '../fp/ops.js';
import { RM, RN, RP, RZ, TIEAWAY, fpcrRounding } from '../ieee/fp-env.js';
import {
  cvt32to64,
  cvt64to32,
  cvtF16ToNumber,
  cvtToF16,
  isF16NaN,
  nan16to32,
  nan16to64,
  nan32to16,
  nan32to64,
  nan64to16,
  nan64to32,
} from '../ieee/convert.js';
import { nanOut } from '../ieee/nan.js';
import { zeroFrom } from '../vreg.js';

const FRINT_MODE = [RN, RP, RM, RZ, TIEAWAY, -1, -2, -2];

/** FP data-processing (1 source): `M 0 S 11110 ftype 1 opcode 10000 Rn Rd`. */
export function decodeFpDp1(insn: number): FpExecFn | null {
  const ftype = (insn >>> 22) & 3;
  const opc = (insn >>> 15) & 0x3f;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  if (ftype === 2) return null;
  if (opc >= 4 && opc <= 7) return decodeFcvt(ftype, opc & 3, d, n);
  if (ftype === 3) return null; // FEAT_FP16 arithmetic
  const dbl = ftype === 1;
  let uop: number;
  let mode = 0;
  switch (opc) {
    case 0: // FMOV (register)
      return dbl
        ? (cpu) => {
            const v = cpu.vregs;
            v[4 * d] = v[4 * n];
            v[4 * d + 1] = v[4 * n + 1];
            zeroFrom(cpu, d, 2);
          }
        : (cpu) => {
            cpu.vregs[4 * d] = cpu.vregs[4 * n];
            zeroFrom(cpu, d, 1);
          };
    case 1:
      uop = O.UOP_ABS;
      break;
    case 2:
      uop = O.UOP_NEG;
      break;
    case 3:
      uop = O.UOP_SQRT;
      break;
    default: {
      if (opc < 8 || opc > 15 || opc === 13) return null;
      const m = FRINT_MODE[opc - 8];
      uop = opc === 14 ? O.UOP_RINTX : O.UOP_RINT;
      if (m >= 0) mode = m;
      else {
        // FRINTX / FRINTI: the FPCR mode at execution time.
        return dbl
          ? (cpu) => {
              un64(uop, cpu, 2 * d, 2 * n, fpcrRounding(cpu.fpcr));
              zeroFrom(cpu, d, 2);
            }
          : (cpu) => {
              un32(uop, cpu, 4 * d, 4 * n, fpcrRounding(cpu.fpcr));
              zeroFrom(cpu, d, 1);
            };
      }
    }
  }
  return dbl
    ? (cpu) => {
        un64(uop, cpu, 2 * d, 2 * n, mode);
        zeroFrom(cpu, d, 2);
      }
    : (cpu) => {
        un32(uop, cpu, 4 * d, 4 * n, mode);
        zeroFrom(cpu, d, 1);
      };
}

/** FCVT between half (3), single (0) and double (1). */
function decodeFcvt(from: number, to: number, d: number, n: number): FpExecFn | null {
  if (from === to || to === 2) return null;
  const key = from * 4 + to;
  switch (key) {
    case 0 * 4 + 1: // S -> D
      return (cpu) => {
        const x = cpu.vf32[4 * n];
        if (x !== x) {
          const lo = nan32to64(cpu.vregs[4 * n], cpu);
          cpu.vregs[4 * d] = lo;
          cpu.vregs[4 * d + 1] = nanOut.hi;
        } else cpu.vf64[2 * d] = cvt32to64(x, cpu);
        zeroFrom(cpu, d, 2);
      };
    case 1 * 4 + 0: // D -> S
      return (cpu) => {
        const x = cpu.vf64[2 * n];
        if (x !== x) cpu.vregs[4 * d] = nan64to32(cpu.vregs[4 * n], cpu.vregs[4 * n + 1], cpu);
        else cpu.vf32[4 * d] = cvt64to32(x, cpu);
        zeroFrom(cpu, d, 1);
      };
    case 0 * 4 + 3: // S -> H
      return (cpu) => {
        const x = cpu.vf32[4 * n];
        const h = x !== x ? nan32to16(cpu.vregs[4 * n], cpu) : cvtToF16(x, false, cpu);
        cpu.vregs[4 * d] = h;
        zeroFrom(cpu, d, 1);
      };
    case 1 * 4 + 3: // D -> H
      return (cpu) => {
        const x = cpu.vf64[2 * n];
        const h = x !== x ? nan64to16(cpu.vregs[4 * n], cpu.vregs[4 * n + 1], cpu) : cvtToF16(x, true, cpu);
        cpu.vregs[4 * d] = h;
        zeroFrom(cpu, d, 1);
      };
    case 3 * 4 + 0: // H -> S
      return (cpu) => {
        const h = cpu.vregs[4 * n] & 0xffff;
        if (isF16NaN(h, cpu)) cpu.vregs[4 * d] = nan16to32(h, cpu);
        else cpu.vf32[4 * d] = cvtF16ToNumber(h, cpu);
        zeroFrom(cpu, d, 1);
      };
    case 3 * 4 + 1: // H -> D
      return (cpu) => {
        const h = cpu.vregs[4 * n] & 0xffff;
        if (isF16NaN(h, cpu)) {
          const lo = nan16to64(h, cpu);
          cpu.vregs[4 * d] = lo;
          cpu.vregs[4 * d + 1] = nanOut.hi;
        } else cpu.vf64[2 * d] = cvtF16ToNumber(h, cpu);
        zeroFrom(cpu, d, 2);
      };
    default:
      return null;
  }
}

const DP2_OPS = [
  O.FOP_MUL,
  O.FOP_DIV,
  O.FOP_ADD,
  O.FOP_SUB,
  O.FOP_MAX,
  O.FOP_MIN,
  O.FOP_MAXNM,
  O.FOP_MINNM,
  O.FOP_NMUL,
];

/** FP data-processing (2 source): `M 0 S 11110 ftype 1 Rm opcode 10 Rn Rd`. */
export function decodeFpDp2(insn: number): FpExecFn | null {
  const ftype = (insn >>> 22) & 3;
  const opc = (insn >>> 12) & 15;
  if (ftype > 1 || opc > 8) return null;
  const op = DP2_OPS[opc];
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  return ftype === 1
    ? (cpu) => {
        bin64(op, cpu, 2 * d, 2 * n, 2 * m);
        zeroFrom(cpu, d, 2);
      }
    : (cpu) => {
        bin32(op, cpu, 4 * d, 4 * n, 4 * m);
        zeroFrom(cpu, d, 1);
      };
}

/** FP data-processing (3 source): `M 0 S 11111 ftype o1 Rm o0 Ra Rn Rd`. */
export function decodeFpDp3(insn: number): FpExecFn | null {
  const ftype = (insn >>> 22) & 3;
  if (ftype > 1) return null;
  const o1 = (insn >>> 21) & 1;
  const o0 = (insn >>> 15) & 1;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const a = (insn >>> 10) & 31;
  const m = (insn >>> 16) & 31;
  // FMADD: a + n*m; FMSUB: a - n*m; FNMADD: -a - n*m; FNMSUB: -a + n*m.
  const negA = o1 === 1;
  const negN = o0 !== o1;
  return ftype === 1
    ? (cpu) => {
        fma64(cpu, 2 * d, 2 * a, 2 * n, 2 * m, negA, negN);
        zeroFrom(cpu, d, 2);
      }
    : (cpu) => {
        fma32(cpu, 4 * d, 4 * a, 4 * n, 4 * m, negA, negN);
        zeroFrom(cpu, d, 1);
      };
}
