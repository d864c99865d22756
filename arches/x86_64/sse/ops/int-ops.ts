/**
 * Integer and logic instructions in their MMX (no prefix) and SSE2 (66) forms, the packed
 * logic and unpack/shuffle instructions of SSE (0F 14, 15, 54–57, C6), shuffles with an
 * immediate (0F 70), shifts by immediate (0F 71–73) and by register, PINSRW/PEXTRW, PMOVMSKB,
 * MOVMSKPS/PD and MASKMOVQ/MASKMOVDQU.
 * @module
 */
import type { FpDecoded, FpInsn, X86FpHost } from '../../fp-contract.js';
import { MM_D, SCR, enterMmx, mmToSlot, slotToMm, type XmmFile } from '../operands.js';
import * as A from '../int/arith.js';
import type { IntOp } from '../int/arith.js';
import { interleave, movmsk, packWords, packssdw, pmovmskb, pshufWords, pshufd, shufpd, shufps } from '../int/permute.js';
import { SLL, SRA, SRL, countOf, shiftBytes, shiftElements } from '../int/shift.js';
import { intForm, mmx, sse, xmmForm } from './form.js';
import { setGpr32 } from './fp-convert.js';
import { logicRegs } from './fast.js';

/** Shift by the count in the source operand. */
function shiftBy(kind: number, size: number): IntOp {
  return (D, d, S, s, len) => shiftElements(kind, size, D, d, countOf(S, s), len);
}

/** Opcodes with an MMX and an XMM form, and the MMX memory operand size when it is not 8. */
const INT_OPS: Record<number, IntOp> = {
  0x60: interleave(1, false),
  0x61: interleave(2, false),
  0x62: interleave(4, false),
  0x63: packWords(false),
  0x64: A.pcmpgtb,
  0x65: A.pcmpgtw,
  0x66: A.pcmpgtd,
  0x67: packWords(true),
  0x68: interleave(1, true),
  0x69: interleave(2, true),
  0x6a: interleave(4, true),
  0x6b: packssdw,
  0x74: A.pcmpeqb,
  0x75: A.pcmpeqw,
  0x76: A.pcmpeqd,
  0xd1: shiftBy(SRL, 2),
  0xd2: shiftBy(SRL, 4),
  0xd3: shiftBy(SRL, 8),
  0xd4: A.paddq,
  0xd5: A.pmullw,
  0xd8: A.psubusb,
  0xd9: A.psubusw,
  0xda: A.pminub,
  0xdb: A.pand,
  0xdc: A.paddusb,
  0xdd: A.paddusw,
  0xde: A.pmaxub,
  0xdf: A.pandn,
  0xe0: A.pavgb,
  0xe1: shiftBy(SRA, 2),
  0xe2: shiftBy(SRA, 4),
  0xe3: A.pavgw,
  0xe4: A.pmulhuw,
  0xe5: A.pmulhw,
  0xe8: A.psubsb,
  0xe9: A.psubsw,
  0xea: A.pminsw,
  0xeb: A.por,
  0xec: A.paddsb,
  0xed: A.paddsw,
  0xee: A.pmaxsw,
  0xef: A.pxor,
  0xf1: shiftBy(SLL, 2),
  0xf2: shiftBy(SLL, 4),
  0xf3: shiftBy(SLL, 8),
  0xf4: A.pmuludq,
  0xf5: A.pmaddwd,
  0xf6: A.psadbw,
  0xf8: A.psubb,
  0xf9: A.psubw,
  0xfa: A.psubd,
  0xfb: A.psubq,
  0xfc: A.paddb,
  0xfd: A.paddw,
  0xfe: A.paddd,
};

/** Does the opcode have an MMX/SSE2 integer form? */
export function isIntOpcode(opcode: number): boolean {
  return INT_OPS[opcode] !== undefined;
}

/** PAND, PANDN, POR, PXOR as logicRegs kinds. */
const LOGIC_KIND: Record<number, number> = { 0xdb: 0, 0xdf: 1, 0xeb: 2, 0xef: 3, 0x54: 0, 0x55: 1, 0x56: 2, 0x57: 3 };

