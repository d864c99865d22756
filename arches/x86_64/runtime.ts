/**
 * The helpers generated code calls as `H.name(...)`: flag evaluation, the non-inlined
 * arithmetic, string instructions, far transfers and system instructions. One object, bound
 * into every block function once.
 * @module
 */
import { divide, mul128s, mul128u, mulhs, mulhu, product } from './arith.js';
import { farCall, farJump, farRet, iret } from './far.js';
import { computeCf, condition, type LazyFlags } from './flags.js';
import { bt, shift, shiftd } from './shifts.js';
import { rep, str } from './strings.js';
import * as sys from './system-ops.js';
import { x87WaitCheck } from './x87/index.js';
import type { X86Cpu } from './cpu.js';

/** 64x64 multiply into RDX:RAX (MUL/IMUL r/m64). */
function mul128(c: X86Cpu, signed: boolean, al: number, ah: number, bl: number, bh: number): void {
  if (signed) mul128s(al, ah, bl, bh);
  else mul128u(al, ah, bl, bh);
  const r = c.r;
  r[0] = product[0];
  r[1] = product[1];
  r[4] = product[2];
  r[5] = product[3];
}

/** IMUL r64, r/m64[, imm]: low 64 bits (hi in loadHi), overflow in `aux`. */
function imul64(c: X86Cpu, al: number, ah: number, bl: number, bh: number): number {
  mul128s(al, ah, bl, bh);
  const lo = product[0];
  const hi = product[1];
  const sign = hi >> 31;
  c.aux = product[2] === sign && product[3] === sign ? 0 : 1;
  c.loadHi = hi;
  return lo;
}

/** Set bits of a 32-bit value (POPCNT). */
function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export const RUNTIME = {
  cf: (c: LazyFlags): number => computeCf(c),
  popcount32,
  cond: (c: LazyFlags, cc: number): boolean => condition(c, cc),
  mulhu,
  mulhs,
  mul128,
  imul64,
  div: (c: X86Cpu, size: number, signed: boolean, b: number, bh: number): void => divide(c, size, signed, b, bh),
  shift,
  shiftd,
  bt,
  str,
  rep,
  farJump,
  farCall,
  farRet,
  iret,
  x87Wait: x87WaitCheck,
  ...sys,
};
