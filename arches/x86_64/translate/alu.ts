/**
 * Integer arithmetic and logic: the eight binary ALU operations, TEST, INC/DEC, NEG/NOT,
 * shifts and rotates, multiply and divide. 8- and 16-bit values are kept masked and unsigned,
 * 32-bit values as int32, 64-bit values as int32 pairs.
 * @module
 */
import { Cc } from '../flags.js';
import type { Gen } from './gen.js';
import { maskOf } from './gen.js';

/** An operand: a register, the ModRM r/m operand, or an immediate (lo, hi as int32). */
export type Opnd = { kind: 'reg'; n: number } | { kind: 'rm' } | { kind: 'imm'; lo: number; hi: number };

export const REG = (n: number): Opnd => ({ kind: 'reg', n });
export const RM: Opnd = { kind: 'rm' };
/** An immediate at `size`: sign-extended to 64 bits, masked for 8/16. */
export function IMM(v: number, size: number): Opnd {
  if (size < 4) return { kind: 'imm', lo: v & maskOf(size), hi: 0 };
  return { kind: 'imm', lo: v | 0, hi: v < 0 ? -1 : 0 };
}

/** Emit `const name = ...` (and `nameh` at 8 bytes) for an operand. */
export function readOpnd(g: Gen, o: Opnd, size: number, name: string): void {
  if (o.kind === 'imm') {
    g.emit(size === 8 ? `const ${name} = ${o.lo}, ${name}h = ${o.hi};` : `const ${name} = ${o.lo};`);
  } else if (o.kind === 'reg') {
    g.emit(size === 8 ? `const ${name} = r[${2 * o.n}], ${name}h = r[${2 * o.n + 1}];` : `const ${name} = ${g.rd(o.n, size)};`);
  } else g.readRm(size, name);
}

/** Statement writing an operand. */
export function writeOpnd(g: Gen, o: Opnd, size: number, v: string, vh = '0'): string {
  if (o.kind === 'reg') return g.wrAny(o.n, size, v, vh);
  if (o.kind === 'rm') return g.writeRm(size, v, vh);
  throw new Error('write to an immediate');
}

/** ALU operation numbers (the /reg field of group 1). */
export const enum Alu {
  ADD = 0,
  OR = 1,
  ADC = 2,
  SBB = 3,
  AND = 4,
  SUB = 5,
  XOR = 6,
  CMP = 7,
}

/** dst = dst op src (CMP: flags only), with the lazy flags. */
export function aluBinary(g: Gen, op: number, size: number, dst: Opnd, src: Opnd): void {
  g.emit('{');
  const carry = op === Alu.ADC || op === Alu.SBB;
  if (carry) g.emit(`const ci = ${g.cf()};`);
  readOpnd(g, dst, size, 'a');
  readOpnd(g, src, size, 'b');
  const m = maskOf(size);
  const logic = op === Alu.OR || op === Alu.AND || op === Alu.XOR;
  if (size === 8) {
    switch (op) {
      case Alu.ADD:
      case Alu.ADC:
        g.emit(`const s = (a >>> 0) + (b >>> 0)${carry ? ' + ci' : ''}; const v = s | 0, vh = (ah + bh + (s > 4294967295 ? 1 : 0)) | 0;`);
        break;
      case Alu.SUB:
      case Alu.SBB:
      case Alu.CMP:
        g.emit(`const s = (a >>> 0) - (b >>> 0)${carry ? ' - ci' : ''}; const v = s | 0, vh = (ah - bh - (s < 0 ? 1 : 0)) | 0;`);
        break;
      case Alu.OR:
        g.emit('const v = a | b, vh = ah | bh;');
        break;
      case Alu.AND:
        g.emit('const v = a & b, vh = ah & bh;');
        break;
      default:
        g.emit('const v = a ^ b, vh = ah ^ bh;');
    }
    if (op !== Alu.CMP) g.emit(writeOpnd(g, dst, size, 'v', 'vh'));
    if (logic) g.emit('fr = v; frh = vh;');
    else g.emit(`fa = a; fah = ah; fb = b; fbh = bh; fr = v; frh = vh;${carry ? ' fc = ci;' : ''}`);
  } else {
    const wrap = size === 4 ? ' | 0' : ` & ${m}`;
    let e: string;
    switch (op) {
      case Alu.ADD: e = `(a + b)${wrap}`; break;
      case Alu.ADC: e = `(a + b + ci)${wrap}`; break;
      case Alu.SUB:
      case Alu.CMP: e = `(a - b)${wrap}`; break;
      case Alu.SBB: e = `(a - b - ci)${wrap}`; break;
      case Alu.OR: e = 'a | b'; break;
      case Alu.AND: e = 'a & b'; break;
      default: e = 'a ^ b';
    }
    g.emit(`const v = ${e};`);
    if (op !== Alu.CMP) g.emit(writeOpnd(g, dst, size, 'v'));
    if (logic) g.emit('fr = v;');
    else g.emit(`fa = a; fb = b; fr = v;${carry ? ' fc = ci;' : ''}`);
  }
  g.emit('}');
  const kind = logic ? Cc.Logic : op === Alu.ADD ? Cc.Add : op === Alu.ADC ? Cc.Adc : op === Alu.SBB ? Cc.Sbb : Cc.Sub;
  g.setFlags(kind, size);
}

