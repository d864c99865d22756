/**
 * Shifts: PSRL/PSLL/PSRA of words, doublewords and quadwords by an immediate or by the low
 * 64 bits of a register or memory operand, and the byte shifts PSRLDQ/PSLLDQ. A count beyond
 * the element width clears the element (logical) or fills it with the sign (arithmetic).
 * @module
 */
import { RES, SCR, type XmmFile } from '../operands.js';
import { fromResult } from './permute.js';

export const SRL = 0;
export const SRA = 1;
export const SLL = 2;

/**
 * The count held in bits 63:0 of slot s: a value that does not fit 32 bits stands for "very
 * large" (every count above 63 has the same effect).
 */
export function countOf(S: XmmFile, s: number): number {
  const w = S.xmm;
  return w[(s << 2) + 1] !== 0 ? 0xffffffff : w[s << 2];
}

/** Shift the `size`-byte elements (2, 4 or 8) of slot d by `count` bits. */
export function shiftElements(kind: number, size: number, D: XmmFile, d: number, count: number, len: number): void {
  const bits = size * 8;
  if (count >= bits) {
    if (kind !== SRA) {
      const w = D.xmm;
      for (let k = 0; k < len >> 2; k++) w[(d << 2) + k] = 0;
      return;
    }
    count = bits - 1;
  }
  if (size === 2) {
    const h = D.xmmU16;
    for (let k = 0; k < len >> 1; k++) {
      const i = (d << 3) + k;
      const v = h[i];
      h[i] = kind === SRL ? v >>> count : kind === SLL ? v << count : ((v << 16) >> 16) >> count;
    }
  } else if (size === 4) {
    const w = D.xmm;
    for (let k = 0; k < len >> 2; k++) {
      const i = (d << 2) + k;
      const v = w[i];
      w[i] = kind === SRL ? v >>> count : kind === SLL ? v << count : (v | 0) >> count;
    }
  } else {
    // Quadwords (logical only: there is no PSRAQ before AVX-512).
    const w = D.xmm;
    for (let k = 0; k < len >> 2; k += 2) {
      const i = (d << 2) + k;
      const lo = w[i];
      const hi = w[i + 1];
      if (count === 0) continue;
      if (kind === SRL) {
        w[i] = count < 32 ? (lo >>> count) | (hi << (32 - count)) : hi >>> (count - 32);
        w[i + 1] = count < 32 ? hi >>> count : 0;
      } else {
        w[i + 1] = count < 32 ? (hi << count) | (lo >>> (32 - count)) : lo << (count - 32);
        w[i] = count < 32 ? lo << count : 0;
      }
    }
  }
}

/** PSRLDQ (right = true) / PSLLDQ: shift the whole register by `count` bytes (above 15: zero). */
export function shiftBytes(right: boolean, D: XmmFile, d: number, count: number): void {
  const a = D.xmmBytes;
  const r = SCR.xmmBytes;
  const base = d << 4;
  for (let k = 0; k < 16; k++) {
    const from = right ? k + count : k - count;
    r[(RES << 4) + k] = from >= 0 && from < 16 ? a[base + from] : 0;
  }
  fromResult(D, d, 16);
}