/** The MMX/SSE2 integer opcodes of {@link INT_OPS}. MMX PUNPCKL* read only 32 bits of memory. */
export function decodeIntOp(insn: FpInsn): FpDecoded | null {
  const kind = LOGIC_KIND[insn.opcode];
  if (kind !== undefined && insn.prefix === 0x66 && !insn.isMem) return sse(logicRegs(kind, insn.reg, insn.rm));
  return intForm(insn, INT_OPS[insn.opcode], insn.opcode >= 0x60 && insn.opcode <= 0x62 ? 4 : 8);
}

/** 0F 6C/6D: PUNPCKLQDQ, PUNPCKHQDQ (66 only). */
export function decodeUnpackQdq(insn: FpInsn): FpDecoded | null {
  if (insn.prefix !== 0x66) return null;
  return intForm(insn, interleave(8, insn.opcode === 0x6d));
}

const PACKED_LOGIC: Record<number, IntOp> = { 0x54: A.pand, 0x55: A.pandn, 0x56: A.por, 0x57: A.pxor };

/** 0F 54–57 (ANDPS/PD, ANDNPS/PD, ORPS/PD, XORPS/PD) and 0F 14/15 (UNPCKL/HPS, PD): XMM only. */
export function decodePackedLogic(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  const kind = LOGIC_KIND[insn.opcode];
  if (kind !== undefined && !insn.isMem) return sse(logicRegs(kind, insn.reg, insn.rm));
  const op =
    insn.opcode === 0x14 || insn.opcode === 0x15 ? interleave(p === 0x66 ? 8 : 4, insn.opcode === 0x15) : PACKED_LOGIC[insn.opcode];
  return xmmForm(insn, 16, true, (cpu, d, S, s) => op(cpu, d, S, s, 16));
}

/** 0F C6 ib: SHUFPS, SHUFPD (66). */
export function decodeShuf(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  const imm = insn.imm8;
  return xmmForm(insn, 16, true, p === 0 ? (cpu, d, S, s) => shufps(cpu, d, S, s, imm) : (cpu, d, S, s) => shufpd(cpu, d, S, s, imm));
}

/** 0F 70 ib: PSHUFW (MMX), PSHUFD (66), PSHUFHW (F3), PSHUFLW (F2). */
export function decodePshuf(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  const imm = insn.imm8;
  if (p === 0x66) return xmmForm(insn, 16, true, (cpu, d, S, s) => pshufd(cpu, d, S, s, imm));
  if (p === 0xf3) return xmmForm(insn, 16, true, (cpu, d, S, s) => pshufWords(4, cpu, d, S, s, imm, 16));
  if (p === 0xf2) return xmmForm(insn, 16, true, (cpu, d, S, s) => pshufWords(0, cpu, d, S, s, imm, 16));
  return intForm(insn, (D, d, S, s) => pshufWords(0, D, d, S, s, imm, 8)) as FpDecoded;
}

/**
 * 0F 71/72/73 with a register operand: shifts of ModRM.rm by imm8 — /2 PSRL, /4 PSRA (not
 * quadwords), /6 PSLL; 0F 73 /3 PSRLDQ and /7 PSLLDQ (66 only).
 */
export function decodeShiftImm(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (insn.isMem || (p !== 0 && p !== 0x66)) return null;
  const ext = (insn.modrm >> 3) & 7;
  const count = insn.imm8;
  const size = insn.opcode === 0x71 ? 2 : insn.opcode === 0x72 ? 4 : 8;
  if (size === 8 && (ext === 3 || ext === 7)) {
    if (p !== 0x66) return null;
    const d = insn.rm;
    const right = ext === 3;
    return sse((cpu) => shiftBytes(right, cpu, d, count));
  }
  const kind = ext === 2 ? SRL : ext === 4 && size !== 8 ? SRA : ext === 6 ? SLL : -1;
  if (kind < 0) return null;
  if (p === 0x66) {
    const d = insn.rm;
    return sse((cpu) => shiftElements(kind, size, cpu, d, count, 16));
  }
  const m = insn.rm & 7;
  return mmx((cpu) => {
    enterMmx(cpu);
    mmToSlot(cpu, m, SCR, MM_D);
    shiftElements(kind, size, SCR, MM_D, count, 8);
    slotToMm(cpu, m, SCR, MM_D);
  });
}