/** TEST: AND for the flags only. */
export function aluTest(g: Gen, size: number, a: Opnd, b: Opnd): void {
  g.emit('{');
  readOpnd(g, a, size, 'a');
  readOpnd(g, b, size, 'b');
  g.emit(size === 8 ? 'fr = a & b; frh = ah & bh;' : 'fr = a & b;');
  g.emit('}');
  g.setFlags(Cc.Logic, size);
}

/** INC/DEC (CF kept). */
export function incDec(g: Gen, size: number, o: Opnd, dec: boolean): void {
  g.emit('{');
  g.emit(`const ci = ${g.cf()};`);
  readOpnd(g, o, size, 'a');
  if (size === 8) {
    g.emit(dec ? 'const s = (a >>> 0) - 1; const v = s | 0, vh = (ah - (s < 0 ? 1 : 0)) | 0;' : 'const s = (a >>> 0) + 1; const v = s | 0, vh = (ah + (s > 4294967295 ? 1 : 0)) | 0;');
    g.emit(writeOpnd(g, o, size, 'v', 'vh'));
    g.emit('fa = a; fah = ah; fb = 1; fbh = 0; fr = v; frh = vh; fc = ci;');
  } else {
    g.emit(`const v = (a ${dec ? '-' : '+'} 1)${size === 4 ? ' | 0' : ` & ${maskOf(size)}`};`);
    g.emit(writeOpnd(g, o, size, 'v'));
    g.emit('fa = a; fb = 1; fr = v; fc = ci;');
  }
  g.emit('}');
  g.setFlags(dec ? Cc.Dec : Cc.Inc, size);
}

/** NOT (no flags) and NEG (flags of 0 - x). */
export function notNeg(g: Gen, size: number, neg: boolean): void {
  g.emit('{');
  readOpnd(g, { kind: 'rm' }, size, 'b');
  if (!neg) {
    if (size === 8) g.emit(g.writeRm(8, '~b', '~bh'));
    else g.emit(g.writeRm(size, size === 4 ? '~b' : `~b & ${maskOf(size)}`));
    g.emit('}');
    return;
  }
  if (size === 8) {
    g.emit('const s = 0 - (b >>> 0); const v = s | 0, vh = (0 - bh - (s < 0 ? 1 : 0)) | 0;');
    g.emit(g.writeRm(8, 'v', 'vh'));
    g.emit('fa = 0; fah = 0; fb = b; fbh = bh; fr = v; frh = vh;');
  } else {
    g.emit(`const v = (0 - b)${size === 4 ? ' | 0' : ` & ${maskOf(size)}`};`);
    g.emit(g.writeRm(size, 'v'));
    g.emit('fa = 0; fb = b; fr = v;');
  }
  g.emit('}');
  g.setFlags(Cc.Sub, size);
}

/**
 * Group 2 shifts and rotates on the r/m operand. `count` is a constant (immediate or 1) or
 * undefined for CL. Counts are masked to 5 bits (6 for 64-bit operands); a zero count leaves
 * the flags alone.
 */
