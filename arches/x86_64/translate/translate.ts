/**
 * The instruction dispatcher: one-byte and 0F maps to the translators of `alu.ts`, `data.ts`,
 * `control.ts`, `string.ts`, `system.ts` and `fp.ts`. Undefined encodings raise #UD.
 * @module
 */
import { type Insn } from '../decode/insn.js';
import { INVALID_64 } from '../decode/opcode-tables.js';
import { Vec } from '../fault.js';
import { aluBinary, aluTest, Alu, IMM, imulReg, incDec, mulDiv, notNeg, REG, RM, shiftGroup } from './alu.js';
import { bitScan, bitTest, bswap, cmpxchg, cmpxchg8b16b, lzcnt, popcnt, shiftDouble, xadd } from './bits.js';
import { CpuFeature } from '../cpuid.js';
import { callNear, condJump, farTransfer, intN, iret, jumpNear, loop, retNear } from './control.js';
import {
  cbw,
  cmov,
  cwd,
  enter,
  flagOp,
  lahfSahf,
  lea,
  leave,
  loadFarPointer,
  mov,
  movImm,
  movMoffs,
  movSreg,
  movx,
  popReg,
  popRm,
  popSeg,
  popa,
  popf,
  pushImm,
  pushReg,
  pushRm,
  pushSeg,
  pusha,
  pushf,
  setcc,
  xchg,
  xlat,
} from './data.js';
import { fpInstruction, isFpOpcode } from './fp.js';
import type { Gen } from './gen.js';
import { stringOp } from './string.js';
import { bcd, bound, arpl, group0F00, group0F01, inOut, miscSystem, movCr, movDr } from './system.js';

/** Opcodes (map << 8 | op) whose memory forms may carry LOCK, with the /reg values allowed (-1 any). */
function lockable(i: Insn): boolean {
  if (!i.isMem) return false;
  const reg = (i.modrm >>> 3) & 7;
  if (i.map === 0) {
    const op = i.op;
    if (op < 0x40 && (op & 7) < 2 && (op & 0x38) !== 0x38) return true; // ALU r/m, reg (not CMP)
    if (op >= 0x80 && op <= 0x83) return reg !== 7;
    if (op === 0x86 || op === 0x87) return true;
    if (op === 0xf6 || op === 0xf7) return reg === 2 || reg === 3;
    if (op === 0xfe || op === 0xff) return reg < 2;
    return false;
  }
  if (i.map === 1) {
    const op = i.op;
    if (op === 0xab || op === 0xb3 || op === 0xbb || op === 0xb0 || op === 0xb1 || op === 0xc0 || op === 0xc1) return true;
    if (op === 0xba) return reg >= 5;
    if (op === 0xc7) return reg === 1;
  }
  return false;
}

/** Translate one instruction into `g` (which has `begin` called). */
export function translateInsn(g: Gen, i: Insn): void {
  if (i.lock && !lockable(i)) return g.raise(Vec.UD);
  if (i.map === 0) return oneByte(g, i);
  if (i.map === 1) return twoByte(g, i);
  // 0F 38 / 0F 3A: SSSE3 and later, none advertised by qemu64 (the SSE module owns them).
  if (isFpOpcode(i)) return fpInstruction(g, i);
  return g.raise(Vec.UD);
}

/** Size of a byte/word-or-larger opcode pair: even opcodes are byte forms. */
function sizeOf(i: Insn, byteForm: boolean): number {
  return byteForm ? 1 : i.osz;
}

