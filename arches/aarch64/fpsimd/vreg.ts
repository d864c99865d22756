/**
 * Small helpers on the V register file (vregs: 4 words per register, little-endian).
 * @module
 */
import type { A64FpHost } from '../fpsimd-contract.js';

/** Zero words [from, 4) of V[reg] (a scalar write clears the rest of the register). */
export function zeroFrom(cpu: A64FpHost, reg: number, from: number): void {
  const v = cpu.vregs;
  for (let w = from; w < 4; w++) v[4 * reg + w] = 0;
}

/** Zero bits [127:64] of V[reg] (64-bit vector forms with Q = 0). */
export function zeroHigh(cpu: A64FpHost, reg: number): void {
  cpu.vregs[4 * reg + 2] = 0;
  cpu.vregs[4 * reg + 3] = 0;
}

/** Field extraction. */
export function bits(insn: number, lo: number, width: number): number {
  return (insn >>> lo) & ((1 << width) - 1);
}

/** VFPExpandImm: the FMOV (immediate) value of imm8 as a number. */
export function expandFpImm(imm8: number): number {
  const b = (imm8 >>> 6) & 1;
  const cd = (imm8 >>> 4) & 3;
  const e = b ? cd - 3 : cd + 1;
  const v = ((16 + (imm8 & 15)) / 16) * 2 ** e;
  return imm8 & 0x80 ? -v : v;
}
