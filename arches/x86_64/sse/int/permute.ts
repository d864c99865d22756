/**
 * Data movement between lanes: unpack (interleave), pack with saturation, shuffles and
 * PMOVMSKB/MOVMSKPS. Results are assembled in the scratch result slot and then copied, so the
 * destination may also be the source.
 * @module
 */
import { RES, SCR, type XmmFile } from '../operands.js';
import type { IntOp } from './arith.js';

const RB = SCR.xmmBytes;
const RW = SCR.xmmU16;
const RD = SCR.xmm;
const R8 = RES << 4;
const R16 = RES << 3;
const R32 = RES << 2;

/** Copy the first `len` bytes of the result slot to slot d of D. */
export function fromResult(D: XmmFile, d: number, len: number): void {
  const w = D.xmm;
  const i = d << 2;
  w[i] = RD[R32];
  w[i + 1] = RD[R32 + 1];
  if (len === 16) {
    w[i + 2] = RD[R32 + 2];
    w[i + 3] = RD[R32 + 3];
  }
}

/**
 * PUNPCKL/H{BW,WD,DQ,QDQ}, UNPCKL/HP{S,D}: elements of `size` bytes from the low (or high) half
 * of d and s, interleaved, d first. MMX PUNPCKL* read only the low half of their source.
 */
export function interleave(size: number, high: boolean): IntOp {
  return (D, d, S, s, len) => {
    const a = D.xmmBytes;
    const b = S.xmmBytes;
    const half = len >> 1;
    const ai = (d << 4) + (high ? half : 0);
    const bi = (s << 4) + (high ? half : 0);
    let o = R8;
    for (let k = 0; k < half; k += size) {
      for (let x = 0; x < size; x++) RB[o++] = a[ai + k + x];
      for (let x = 0; x < size; x++) RB[o++] = b[bi + k + x];
    }
    fromResult(D, d, len);
  };
}

const satSignedByte = (x: number): number => (x < -128 ? -128 : x > 127 ? 127 : x);
const satUnsignedByte = (x: number): number => (x < 0 ? 0 : x > 255 ? 255 : x);
const satSignedWord = (x: number): number => (x < -32768 ? -32768 : x > 32767 ? 32767 : x);

/** PACKSSWB (unsigned = false) / PACKUSWB: signed words of d then s to saturated bytes. */
export function packWords(unsigned: boolean): IntOp {
  return (D, d, S, s, len) => {
    const a = D.xmmU16;
    const b = S.xmmU16;
    const half = len >> 1;
    for (let k = 0; k < len; k++) {
      const x = k < half ? a[(d << 3) + k] : b[(s << 3) + k - half];
      const v = (x << 16) >> 16;
      RB[R8 + k] = unsigned ? satUnsignedByte(v) : satSignedByte(v);
    }
    fromResult(D, d, len);
  };
}

/** PACKSSDW: signed doublewords of d then s to saturated words. */
export const packssdw: IntOp = (D, d, S, s, len) => {
  const a = D.xmmI32;
  const b = S.xmmI32;
  const n = len >> 1;
  for (let k = 0; k < n; k++) {
    const v = k < n >> 1 ? a[(d << 2) + k] : b[(s << 2) + k - (n >> 1)];
    RW[R16 + k] = satSignedWord(v);
  }
  fromResult(D, d, len);
};

/** PSHUFD: doubleword k of d = doubleword (imm >> 2k) & 3 of s. */
export function pshufd(D: XmmFile, d: number, S: XmmFile, s: number, imm: number): void {
  const b = S.xmm;
  for (let k = 0; k < 4; k++) RD[R32 + k] = b[(s << 2) + ((imm >> (2 * k)) & 3)];
  fromResult(D, d, 16);
}

/**
 * PSHUFW (MMX, words 0..3), PSHUFLW (words 0..3 of an XMM register, 4..7 copied) and PSHUFHW
 * (words 4..7, 0..3 copied): `base` is the first shuffled word, `len` the register length.
 */
export function pshufWords(base: number, D: XmmFile, d: number, S: XmmFile, s: number, imm: number, len: number): void {
  const b = S.xmmU16;
  const si = s << 3;
  for (let k = 0; k < len >> 1; k++) RW[R16 + k] = b[si + k];
  for (let k = 0; k < 4; k++) RW[R16 + base + k] = b[si + base + ((imm >> (2 * k)) & 3)];
  fromResult(D, d, len);
}

/** SHUFPS: singles 0, 1 from d, 2, 3 from s, chosen by the 2-bit fields of imm. */
export function shufps(D: XmmFile, d: number, S: XmmFile, s: number, imm: number): void {
  const a = D.xmm;
  const b = S.xmm;
  RD[R32] = a[(d << 2) + (imm & 3)];
  RD[R32 + 1] = a[(d << 2) + ((imm >> 2) & 3)];
  RD[R32 + 2] = b[(s << 2) + ((imm >> 4) & 3)];
  RD[R32 + 3] = b[(s << 2) + ((imm >> 6) & 3)];
  fromResult(D, d, 16);
}

/** SHUFPD: double 0 from d (imm bit 0), double 1 from s (imm bit 1). */
export function shufpd(D: XmmFile, d: number, S: XmmFile, s: number, imm: number): void {
  const a = D.xmm;
  const b = S.xmm;
  const x = (d << 2) + 2 * (imm & 1);
  const y = (s << 2) + 2 * ((imm >> 1) & 1);
  RD[R32] = a[x];
  RD[R32 + 1] = a[x + 1];
  RD[R32 + 2] = b[y];
  RD[R32 + 3] = b[y + 1];
  fromResult(D, d, 16);
}

/** PMOVMSKB: the top bit of each of the `len` bytes of slot s. */
export function pmovmskb(S: XmmFile, s: number, len: number): number {
  const b = S.xmmBytes;
  let m = 0;
  for (let k = 0; k < len; k++) m |= (b[(s << 4) + k] >> 7) << k;
  return m;
}

/** MOVMSKPS (size 4) / MOVMSKPD (size 8): the sign bits of the lanes of slot s. */
export function movmsk(S: XmmFile, s: number, size: number): number {
  const w = S.xmm;
  let m = 0;
  for (let k = 0; k < 16 / size; k++) m |= (w[(s << 2) + (k * size) / 4 + size / 4 - 1] >>> 31) << k;
  return m;
}
