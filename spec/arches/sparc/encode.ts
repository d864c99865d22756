/** Tiny SPARC V8 encoder for unit tests (format 2/3 words). */
export const NOP = 0x01000000;

/** op=2 arithmetic, register form: op3 rd, rs1, rs2. */
export const alu = (op3: number, rd: number, rs1: number, rs2: number): number =>
  ((2 << 30) | (rd << 25) | (op3 << 19) | (rs1 << 14) | rs2) >>> 0;
/** op=2 arithmetic, immediate form. */
export const alui = (op3: number, rd: number, rs1: number, simm13: number): number =>
  ((2 << 30) | (rd << 25) | (op3 << 19) | (rs1 << 14) | (1 << 13) | (simm13 & 0x1fff)) >>> 0;
/** op=3 load/store, register form with ASI. */
export const mem = (op3: number, rd: number, rs1: number, rs2: number, asi = 0): number =>
  ((3 << 30) | (rd << 25) | (op3 << 19) | (rs1 << 14) | (asi << 5) | rs2) >>> 0;
export const memi = (op3: number, rd: number, rs1: number, simm13: number): number =>
  ((3 << 30) | (rd << 25) | (op3 << 19) | (rs1 << 14) | (1 << 13) | (simm13 & 0x1fff)) >>> 0;
/** Bicc / FBfcc with word displacement. */
export const bicc = (cond: number, annul: boolean, disp: number): number =>
  (((annul ? 1 : 0) << 29) | (cond << 25) | (2 << 22) | (disp & 0x3fffff)) >>> 0;
export const fbfcc = (cond: number, annul: boolean, disp: number): number =>
  (((annul ? 1 : 0) << 29) | (cond << 25) | (6 << 22) | (disp & 0x3fffff)) >>> 0;
export const sethi = (rd: number, value: number): number => ((rd << 25) | (4 << 22) | (value >>> 10)) >>> 0;
export const fpop1 = (opf: number, rd: number, rs1: number, rs2: number): number =>
  ((2 << 30) | (rd << 25) | (0x34 << 19) | (rs1 << 14) | (opf << 5) | rs2) >>> 0;
/** Ticc with immediate trap number. */
export const ticc = (cond: number, rs1: number, imm: number): number =>
  ((2 << 30) | (cond << 25) | (0x3a << 19) | (rs1 << 14) | (1 << 13) | (imm & 0x7f)) >>> 0;

export const OP3 = {
  add: 0x00, and: 0x01, or: 0x02, sub: 0x04, addx: 0x08, umul: 0x0a, smul: 0x0b, subx: 0x0c, udiv: 0x0e, sdiv: 0x0f,
  addcc: 0x10, subcc: 0x14, addxcc: 0x18, umulcc: 0x1a, smulcc: 0x1b, subxcc: 0x1c, udivcc: 0x1e, sdivcc: 0x1f,
  taddcc: 0x20, tsubcc: 0x21, taddcctv: 0x22, tsubcctv: 0x23, mulscc: 0x24, rdy: 0x28, rdpsr: 0x29, wry: 0x30, wrpsr: 0x31,
  wrwim: 0x32, wrtbr: 0x33, jmpl: 0x38, rett: 0x39, save: 0x3c, restore: 0x3d,
  ld: 0x00, ldub: 0x01, lduh: 0x02, ldd: 0x03, st: 0x04, stb: 0x05, sth: 0x06, std: 0x07, ldsb: 0x09, ldsh: 0x0a,
  ldstub: 0x0d, swap: 0x0f, lda: 0x10, sta: 0x14, ldf: 0x20, ldfsr: 0x21, lddf: 0x23, stf: 0x24, stdfq: 0x26, stdf: 0x27, casa: 0x3c,
} as const;
