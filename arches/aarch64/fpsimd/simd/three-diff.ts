/**
 * AdvSIMD three different (`0 Q U 01110 size 1 Rm opcode 00 Rn Rd`) and the scalar
 * SQDMLAL/SQDMLSL/SQDMULL (`01 U 11110 size 1 Rm opcode 00 Rn Rd`).
 * @module
 */
import type { FpExecFn } from '../../fpsimd-contract.js';
import { commitTmp, getLane, getTmp, sext, setTmp, tmpW } from './lanes.js';
import * as L from './long-ops.js';
import { add64, r64, sub64 } from './int64.js';

const LONG_OPS: readonly (readonly [number, number])[] = [
  [L.L_ADD, L.L_ADD], // 0000 SADDL/UADDL
  [-1, -1], // 0001 wide
  [L.L_SUB, L.L_SUB], // 0010
  [-1, -1], // 0011 wide
  [-1, -1], // 0100 ADDHN
  [L.L_ABA, L.L_ABA], // 0101 SABAL/UABAL
  [-1, -1], // 0110 SUBHN
  [L.L_ABD, L.L_ABD], // 0111
  [L.L_MLA, L.L_MLA], // 1000
  [L.L_QDMLA, -1], // 1001
  [L.L_MLS, L.L_MLS], // 1010
  [L.L_QDMLS, -1], // 1011
  [L.L_MUL, L.L_MUL], // 1100
  [L.L_QDMUL, -1], // 1101
  [L.L_PMUL, -1], // 1110
];

export function decodeThreeDiff(insn: number, scalar: boolean): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const u = ((insn >>> 29) & 1) === 1;
  const size = (insn >>> 22) & 3;
  const opcode = (insn >>> 12) & 15;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  if (opcode === 14 && size === 3 && !u && !scalar) return pmull64(q ? 1 : 0, d, n, m);
  if (size === 3 || opcode === 15) return null;
  const part = scalar ? 0 : q ? 1 : 0;
  const lanes = scalar ? 1 : 8 >> size;
  if (scalar) {
    if (u || (opcode !== 9 && opcode !== 11 && opcode !== 13) || size === 0) return null;
  }
  if (opcode === 1 || opcode === 3) {
    // SADDW/UADDW/SSUBW/USUBW: wide n, narrow m
    const sub = opcode === 3;
    return (cpu) => {
      const v = cpu.vregs;
      for (let e = 0; e < lanes; e++) {
        const b = getLane(cpu, size, m, e + part * lanes);
        const sb = u ? b : sext(b, size);
        if (size === 2) {
          const blo = sb >>> 0;
          const bhi = sb < 0 ? 0xffffffff : 0;
          if (sub) sub64(v[4 * n + 2 * e], v[4 * n + 2 * e + 1], blo, bhi);
          else add64(v[4 * n + 2 * e], v[4 * n + 2 * e + 1], blo, bhi);
          tmpW[2 * e] = r64.lo;
          tmpW[2 * e + 1] = r64.hi;
        } else {
          const a = getLane(cpu, size + 1, n, e);
          setTmp(size + 1, e, sub ? a - sb : a + sb);
        }
      }
      commitTmp(cpu, d, true);
    };
  }
  if (opcode === 4 || opcode === 6) {
    // (R)ADDHN / (R)SUBHN: high half of wide sums, into the lower or upper half of Vd
    const sub = opcode === 6;
    const round = u;
    const bits = 8 << size;
    return (cpu) => {
      const v = cpu.vregs;
      for (let e = 0; e < lanes; e++) {
        if (size === 2) {
          if (sub) sub64(v[4 * n + 2 * e], v[4 * n + 2 * e + 1], v[4 * m + 2 * e], v[4 * m + 2 * e + 1]);
          else add64(v[4 * n + 2 * e], v[4 * n + 2 * e + 1], v[4 * m + 2 * e], v[4 * m + 2 * e + 1]);
          if (round) add64(r64.lo, r64.hi, 0x80000000, 0);
          tmpW[e] = r64.hi;
        } else {
          const a = getLane(cpu, size + 1, n, e);
          const b = getLane(cpu, size + 1, m, e);
          let s = (sub ? a - b : a + b) + (round ? 2 ** (bits - 1) : 0);
          s = ((s % 2 ** (2 * bits)) + 2 ** (2 * bits)) % 2 ** (2 * bits);
          setTmp(size, e, Math.floor(s / 2 ** bits));
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
  const op = LONG_OPS[opcode][u ? 1 : 0];
  if (op < 0) return null;
  if (op === L.L_PMUL && size !== 0) return null;
  if ((op === L.L_QDMLA || op === L.L_QDMLS || op === L.L_QDMUL) && size === 0) return null;
  return (cpu) => {
    for (let e = 0; e < lanes; e++) {
      const a = getLane(cpu, size, n, e + part * lanes);
      const b = getLane(cpu, size, m, e + part * lanes);
      L.longLane(op, u, size, a, b, cpu, d, e);
    }
    if (scalar) {
      if (size === 1) {
        tmpW[0] = getTmp(2, 0);
        tmpW[1] = 0;
      }
      tmpW[2] = 0;
      tmpW[3] = 0;
    }
    commitTmp(cpu, d, true);
  };
}

/** PMULL/PMULL2 1Q: carry-less 64 x 64 -> 128 bit product (FEAT_PMULL). */
function pmull64(part: number, d: number, n: number, m: number): FpExecFn {
  return (cpu) => {
    const v = cpu.vregs;
    const a0 = v[4 * n + 2 * part];
    const a1 = v[4 * n + 2 * part + 1];
    const b0 = v[4 * m + 2 * part];
    const b1 = v[4 * m + 2 * part + 1];
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    for (let i = 0; i < 64; i++) {
      const bit = i < 32 ? (b0 >>> i) & 1 : (b1 >>> (i - 32)) & 1;
      if (bit === 0) continue;
      // XOR (a << i) into the 128-bit accumulator.
      const w = i >>> 5;
      const s = i & 31;
      const s0 = s === 0 ? a0 : a0 << s;
      const s1 = s === 0 ? a1 : (a1 << s) | (a0 >>> (32 - s));
      const s2 = s === 0 ? 0 : a1 >>> (32 - s);
      if (w === 0) {
        r0 ^= s0;
        r1 ^= s1;
        r2 ^= s2;
      } else {
        r1 ^= s0;
        r2 ^= s1;
        r3 ^= s2;
      }
    }
    v[4 * d] = r0;
    v[4 * d + 1] = r1;
    v[4 * d + 2] = r2;
    v[4 * d + 3] = r3;
  };
}
