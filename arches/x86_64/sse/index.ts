/**
 * The SSE module of the x86-64 core: SSE, SSE2 and SSE3 with their MMX forms, LDMXCSR and
 * STMXCSR, as QEMU's qemu64 CPU advertises them (MMX, SSE, SSE2, SSE3; no SSSE3, SSE4, SSE4A or
 * AVX: those encodings are #UD). The core calls {@link decodeSse} once per instruction of the
 * opcodes `../DESIGN.md` gives this module; the returned exec function runs each time the
 * instruction does. See docs/arch-x86_64.md, "SSE, SSE2, SSE3 and MMX".
 * @module
 */
import type { FpDecoded, FpDecoder, FpInsn } from '../fp-contract.js';
import { decodeBinary, decodeCompare, decodeComis, decodeHorizontal, decodeRecip, decodeSqrt } from './ops/fp-arith.js';
import { decodeCvtDq, decodeCvtE6, decodeCvtFloat, decodeCvtToFloat, decodeCvtToInt } from './ops/fp-convert.js';
import {
  decodeLddqu,
  decodeMovAligned,
  decodeMovDq,
  decodeMovHalf,
  decodeMovHalfStore,
  decodeMovLoad,
  decodeMovNt,
  decodeMovStore,
  decodeMovdIn,
  decodeMovdOut,
  decodeMovqD6,
} from './ops/moves.js';
import {
  decodeIntOp,
  decodeMaskmov,
  decodeMovmsk,
  decodePackedLogic,
  decodePextrw,
  decodePinsrw,
  decodePmovmskb,
  decodePshuf,
  decodeShiftImm,
  decodeShuf,
  decodeUnpackQdq,
  isIntOpcode,
} from './ops/int-ops.js';
import { decodeMxcsr } from './ops/mxcsr-ops.js';

/** Map 0F opcodes of this module; undefined entries (and every other map) are #UD. */
const MAP_0F: Record<number, (insn: FpInsn) => FpDecoded | null> = {
  0x10: decodeMovLoad,
  0x11: decodeMovStore,
  0x12: decodeMovHalf,
  0x13: decodeMovHalfStore,
  0x14: decodePackedLogic,
  0x15: decodePackedLogic,
  0x16: decodeMovHalf,
  0x17: decodeMovHalfStore,
  0x28: decodeMovAligned,
  0x29: decodeMovAligned,
  0x2a: decodeCvtToFloat,
  0x2b: decodeMovNt,
  0x2c: decodeCvtToInt,
  0x2d: decodeCvtToInt,
  0x2e: decodeComis,
  0x2f: decodeComis,
  0x50: decodeMovmsk,
  0x51: decodeSqrt,
  0x52: decodeRecip,
  0x53: decodeRecip,
  0x54: decodePackedLogic,
  0x55: decodePackedLogic,
  0x56: decodePackedLogic,
  0x57: decodePackedLogic,
  0x58: decodeBinary,
  0x59: decodeBinary,
  0x5a: decodeCvtFloat,
  0x5b: decodeCvtDq,
  0x5c: decodeBinary,
  0x5d: decodeBinary,
  0x5e: decodeBinary,
  0x5f: decodeBinary,
  0x6c: decodeUnpackQdq,
  0x6d: decodeUnpackQdq,
  0x6e: decodeMovdIn,
  0x6f: decodeMovDq,
  0x70: decodePshuf,
  0x71: decodeShiftImm,
  0x72: decodeShiftImm,
  0x73: decodeShiftImm,
  0x7c: decodeHorizontal,
  0x7d: decodeHorizontal,
  0x7e: decodeMovdOut,
  0x7f: decodeMovDq,
  0xae: decodeMxcsr,
  0xc2: decodeCompare,
  0xc4: decodePinsrw,
  0xc5: decodePextrw,
  0xc6: decodeShuf,
  0xd0: decodeHorizontal,
  0xd6: decodeMovqD6,
  0xd7: decodePmovmskb,
  0xe6: decodeCvtE6,
  0xe7: decodeMovNt,
  0xf0: decodeLddqu,
  0xf7: decodeMaskmov,
};

/** Decode one instruction of the SSE module's opcodes; null = #UD. */
export const decodeSse: FpDecoder = (insn) => {
  if (insn.map !== 1) return null;
  const op = insn.opcode;
  const decode = MAP_0F[op];
  if (decode !== undefined) return decode(insn);
  if (isIntOpcode(op)) return decodeIntOp(insn);
  return null;
};
