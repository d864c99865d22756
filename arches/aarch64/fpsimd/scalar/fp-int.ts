/**
 * Conversions between floating point and general registers: FCVT{N,P,M,Z,A}{S,U},
 * SCVTF/UCVTF (integer and fixed point), FMOV between general and FP registers
 * (including the top half V.D[1]), FJCVTZS.
 * @module
 */
import type { A64FpHost, FpExecFn } from '../../fpsimd-contract.js';
import { fixedToFp, fpToFixed, intOut } from '../ieee/convert.js';
import { FPSR_IOC, FPSR_IXC, RM, RN, RP, RZ, TIEAWAY, fpcrRounding } from '../ieee/fp-env.js';
import { put32 } from '../fp/elem32.js';
import { put64 } from '../fp/elem64.js';
import { zeroFrom } from '../vreg.js';

const RMODES = [RN, RP, RM, RZ];
/** FEAT_JSCVT is not part of the modelled CPU. */
const JSCVT_ENABLED = false;

/** Read S/D register n as a number (NaN stays NaN: the result is 0 with IOC either way). */
function readFp(cpu: A64FpHost, n: number, dbl: boolean): number {
  return dbl ? cpu.vf64[2 * n] : cpu.vf32[4 * n];
}

function toGeneral(d: number, n: number, dbl: boolean, sf: boolean, unsigned: boolean, mode: number, fbits: number): FpExecFn {
  return sf
    ? (cpu) => {
        const lo = fpToFixed(readFp(cpu, n, dbl), fbits, mode, unsigned, true, dbl, cpu);
        cpu.setX(d, lo, intOut.hi);
      }
    : (cpu) => cpu.setW(d, fpToFixed(readFp(cpu, n, dbl), fbits, mode, unsigned, false, dbl, cpu));
}

function fromGeneral(d: number, n: number, dbl: boolean, sf: boolean, signed: boolean, fbits: number): FpExecFn {
  return (cpu) => {
    const x = cpu.x;
    const r = fixedToFp(x[2 * n], sf ? x[2 * n + 1] : 0, signed, sf, fbits, dbl, fpcrRounding(cpu.fpcr), cpu);
    if (dbl) {
      put64(cpu, 2 * d, r);
      zeroFrom(cpu, d, 2);
    } else {
      put32(cpu, 4 * d, r);
      zeroFrom(cpu, d, 1);
    }
  };
}

/** FP <-> fixed point: `sf 0 S 11110 ftype 0 rmode opcode scale Rn Rd`. */
export function decodeFpFixed(insn: number): FpExecFn | null {
  const sf = (insn >>> 31) !== 0;
  const ftype = (insn >>> 22) & 3;
  const rmode = (insn >>> 19) & 3;
  const opc = (insn >>> 16) & 7;
  const scale = (insn >>> 10) & 63;
  if (ftype > 1 || (!sf && scale < 32)) return null;
  const fbits = 64 - scale;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const dbl = ftype === 1;
  if (rmode === 3 && opc <= 1) return toGeneral(d, n, dbl, sf, opc === 1, RZ, fbits);
  if (rmode === 0 && (opc === 2 || opc === 3)) return fromGeneral(d, n, dbl, sf, opc === 2, fbits);
  return null;
}

/** FP <-> integer: `sf 0 S 11110 ftype 1 rmode opcode 000000 Rn Rd`. */
export function decodeFpInt(insn: number): FpExecFn | null {
  const sf = (insn >>> 31) !== 0;
  const ftype = (insn >>> 22) & 3;
  const rmode = (insn >>> 19) & 3;
  const opc = (insn >>> 16) & 7;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  if (opc === 6 || opc === 7) return decodeFmovGeneral(sf, ftype, rmode, opc === 7, d, n);
  if (ftype > 1) return null;
  const dbl = ftype === 1;
  switch (opc) {
    case 0:
    case 1:
      return toGeneral(d, n, dbl, sf, opc === 1, RMODES[rmode], 0);
    case 2:
    case 3:
      return rmode === 0 ? fromGeneral(d, n, dbl, sf, opc === 2, 0) : null;
    default: // 4, 5: FCVTAS / FCVTAU
      return rmode === 0 ? toGeneral(d, n, dbl, sf, opc === 5, TIEAWAY, 0) : null;
  }
}

function decodeFmovGeneral(sf: boolean, ftype: number, rmode: number, toFp: boolean, d: number, n: number): FpExecFn | null {
  // FJCVTZS (rmode 3) is FEAT_JSCVT (Armv8.3): UNDEFINED on the Cortex-A57 model. The
  // implementation below is kept for a future CPU model that advertises it.
  if (rmode === 3 && ftype === 1 && !sf && !toFp) return JSCVT_ENABLED ? fjcvtzs(d, n) : null;
  if (rmode === 1) {
    // FMOV Xd, Vn.D[1] / FMOV Vd.D[1], Xn: the other half of the register is kept.
    if (!sf || ftype !== 2) return null;
    return toFp
      ? (cpu) => {
          cpu.vregs[4 * d + 2] = cpu.x[2 * n];
          cpu.vregs[4 * d + 3] = cpu.x[2 * n + 1];
        }
      : (cpu) => cpu.setX(d, cpu.vregs[4 * n + 2], cpu.vregs[4 * n + 3]);
  }
  if (rmode !== 0) return null;
  if (ftype === 0 && !sf) {
    return toFp
      ? (cpu) => {
          cpu.vregs[4 * d] = cpu.x[2 * n];
          zeroFrom(cpu, d, 1);
        }
      : (cpu) => cpu.setW(d, cpu.vregs[4 * n]);
  }
  if (ftype === 1 && sf) {
    return toFp
      ? (cpu) => {
          cpu.vregs[4 * d] = cpu.x[2 * n];
          cpu.vregs[4 * d + 1] = cpu.x[2 * n + 1];
          zeroFrom(cpu, d, 2);
        }
      : (cpu) => cpu.setX(d, cpu.vregs[4 * n], cpu.vregs[4 * n + 1]);
  }
  return null; // FMOV with H registers needs FEAT_FP16
}

/**
 * FJCVTZS: double to int32 rounding toward zero, modulo 2^32 (JavaScript ToInt32), Z set
 * when the conversion was exact and in range.
 */
function fjcvtzs(d: number, n: number): FpExecFn {
  return (cpu) => {
    const x = cpu.vf64[2 * n];
    let exact = false;
    let r = 0;
    if (x !== x || x === Infinity || x === -Infinity) cpu.fpsr |= FPSR_IOC;
    else {
      const t = Math.trunc(x);
      r = t | 0; // ToInt32 wraps modulo 2^32
      exact = t === x && t >= -2147483648 && t <= 2147483647;
      if (t !== x) cpu.fpsr |= FPSR_IXC;
      else if (!exact) cpu.fpsr |= FPSR_IOC;
    }
    cpu.setW(d, r >>> 0);
    cpu.nf = 0;
    cpu.zf = exact ? 1 : 0;
    cpu.cf = 0;
    cpu.vf = 0;
  };
}
