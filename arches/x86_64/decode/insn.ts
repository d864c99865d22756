/**
 * One decoded x86 instruction, as the translator sees it. Decoding happens once per
 * instruction when a block is translated, so this is a plain object.
 * @module
 */

/** Operand and address sizes in bytes. */
export type Size = 1 | 2 | 4 | 8;

/** Segment register numbers (encoding order). */
export const enum Seg {
  ES = 0,
  CS = 1,
  SS = 2,
  DS = 3,
  FS = 4,
  GS = 5,
  LDTR = 6,
  TR = 7,
}

/** `base` value of a RIP-relative memory operand. */
export const BASE_RIP = 16;

/** Immediate kinds of the opcode tables. */
export const enum Imm {
  None = 0,
  /** One byte. */
  B = 1,
  /** Two bytes (RET/RETF imm16). */
  W = 2,
  /** Two or four bytes by operand size (four also for 64-bit operands, sign-extended). */
  Z = 3,
  /** Two, four or eight bytes by operand size (MOV r, imm). */
  V = 4,
  /** Far pointer: offset (2 or 4 bytes by operand size) then a selector. */
  Far = 5,
  /** Memory offset of the address size (MOV AL/AX, moffs). */
  Moffs = 6,
  /** ENTER: imm16 then imm8. */
  Enter = 7,
}

export interface Insn {
  /** Address (RIP/EIP) of the instruction, as unsigned halves. */
  readonly ripLo: number;
  readonly ripHi: number;
  /** Length in bytes. */
  readonly len: number;
  /** Opcode map: 0 one-byte, 1 = 0F, 2 = 0F 38, 3 = 0F 3A. */
  readonly map: number;
  readonly op: number;
  /** Operand size for non-byte forms: 2, 4 or 8. */
  readonly osz: 2 | 4 | 8;
  /** Address size: 2, 4 or 8. */
  readonly asz: 2 | 4 | 8;
  /** The 0x66 prefix was present. */
  readonly p66: boolean;
  /** The last of F2/F3 present (0 when none). */
  readonly rep: number;
  readonly lock: boolean;
  /** Segment override, or -1. */
  readonly seg: number;
  /** The REX byte (0 when none). */
  readonly rex: number;
  readonly rexW: boolean;
  readonly hasModrm: boolean;
  readonly modrm: number;
  readonly mod: number;
  /** ModRM.reg with REX.R. */
  readonly reg: number;
  /** ModRM.rm with REX.B (register forms), or the raw rm field for memory forms. */
  readonly rm: number;
  readonly isMem: boolean;
  /** Memory operand: base register (-1 none, BASE_RIP), index (-1 none), scale shift, displacement (int32). */
  readonly base: number;
  readonly index: number;
  readonly scale: number;
  readonly disp: number;
  /** Default segment of the memory operand before overrides (SS for RSP/RBP bases). */
  readonly defaultSeg: number;
  /** Immediate (int32, sign-extended for sizes below 4 where the opcode says so; raw otherwise). */
  readonly imm: number;
  /** Bits 63:32 of a 64-bit immediate or moffs; the selector of a far pointer; ENTER's level. */
  readonly imm2: number;
  /** 64-bit mode. */
  readonly mode64: boolean;
}

/** Why decoding stopped without an instruction. */
export const enum DecodeFail {
  /** The bytes needed lie on a page that could not be fetched (report the fetch fault). */
  Fetch = 1,
  /** Longer than 15 bytes: #GP(0). */
  TooLong = 2,
}
