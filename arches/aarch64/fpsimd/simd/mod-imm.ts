/**
 * AdvSIMD modified immediate (`0 Q op 0111100000 abc cmode o2 1 defgh Rd`): MOVI, MVNI,
 * ORR (immediate), BIC (immediate), FMOV (vector, immediate).
 * @module
 */
import type { FpExecFn } from '../../fpsimd-contract.js';
import { expandFpImm, zeroHigh } from '../vreg.js';
import { f32Bits, f64Hi, f64Lo } from '../../../common/ieee/bits.js';

export function decodeModImm(insn: number): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const op = (insn >>> 29) & 1;
  const cmode = (insn >>> 12) & 15;
  const o2 = (insn >>> 11) & 1;
  const imm8 = (((insn >>> 16) & 7) << 5) | ((insn >>> 5) & 31);
  const d = insn & 31;
  if (o2 === 1) return null; // FMOV half-precision (FEAT_FP16)
  // 64-bit pattern as two words (lo, hi) and what to do with it.
  let lo: number;
  let hi: number;
  let mode = 0; // 0 move, 1 ORR, 2 BIC
  if (cmode < 8) {
    const w = (imm8 << (8 * ((cmode >>> 1) & 3))) >>> 0;
    if (cmode & 1) mode = op ? 2 : 1;
    lo = hi = op && !(cmode & 1) ? ~w >>> 0 : w;
  } else if (cmode < 12) {
    const h = (imm8 << (8 * ((cmode >>> 1) & 1))) & 0xffff;
    const w = ((h << 16) | h) >>> 0;
    if (cmode & 1) mode = op ? 2 : 1;
    lo = hi = op && !(cmode & 1) ? ~w >>> 0 : w;
  } else if (cmode < 14) {
    // MSL: shifting ones in
    const w = cmode === 12 ? ((imm8 << 8) | 0xff) >>> 0 : ((imm8 << 16) | 0xffff) >>> 0;
    lo = hi = op ? ~w >>> 0 : w;
  } else if (cmode === 14) {
    if (!op) {
      const b = imm8 * 0x01010101;
      lo = hi = b >>> 0;
    } else {
      let l = 0;
      let h = 0;
      for (let i = 0; i < 4; i++) {
        if (imm8 & (1 << i)) l |= 0xff << (8 * i);
        if (imm8 & (1 << (i + 4))) h |= 0xff << (8 * i);
      }
      lo = l >>> 0;
      hi = h >>> 0;
    }
  } else {
    const v = expandFpImm(imm8);
    if (!op) lo = hi = f32Bits(v);
    else {
      if (!q) return null;
      lo = f64Lo(v);
      hi = f64Hi(v);
    }
  }
  if (mode === 0) {
    return (cpu) => {
      const r = cpu.vregs;
      r[4 * d] = lo;
      r[4 * d + 1] = hi;
      r[4 * d + 2] = q ? lo : 0;
      r[4 * d + 3] = q ? hi : 0;
    };
  }
  const bic = mode === 2;
  return (cpu) => {
    const r = cpu.vregs;
    for (let w = 0; w < (q ? 4 : 2); w++) r[4 * d + w] = bic ? r[4 * d + w] & ~lo : r[4 * d + w] | lo;
    if (!q) zeroHigh(cpu, d);
  };
}