export function shiftGroup(g: Gen, size: number, op: number, count: number | undefined): void {
  const bits = size * 8;
  const cmask = size === 8 ? 63 : 31;
  if (op === 6) op = 4; // SAL = SHL
  if (count !== undefined) {
    const n = count & cmask;
    if (n === 0) {
      // A zero count changes nothing, but the operand is read and written back as QEMU does
      // (a 32-bit register has bits 63:32 cleared, a memory operand can fault).
      g.emit('{');
      g.readRm(size, 'a');
      g.emit(g.writeRm(size, 'a', size === 8 ? 'ah' : '0'));
      g.emit('}');
      return;
    }
    if (op >= 4) return constShift(g, size, op, n);
  }
  // Variable count, or a rotate: a helper does the work and writes the CPU's flag fields.
  g.flagsRead();
  g.emit('{');
  if (count === undefined) g.emit(`const n = r[2] & ${cmask};`);
  else g.emit(`const n = ${count & cmask};`);
  g.readRm(size, 'a');
  const hi = size === 8 ? 'ah' : '0';
  g.emit(`const v = H.shift(c, ${op}, ${size}, a, ${hi}, n);`);
  if (size === 8) g.emit('const vh = c.loadHi | 0;');
  // A memory destination is written back even for a zero count (QEMU does), so a fault is the same.
  g.emit(g.writeRm(size, 'v', size === 8 ? 'vh' : '0'));
  g.emit('}');
  g.flagsClobbered();
  void bits;
}

/** SHL/SHR/SAR by a constant non-zero count, inline with lazy flags (QEMU's CC_OP_SHL/SAR). */
function constShift(g: Gen, size: number, op: number, n: number): void {
  g.emit('{');
  g.readRm(size, 'a');
  if (size === 8) {
    const [v, vh] = shift64(op, n, 'a', 'ah');
    const [s, sh] = shift64(op, n - 1, 'a', 'ah');
    g.emit(`const v = ${v}, vh = ${vh}; const sv = ${s}, svh = ${sh};`);
    g.emit(g.writeRm(8, 'v', 'vh'));
    g.emit('fb = sv; fbh = svh; fr = v; frh = vh;');
  } else {
    const m = maskOf(size);
    const wrap = (e: string): string => (size === 4 ? `(${e}) | 0` : `(${e}) & ${m}`);
    let v: string;
    let s: string;
    if (op === 4) {
      v = wrap(`a << ${n}`);
      s = wrap(`a << ${n - 1}`);
    } else if (op === 5) {
      v = size === 4 ? `(a >>> ${n}) | 0` : `a >>> ${n}`;
      s = size === 4 ? `(a >>> ${n - 1}) | 0` : `a >>> ${n - 1}`;
    } else {
      const sx = size === 1 ? '((a << 24) >> 24)' : size === 2 ? '((a << 16) >> 16)' : 'a';
      v = wrap(`${sx} >> ${n}`);
      s = wrap(`${sx} >> ${n - 1}`);
    }
    g.emit(`const v = ${v}; const sv = ${s};`);
    g.emit(g.writeRm(size, 'v'));
    g.emit('fb = sv; fr = v;');
  }
  g.emit('}');
  g.setFlags(op === 4 ? Cc.Shl : Cc.Sar, size);
}

/** A 64-bit constant shift (op 4 SHL, 5 SHR, 7 SAR) of the pair (l, h) by k (0..63). */
export function shift64(op: number, k: number, l: string, h: string): [string, string] {
  if (k === 0) return [l, h];
  if (op === 4) {
    if (k < 32) return [`(${l} << ${k})`, `((${h} << ${k}) | (${l} >>> ${32 - k}))`];
    return ['0', k === 32 ? l : `(${l} << ${k - 32})`];
  }
  if (op === 5) {
    if (k < 32) return [`((${l} >>> ${k}) | (${h} << ${32 - k}))`, `(${h} >>> ${k}) | 0`];
    return [k === 32 ? h : `(${h} >>> ${k - 32}) | 0`, '0'];
  }
  if (k < 32) return [`((${l} >>> ${k}) | (${h} << ${32 - k}))`, `(${h} >> ${k})`];
  return [k === 32 ? h : `(${h} >> ${k - 32})`, `(${h} >> 31)`];
}