/** 0F C4 ib: PINSRW mm/xmm (66), r32/m16: word imm8 & 3 (MMX) or & 7 of the destination. */
export function decodePinsrw(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  const xmm = p === 0x66;
  const d = xmm ? insn.reg : insn.reg & 7;
  const k = insn.imm8 & (xmm ? 7 : 3);
  const insert = xmm
    ? (cpu: X86FpHost, v: number): void => {
        cpu.xmmU16[(d << 3) + k] = v;
      }
    : (cpu: X86FpHost, v: number): void => {
        enterMmx(cpu);
        mmToSlot(cpu, d, SCR, MM_D);
        SCR.xmmU16[(MM_D << 3) + k] = v;
        slotToMm(cpu, d, SCR, MM_D);
      };
  const wrap = xmm ? sse : mmx;
  if (!insn.isMem) {
    const g = insn.rm;
    return wrap((cpu) => insert(cpu, cpu.r[2 * g] & 0xffff));
  }
  return wrap((cpu, lo, hi) => insert(cpu, cpu.load16(lo, hi)));
}

/** Run `read` on an MMX (rm & 7, staged) or XMM register and put the result in GPR reg (32 bits, zero-extended). */
function toGpr(insn: FpInsn, xmm: boolean, read: (S: XmmFile, s: number) => number): FpDecoded | null {
  if (insn.isMem) return null;
  const g = insn.reg;
  if (xmm) {
    const s = insn.rm;
    return sse((cpu) => setGpr32(cpu, g, read(cpu, s)));
  }
  const s = insn.rm & 7;
  return mmx((cpu) => {
    enterMmx(cpu);
    mmToSlot(cpu, s, SCR, MM_D);
    setGpr32(cpu, g, read(SCR, MM_D));
  });
}

/** 0F C5 ib: PEXTRW r32, mm/xmm (register only). */
export function decodePextrw(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  const k = insn.imm8 & (p === 0x66 ? 7 : 3);
  return toGpr(insn, p === 0x66, (S, s) => S.xmmU16[(s << 3) + k]);
}

/** 0F D7: PMOVMSKB r32, mm/xmm (register only). */
export function decodePmovmskb(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  const len = p === 0x66 ? 16 : 8;
  return toGpr(insn, p === 0x66, (S, s) => pmovmskb(S, s, len));
}

/** 0F 50: MOVMSKPS, MOVMSKPD (66) r32, xmm (register only). */
export function decodeMovmsk(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  const size = p === 0x66 ? 8 : 4;
  return toGpr(insn, true, (S, s) => movmsk(S, s, size));
}

/**
 * 0F F7: MASKMOVQ mm1, mm2 / MASKMOVDQU xmm1, xmm2 (66): bytes of reg whose mask byte in rm has
 * its top bit set go to the implicit DS:rDI, which the core passes as the address.
 */
export function decodeMaskmov(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (insn.isMem || (p !== 0 && p !== 0x66)) return null;
  if (p === 0x66) {
    const s = insn.reg;
    const m = insn.rm;
    return sse((cpu, lo, hi) => maskedStore(cpu, lo, hi, cpu, s, cpu, m, 16));
  }
  const s = insn.reg & 7;
  const m = insn.rm & 7;
  return mmx((cpu, lo, hi) => {
    mmToSlot(cpu, s, SCR, MM_D);
    mmToSlot(cpu, m, SCR, MM_D + 1);
    maskedStore(cpu, lo, hi, SCR, MM_D, SCR, MM_D + 1, 8);
    enterMmx(cpu);
  });
}

function maskedStore(cpu: X86FpHost, lo: number, hi: number, S: XmmFile, s: number, M: XmmFile, m: number, len: number): void {
  const b = S.xmmBytes;
  const mask = M.xmmBytes;
  for (let k = 0; k < len; k++) {
    if ((mask[(m << 4) + k] & 0x80) === 0) continue;
    const a = lo + k;
    cpu.store8(a >>> 0, a > 0xffffffff ? (cpu.mode64 ? (hi + 1) >>> 0 : 0) : hi, b[(s << 4) + k]);
  }
}