function oneByte(g: Gen, i: Insn): void {
  const op = i.op;
  if (g.mode64 && INVALID_64[op] === 1) return g.raise(Vec.UD);
  const reg = (i.modrm >>> 3) & 7;
  if (op < 0x40 && (op & 7) < 6) {
    const alu = op >>> 3;
    const size = sizeOf(i, (op & 1) === 0);
    switch (op & 7) {
      case 0:
      case 1:
        return aluBinary(g, alu, size, RM, REG(i.reg));
      case 2:
      case 3:
        return aluBinary(g, alu, size, REG(i.reg), RM);
      default:
        return aluBinary(g, alu, size, REG(0), IMM(i.imm, size));
    }
  }
  switch (op) {
    case 0x06: case 0x0e: case 0x16: case 0x1e:
      return pushSeg(g, op >>> 3);
    case 0x07: case 0x17: case 0x1f:
      return popSeg(g, op >>> 3);
    case 0x27: case 0x2f: case 0x37: case 0x3f:
      return bcd(g, op);
  }
  if (op >= 0x40 && op <= 0x4f) return incDec(g, i.osz, REG(op & 7), op >= 0x48);
  if (op >= 0x50 && op <= 0x57) return pushReg(g, (op & 7) | ((i.rex & 1) << 3));
  if (op >= 0x58 && op <= 0x5f) return popReg(g, (op & 7) | ((i.rex & 1) << 3));
  if (op >= 0x70 && op <= 0x7f) return condJump(g, op & 15, i.imm);
  if (op >= 0x91 && op <= 0x97) return xchg(g, i.osz, (op & 7) | ((i.rex & 1) << 3), 0);
  if (op >= 0xb0 && op <= 0xb7) return movImm(g, 1, (op & 7) | ((i.rex & 1) << 3));
  if (op >= 0xb8 && op <= 0xbf) return movImm(g, i.osz, (op & 7) | ((i.rex & 1) << 3));
  if (op >= 0xd8 && op <= 0xdf) return fpInstruction(g, i);
  switch (op) {
    case 0x60: return pusha(g);
    case 0x61: return popa(g);
    case 0x62: return i.isMem ? bound(g) : g.raise(Vec.UD);
    case 0x63:
      if (g.mode64) return movx(g, i.osz, 4, true);
      return g.pe ? arpl(g) : g.raise(Vec.UD);
    case 0x68: return pushImm(g, i.imm);
    case 0x6a: return pushImm(g, i.imm);
    case 0x69: return imulReg(g, i.osz, i.reg, 'rm', i.imm);
    case 0x6b: return imulReg(g, i.osz, i.reg, 'rm', i.imm);
    case 0x6c: case 0x6d: case 0x6e: case 0x6f:
      return stringOp(g, op);
    case 0x80: case 0x81: case 0x82: case 0x83: {
      const size = sizeOf(i, op !== 0x81 && op !== 0x83);
      return aluBinary(g, reg, size, RM, IMM(i.imm, size));
    }
    case 0x84: case 0x85:
      return aluTest(g, sizeOf(i, op === 0x84), RM, REG(i.reg));
    case 0x86: case 0x87:
      return xchg(g, sizeOf(i, op === 0x86), i.reg, -1);
    case 0x88: case 0x89:
      return mov(g, sizeOf(i, op === 0x88), true);
    case 0x8a: case 0x8b:
      return mov(g, sizeOf(i, op === 0x8a), false);
    case 0x8c:
      return movSreg(g, false);
    case 0x8d:
      return lea(g);
    case 0x8e:
      return movSreg(g, true);
    case 0x8f:
      return reg === 0 ? popRm(g) : g.raise(Vec.UD);
    case 0x90:
      if (i.rex & 1) return xchg(g, i.osz, 8, 0);
      if (i.rep === 0xf3) return g.emit('/* pause */');
      return g.emit('/* nop */');
    case 0x98: return cbw(g);
    case 0x99: return cwd(g);
    case 0x9a: return farTransfer(g, 'callf-imm');
    case 0x9b: return fpInstruction(g, i);
    case 0x9c: return pushf(g);
    case 0x9d: return popf(g);
    case 0x9e: return lahfSahf(g, true);
    case 0x9f: return lahfSahf(g, false);
    case 0xa0: case 0xa1: case 0xa2: case 0xa3:
      return movMoffs(g, sizeOf(i, (op & 1) === 0), op >= 0xa2);
    case 0xa4: case 0xa5: case 0xa6: case 0xa7:
    case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
      return stringOp(g, op);
    case 0xa8: case 0xa9: {
      const size = sizeOf(i, op === 0xa8);
      return aluTest(g, size, REG(0), IMM(i.imm, size));
    }
    case 0xc0: case 0xc1:
      return shiftGroup(g, sizeOf(i, op === 0xc0), reg, i.imm & 0xff);
    case 0xc2: return retNear(g, i.imm);
    case 0xc3: return retNear(g, 0);
    case 0xc4: case 0xc5:
      return i.isMem ? loadFarPointer(g, op === 0xc4 ? 0 : 3) : g.raise(Vec.UD);
    case 0xc6: case 0xc7:
      return reg === 0 ? mov(g, sizeOf(i, op === 0xc6), true, i.imm) : g.raise(Vec.UD);
    case 0xc8: return enter(g, i.imm, i.imm2);
    case 0xc9: return leave(g);
    case 0xca: return farTransfer(g, 'retf', i.imm);
    case 0xcb: return farTransfer(g, 'retf', 0);
    case 0xcc: return intN(g, 3, 'int3');
    case 0xcd: return intN(g, i.imm & 0xff, 'int');
    case 0xce: return intN(g, 4, 'into');
    case 0xcf: return iret(g);
    case 0xd0: case 0xd1:
      return shiftGroup(g, sizeOf(i, op === 0xd0), reg, 1);
    case 0xd2: case 0xd3:
      return shiftGroup(g, sizeOf(i, op === 0xd2), reg, undefined);
    case 0xd4: case 0xd5: case 0xd6:
      return bcd(g, op);
    case 0xd7: return xlat(g);
    case 0xe0: case 0xe1: case 0xe2: case 0xe3:
      return loop(g, op, i.imm);
    case 0xe4: case 0xe5: case 0xe6: case 0xe7: case 0xec: case 0xed: case 0xee: case 0xef:
      return inOut(g, op);
    case 0xe8: return callNear(g, i.imm);
    case 0xe9: case 0xeb: return jumpNear(g, i.imm);
    case 0xea: return farTransfer(g, 'jmpf-imm');
    case 0xf1: return intN(g, 1, 'int1');
    case 0xf4: return miscSystem(g, 'hlt');
    case 0xf5: case 0xf8: case 0xf9: case 0xfc: case 0xfd:
      return flagOp(g, op);
    case 0xfa: return miscSystem(g, 'cli');
    case 0xfb: return miscSystem(g, 'sti');
    case 0xf6: case 0xf7: {
      const size = sizeOf(i, op === 0xf6);
      switch (reg) {
        case 0: case 1: return aluTest(g, size, RM, IMM(i.imm, size));
        case 2: return notNeg(g, size, false);
        case 3: return notNeg(g, size, true);
        default: return mulDiv(g, size, reg);
      }
    }
    case 0xfe:
      return reg < 2 ? incDec(g, 1, RM, reg === 1) : g.raise(Vec.UD);
    case 0xff:
      switch (reg) {
        case 0: case 1: return incDec(g, i.osz, RM, reg === 1);
        case 2: return callNear(g, undefined);
        case 3: return i.isMem ? farTransfer(g, 'callf-mem') : g.raise(Vec.UD);
        case 4: return jumpNear(g, undefined);
        case 5: return i.isMem ? farTransfer(g, 'jmpf-mem') : g.raise(Vec.UD);
        case 6: return pushRm(g);
        default: return g.raise(Vec.UD);
      }
  }
  return g.raise(Vec.UD);
}

