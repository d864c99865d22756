import { OP } from '../fixtures/arches/toy/index.js';

/** Encoders for the toy ISA, so tests read like assembly. */
const w = (op: number, rd = 0, rs = 0, low = 0): number => ((op << 24) | (rd << 20) | (rs << 16) | (low & 0xffff)) >>> 0;
export const asm = {
  li: (rd: number, imm: number) => w(OP.LI, rd, 0, imm),
  lui: (rd: number, imm: number) => w(OP.LUI, rd, 0, imm),
  /** Load a full 32-bit constant in two instructions. */
  li32: (rd: number, v: number) => [w(OP.LI, rd, 0, v & 0xffff), w(OP.LUI, rd, 0, v >>> 16)],
  add: (rd: number, rs: number, rt: number) => w(OP.ADD, rd, rs, rt << 12),
  sub: (rd: number, rs: number, rt: number) => w(OP.SUB, rd, rs, rt << 12),
  addi: (rd: number, rs: number, imm: number) => w(OP.ADDI, rd, rs, imm & 0xfff),
  lw: (rd: number, rs: number, imm = 0) => w(OP.LW, rd, rs, imm & 0xfff),
  lb: (rd: number, rs: number, imm = 0) => w(OP.LB, rd, rs, imm & 0xfff),
  sw: (rd: number, rs: number, imm = 0) => w(OP.SW, rd, rs, imm & 0xfff),
  sb: (rd: number, rs: number, imm = 0) => w(OP.SB, rd, rs, imm & 0xfff),
  bne: (a: number, b: number, words: number) => w(OP.BNE, a, b, words & 0xfff),
  wfi: () => w(OP.WFI),
  exit: (rd: number) => w(OP.EXIT, rd),
  halt: () => w(OP.HALT),
  ack: (rd: number) => w(OP.ACK, rd),
  out: (rd: number) => w(OP.OUT, rd),
  /** Throws inside the core: a stand-in for a Chimera bug. */
  bug: () => w(OP.BUG),
};

/** Flatten a program (instructions and li32 pairs) into words. */
export function program(...parts: (number | number[])[]): number[] {
  return parts.flat();
}
