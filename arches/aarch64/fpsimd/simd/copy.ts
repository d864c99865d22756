/**
 * AdvSIMD copy (`0 Q op 01110000 imm5 0 imm4 1 Rn Rd`): DUP (element, general), INS
 * (element, general), UMOV, SMOV; and scalar DUP (element) (`01 0 11110000 imm5 0 0000 1`).
 * @module
 */
import type { FpExecFn } from '../../fpsimd-contract.js';
import { zeroHigh } from '../vreg.js';
import { getLane, setLane, sext } from './lanes.js';

/** Element size from imm5 (lowest set bit), or -1. */
function sizeOf(imm5: number): number {
  for (let s = 0; s < 4; s++) if (imm5 & (1 << s)) return s;
  return -1;
}

export function decodeCopy(insn: number): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const op = (insn >>> 29) & 1;
  const imm5 = (insn >>> 16) & 31;
  const imm4 = (insn >>> 11) & 15;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const size = sizeOf(imm5);
  if (size < 0) return null;
  const index = imm5 >>> (size + 1);
  if (op === 1) {
    if (!q) return null;
    // INS (element): Vd[index] = Vn[imm4 >> size]
    const src = imm4 >>> size;
    if (size === 3) {
      return (cpu) => {
        const v = cpu.vregs;
        v[4 * d + 2 * index] = v[4 * n + 2 * src];
        v[4 * d + 2 * index + 1] = v[4 * n + 2 * src + 1];
      };
    }
    return (cpu) => setLane(cpu, size, d, index, getLane(cpu, size, n, src));
  }
  switch (imm4) {
    case 0: {
      // DUP (element)
      if (size === 3 && !q) return null;
      const lanes = (q ? 16 : 8) >> size;
      if (size === 3) {
        return (cpu) => {
          const v = cpu.vregs;
          const lo = v[4 * n + 2 * index];
          const hi = v[4 * n + 2 * index + 1];
          v[4 * d] = lo;
          v[4 * d + 1] = hi;
          v[4 * d + 2] = lo;
          v[4 * d + 3] = hi;
        };
      }
      return (cpu) => {
        const x = getLane(cpu, size, n, index);
        for (let e = 0; e < lanes; e++) setLane(cpu, size, d, e, x);
        if (!q) zeroHigh(cpu, d);
      };
    }
    case 1: {
      // DUP (general)
      if (size === 3 && !q) return null;
      const lanes = (q ? 16 : 8) >> size;
      if (size === 3) {
        return (cpu) => {
          const lo = cpu.x[2 * n];
          const hi = cpu.x[2 * n + 1];
          const v = cpu.vregs;
          v[4 * d] = lo;
          v[4 * d + 1] = hi;
          v[4 * d + 2] = lo;
          v[4 * d + 3] = hi;
        };
      }
      return (cpu) => {
        const x = cpu.x[2 * n];
        for (let e = 0; e < lanes; e++) setLane(cpu, size, d, e, x);
        if (!q) zeroHigh(cpu, d);
      };
    }
    case 3:
      // INS (general)
      if (!q) return null;
      if (size === 3) {
        return (cpu) => {
          cpu.vregs[4 * d + 2 * index] = cpu.x[2 * n];
          cpu.vregs[4 * d + 2 * index + 1] = cpu.x[2 * n + 1];
        };
      }
      return (cpu) => setLane(cpu, size, d, index, cpu.x[2 * n]);
    case 5: {
      // SMOV: Q selects X (sizes 0, 1, 2) or W (sizes 0, 1)
      if (size === 3 || (size === 2 && !q)) return null;
      if (q) {
        return (cpu) => {
          const x = sext(getLane(cpu, size, n, index), size);
          cpu.setX(d, x >>> 0, x < 0 ? 0xffffffff : 0);
        };
      }
      return (cpu) => cpu.setW(d, sext(getLane(cpu, size, n, index), size) >>> 0);
    }
    case 7:
      // UMOV: W for sizes 0..2 (Q=0), X for size 3 (Q=1)
      if (q !== (size === 3)) return null;
      if (size === 3) return (cpu) => cpu.setX(d, cpu.vregs[4 * n + 2 * index], cpu.vregs[4 * n + 2 * index + 1]);
      return (cpu) => cpu.setW(d, getLane(cpu, size, n, index));
    default:
      return null;
  }
}

/** Scalar DUP (element), alias MOV Bd/Hd/Sd/Dd, Vn.T[index]. */
export function decodeScalarCopy(insn: number): FpExecFn | null {
  const imm5 = (insn >>> 16) & 31;
  if (((insn >>> 29) & 1) !== 0 || ((insn >>> 11) & 15) !== 0) return null;
  const size = sizeOf(imm5);
  if (size < 0) return null;
  const index = imm5 >>> (size + 1);
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  return (cpu) => {
    const v = cpu.vregs;
    if (size === 3) {
      const lo = v[4 * n + 2 * index];
      const hi = v[4 * n + 2 * index + 1];
      v[4 * d] = lo;
      v[4 * d + 1] = hi;
    } else {
      const x = getLane(cpu, size, n, index);
      v[4 * d] = x;
      v[4 * d + 1] = 0;
    }
    v[4 * d + 2] = 0;
    v[4 * d + 3] = 0;
  };
}