function twoByte(g: Gen, i: Insn): void {
  const op = i.op;
  const reg = (i.modrm >>> 3) & 7;
  if (isFpOpcode(i)) return fpInstruction(g, i);
  if (op >= 0x40 && op <= 0x4f) return cmov(g, op & 15);
  if (op >= 0x80 && op <= 0x8f) return condJump(g, op & 15, i.imm);
  if (op >= 0x90 && op <= 0x9f) return setcc(g, op & 15);
  if (op >= 0xc8 && op <= 0xcf) return bswap(g, (op & 7) | ((i.rex & 1) << 3));
  switch (op) {
    case 0x00: return group0F00(g);
    case 0x01: return group0F01(g);
    case 0x02: case 0x03:
    case 0x05: case 0x06: case 0x07: case 0x08: case 0x09:
    case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35:
    case 0xa2: case 0xaa:
      return miscSystem(g, `0f${op.toString(16).padStart(2, '0')}`);
    case 0x0b: case 0xb9: case 0xff:
      return g.raise(Vec.UD); // UD2, UD1, UD0
    case 0x0d:
      return i.isMem ? g.emit('/* prefetch */') : g.raise(Vec.UD);
    case 0x18: case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
      // Hint NOPs and PREFETCHh (0F 18 /0-/3 with memory); ENDBR is F3 0F 1E FA/FB.
      if (op === 0x18 && !i.isMem && reg < 4) return g.emit('/* nop */');
      return g.emit('/* hint nop */');
    case 0x20: case 0x22:
      return movCr(g, op === 0x22);
    case 0x21: case 0x23:
      return movDr(g, op === 0x23);
    case 0xa0: case 0xa8:
      return pushSeg(g, op === 0xa0 ? 4 : 5);
    case 0xa1: case 0xa9:
      return popSeg(g, op === 0xa1 ? 4 : 5);
    case 0xa3: return bitTest(g, 0, false);
    case 0xab: return bitTest(g, 1, false);
    case 0xb3: return bitTest(g, 2, false);
    case 0xbb: return bitTest(g, 3, false);
    case 0xba: return reg >= 4 ? bitTest(g, reg - 4, true) : g.raise(Vec.UD);
    case 0xa4: case 0xa5: case 0xac: case 0xad:
      return shiftDouble(g, op >= 0xac, (op & 1) === 0 ? i.imm & 0xff : undefined);
    case 0xae:
      return miscSystem(g, '0fae');
    case 0xaf: return imulReg(g, i.osz, i.reg, 'rm', undefined);
    case 0xb0: case 0xb1: return cmpxchg(g, sizeOf(i, op === 0xb0));
    case 0xb2: return i.isMem ? loadFarPointer(g, 2) : g.raise(Vec.UD);
    case 0xb4: return i.isMem ? loadFarPointer(g, 4) : g.raise(Vec.UD);
    case 0xb5: return i.isMem ? loadFarPointer(g, 5) : g.raise(Vec.UD);
    case 0xb6: case 0xb7: return movx(g, i.osz, op === 0xb6 ? 1 : 2, false);
    case 0xbe: case 0xbf: return movx(g, i.osz, op === 0xbe ? 1 : 2, true);
    case 0xb8:
      // POPCNT needs F3 and the feature (0F B8 alone is JMPE, #UD outside IA-64).
      return i.rep === 0xf3 && (g.features & CpuFeature.Popcnt) !== 0 ? popcnt(g) : g.raise(Vec.UD);
    case 0xbd:
      if (i.rep === 0xf3 && (g.features & CpuFeature.Abm) !== 0) return lzcnt(g);
      return bitScan(g, true); // without ABM, F3 is ignored and LZCNT is BSR, as on QEMU
    case 0xbc:
      return bitScan(g, false); // TZCNT needs BMI1, which is not offered: BSF, as on QEMU
    case 0xc0: case 0xc1: return xadd(g, sizeOf(i, op === 0xc0));
    case 0xc3:
      // MOVNTI: a plain 32/64-bit store.
      return i.isMem ? mov(g, i.osz === 8 ? 8 : 4, true) : g.raise(Vec.UD);
    case 0xc7:
      if (reg === 1 && i.isMem) return cmpxchg8b16b(g);
      return g.raise(Vec.UD); // RDRAND/RDSEED/VMX: not advertised
  }
  return g.raise(Vec.UD);
}

export { Alu };