/**
 * Group 3 MUL/IMUL/DIV/IDIV (one operand, implicit rAX/rDX). Multiplies set CF = OF when the
 * high half is significant; divides leave the flags alone and raise #DE.
 */
export function mulDiv(g: Gen, size: number, op: number): void {
  g.emit('{');
  g.readRm(size, 'b');
  const signed = op === 5 || op === 7;
  if (op >= 6) {
    g.mayFault();
    g.emit(`H.div(c, ${size}, ${signed}, b, ${size === 8 ? 'bh' : '0'});`);
    g.emit('}');
    return;
  }
  switch (size) {
    case 1:
      if (signed) g.emit('const p = ((r[0] << 24) >> 24) * ((b << 24) >> 24); fr = p & 255; fb = p === ((p << 24) >> 24) ? 0 : 1;');
      else g.emit('const p = (r[0] & 255) * b; fr = p & 255; fb = p & 65280;');
      g.emit('r[0] = (r[0] & -65536) | (p & 65535);');
      break;
    case 2:
      if (signed) g.emit('const p = ((r[0] << 16) >> 16) * ((b << 16) >> 16); fr = p & 65535; fb = p === ((p << 16) >> 16) ? 0 : 1;');
      else g.emit('const p = (r[0] & 65535) * b; fr = p & 65535; fb = (p >>> 16) & 65535;');
      g.emit('r[0] = (r[0] & -65536) | (p & 65535); r[4] = (r[4] & -65536) | ((p >>> 16) & 65535);');
      break;
    case 4:
      g.emit(`const lo = Math.imul(r[0], b), hi = H.${signed ? 'mulhs' : 'mulhu'}(r[0], b);`);
      g.emit('r[0] = lo; r[1] = 0; r[4] = hi; r[5] = 0; fr = lo;');
      g.emit(signed ? 'fb = hi === (lo >> 31) ? 0 : 1;' : 'fb = hi;');
      break;
    default:
      g.emit(`H.mul128(c, ${signed}, r[0], r[1], b, bh); fr = r[0]; frh = r[1];`);
      g.emit(signed ? 'fb = (r[4] === (r[1] >> 31) && r[5] === (r[1] >> 31)) ? 0 : 1; fbh = 0;' : 'fb = r[4] | r[5]; fbh = 0;');
  }
  g.emit('}');
  g.setFlags(Cc.Mul, size);
}

/** IMUL reg, r/m[, imm]: truncated signed product; CF = OF = the product did not fit. */
export function imulReg(g: Gen, size: number, dst: number, src: 'rm', imm: number | undefined): void {
  g.emit('{');
  g.readRm(size, 'a');
  if (imm !== undefined) {
    if (size === 8) g.emit(`const b = ${imm | 0}, bh = ${imm < 0 ? -1 : 0};`);
    else g.emit(`const b = ${size === 4 ? imm | 0 : imm & maskOf(size)};`);
  } else if (size === 8) g.emit(`const b = r[${2 * dst}], bh = r[${2 * dst + 1}];`);
  else g.emit(`const b = ${g.rd(dst, size)};`);
  switch (size) {
    case 2:
      g.emit('const p = ((a << 16) >> 16) * ((b << 16) >> 16); const v = p & 65535;');
      g.emit(g.wr(dst, 2, 'v'));
      g.emit('fr = v; fb = p === ((p << 16) >> 16) ? 0 : 1;');
      break;
    case 4:
      g.emit('const v = Math.imul(a, b);');
      g.emit(g.wr(dst, 4, 'v'));
      g.emit('fr = v; fb = a * b === v ? 0 : 1;');
      break;
    default:
      // The low 64 bits are the same signed or unsigned; overflow is left to the lazy flags.
      g.emit('const v = Math.imul(a, b), vh = (H.mulhu(a, b) + Math.imul(a, bh) + Math.imul(ah, b)) | 0;');
      g.emit(g.wr64(dst, 'v', 'vh'));
      g.emit('fa = a; fah = ah; fb = b; fbh = bh; fr = v; frh = vh;');
      g.emit('}');
      g.setFlags(Cc.Imul, size);
      return;
  }
  g.emit('}');
  g.setFlags(Cc.Mul, size);
  void src;
}
