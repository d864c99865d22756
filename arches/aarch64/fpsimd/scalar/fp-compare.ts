/**
 * FCMP/FCMPE (register and zero), FCCMP/FCCMPE, FCSEL and FMOV (scalar immediate).
 * @module
 */
import type { A64FpHost, FpExecFn } from '../../fpsimd-contract.js';
import { fcmpFlags, NZCV_UNORDERED } from '../ieee/compare.js';
import { FPSR_IOC } from '../ieee/fp-env.js';
import { isSNaN32, isSNaN64 } from '../ieee/nan.js';
import { expandFpImm, zeroFrom } from '../vreg.js';

function setNzcv(cpu: A64FpHost, f: number): void {
  cpu.nf = (f >>> 3) & 1;
  cpu.zf = (f >>> 2) & 1;
  cpu.cf = (f >>> 1) & 1;
  cpu.vf = f & 1;
}

/** NZCV of comparing S/D register n with m (or +0 when `zero`); signalling: any NaN raises IOC. */
function compare(cpu: A64FpHost, dbl: boolean, n: number, m: number, zero: boolean, signalling: boolean): number {
  let a: number;
  let b: number;
  if (dbl) {
    a = cpu.vf64[2 * n];
    b = zero ? 0 : cpu.vf64[2 * m];
  } else {
    a = cpu.vf32[4 * n];
    b = zero ? 0 : cpu.vf32[4 * m];
  }
  const f = fcmpFlags(a, b, dbl, cpu);
  if (f === NZCV_UNORDERED) {
    const v = cpu.vregs;
    const sn = dbl
      ? isSNaN64(v[4 * n], v[4 * n + 1]) || (!zero && isSNaN64(v[4 * m], v[4 * m + 1]))
      : isSNaN32(v[4 * n]) || (!zero && isSNaN32(v[4 * m]));
    if (signalling || sn) cpu.fpsr |= FPSR_IOC;
  }
  return f;
}

/** FP compare: `M 0 S 11110 ftype 1 Rm op 1000 Rn opcode2`. */
export function decodeFpCompare(insn: number): FpExecFn | null {
  const ftype = (insn >>> 22) & 3;
  if (ftype > 1 || ((insn >>> 14) & 3) !== 0 || (insn & 7) !== 0) return null;
  const dbl = ftype === 1;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  const zero = (insn & 8) !== 0;
  const sig = (insn & 16) !== 0;
  return (cpu) => setNzcv(cpu, compare(cpu, dbl, n, m, zero, sig));
}

/** FP conditional compare: `M 0 S 11110 ftype 1 Rm cond 01 Rn op nzcv`. */
export function decodeFpCondCompare(insn: number): FpExecFn | null {
  const ftype = (insn >>> 22) & 3;
  if (ftype > 1) return null;
  const dbl = ftype === 1;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  const cond = (insn >>> 12) & 15;
  const sig = (insn & 16) !== 0;
  const nzcv = insn & 15;
  return (cpu) => setNzcv(cpu, cpu.conditionHolds(cond) ? compare(cpu, dbl, n, m, false, sig) : nzcv);
}

/** FP conditional select: `M 0 S 11110 ftype 1 Rm cond 11 Rn Rd`. */
export function decodeFpCsel(insn: number): FpExecFn | null {
  const ftype = (insn >>> 22) & 3;
  if (ftype > 1) return null;
  const dbl = ftype === 1;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  const cond = (insn >>> 12) & 15;
  return (cpu) => {
    const s = cpu.conditionHolds(cond) ? n : m;
    const v = cpu.vregs;
    v[4 * d] = v[4 * s];
    if (dbl) {
      v[4 * d + 1] = v[4 * s + 1];
      zeroFrom(cpu, d, 2);
    } else zeroFrom(cpu, d, 1);
  };
}

/** FP immediate: `M 0 S 11110 ftype 1 imm8 100 imm5 Rd` (FMOV Sd/Dd, #imm). */
export function decodeFpImm(insn: number): FpExecFn | null {
  const ftype = (insn >>> 22) & 3;
  if (ftype > 1 || ((insn >>> 5) & 31) !== 0) return null;
  const d = insn & 31;
  const value = expandFpImm((insn >>> 13) & 0xff);
  return ftype === 1
    ? (cpu) => {
        cpu.vf64[2 * d] = value;
        zeroFrom(cpu, d, 2);
      }
    : (cpu) => {
        cpu.vf32[4 * d] = value;
        zeroFrom(cpu, d, 1);
      };
}
