/**
 * Lane-wise integer operations of MMX and SSE2 (PADD*, PSUB*, saturating forms, multiplies,
 * averages, minimum/maximum, compares, logic, PSADBW). Each works in place on slot d of file D
 * with source slot s of file S over `len` bytes (8 for an MMX register staged in scratch, 16 for
 * an XMM register): a lane reads both operands before it writes, so d and s may be the same.
 * @module
 */
import type { XmmFile } from '../operands.js';

/** An in-place lane-wise operation. */
export type IntOp = (D: XmmFile, d: number, S: XmmFile, s: number, len: number) => void;

const sb = (x: number): number => (x << 24) >> 24;
const sw = (x: number): number => (x << 16) >> 16;
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Byte lanes: f(a, b) stored modulo 2^8. */
function bytes(f: (a: number, b: number) => number): IntOp {
  return (D, d, S, s, len) => {
    const a = D.xmmBytes;
    const b = S.xmmBytes;
    const i = d << 4;
    const j = s << 4;
    for (let k = 0; k < len; k++) a[i + k] = f(a[i + k], b[j + k]);
  };
}

/** Word lanes: f(a, b) stored modulo 2^16. */
function words(f: (a: number, b: number) => number): IntOp {
  return (D, d, S, s, len) => {
    const a = D.xmmU16;
    const b = S.xmmU16;
    const i = d << 3;
    const j = s << 3;
    const n = len >> 1;
    for (let k = 0; k < n; k++) a[i + k] = f(a[i + k], b[j + k]);
  };
}

/** Doubleword lanes (unsigned 32-bit values): f(a, b) stored modulo 2^32. */
function dwords(f: (a: number, b: number) => number): IntOp {
  return (D, d, S, s, len) => {
    const a = D.xmm;
    const b = S.xmm;
    const i = d << 2;
    const j = s << 2;
    const n = len >> 2;
    for (let k = 0; k < n; k++) a[i + k] = f(a[i + k], b[j + k]);
  };
}

export const paddb = bytes((a, b) => a + b);
export const paddw = words((a, b) => a + b);
export const paddd = dwords((a, b) => a + b);
export const psubb = bytes((a, b) => a - b);
export const psubw = words((a, b) => a - b);
export const psubd = dwords((a, b) => a - b);
export const paddsb = bytes((a, b) => clamp(sb(a) + sb(b), -128, 127));
export const paddsw = words((a, b) => clamp(sw(a) + sw(b), -32768, 32767));
export const paddusb = bytes((a, b) => clamp(a + b, 0, 255));
export const paddusw = words((a, b) => clamp(a + b, 0, 65535));
export const psubsb = bytes((a, b) => clamp(sb(a) - sb(b), -128, 127));
export const psubsw = words((a, b) => clamp(sw(a) - sw(b), -32768, 32767));
export const psubusb = bytes((a, b) => clamp(a - b, 0, 255));
export const psubusw = words((a, b) => clamp(a - b, 0, 65535));
export const pmullw = words((a, b) => Math.imul(a, b));
export const pmulhw = words((a, b) => (sw(a) * sw(b)) >> 16);
export const pmulhuw = words((a, b) => (a * b) >>> 16);
export const pavgb = bytes((a, b) => (a + b + 1) >> 1);
export const pavgw = words((a, b) => (a + b + 1) >> 1);
export const pminub = bytes((a, b) => (a < b ? a : b));
export const pmaxub = bytes((a, b) => (a > b ? a : b));
export const pminsw = words((a, b) => (sw(a) < sw(b) ? a : b));
export const pmaxsw = words((a, b) => (sw(a) > sw(b) ? a : b));
export const pcmpeqb = bytes((a, b) => (a === b ? 0xff : 0));
export const pcmpeqw = words((a, b) => (a === b ? 0xffff : 0));
export const pcmpeqd = dwords((a, b) => (a === b ? 0xffffffff : 0));
export const pcmpgtb = bytes((a, b) => (sb(a) > sb(b) ? 0xff : 0));
export const pcmpgtw = words((a, b) => (sw(a) > sw(b) ? 0xffff : 0));
export const pcmpgtd = dwords((a, b) => ((a | 0) > (b | 0) ? 0xffffffff : 0));

// The logic operations serve ANDPS/XORPS too (fabs, negation, zeroing in compiled FP code):
// written out rather than through a per-lane callback.

export const pand: IntOp = (D, d, S, s, len) => {
  const a = D.xmm;
  const b = S.xmm;
  const i = d << 2;
  const j = s << 2;
  a[i] &= b[j];
  a[i + 1] &= b[j + 1];
  if (len === 16) {
    a[i + 2] &= b[j + 2];
    a[i + 3] &= b[j + 3];
  }
};

export const pandn: IntOp = (D, d, S, s, len) => {
  const a = D.xmm;
  const b = S.xmm;
  const i = d << 2;
  const j = s << 2;
  a[i] = ~a[i] & b[j];
  a[i + 1] = ~a[i + 1] & b[j + 1];
  if (len === 16) {
    a[i + 2] = ~a[i + 2] & b[j + 2];
    a[i + 3] = ~a[i + 3] & b[j + 3];
  }
};

export const por: IntOp = (D, d, S, s, len) => {
  const a = D.xmm;
  const b = S.xmm;
  const i = d << 2;
  const j = s << 2;
  a[i] |= b[j];
  a[i + 1] |= b[j + 1];
  if (len === 16) {
    a[i + 2] |= b[j + 2];
    a[i + 3] |= b[j + 3];
  }
};

export const pxor: IntOp = (D, d, S, s, len) => {
  const a = D.xmm;
  const b = S.xmm;
  const i = d << 2;
  const j = s << 2;
  a[i] ^= b[j];
  a[i + 1] ^= b[j + 1];
  if (len === 16) {
    a[i + 2] ^= b[j + 2];
    a[i + 3] ^= b[j + 3];
  }
};

/** 64-bit lanes: a (hi:lo) op b with carry between the halves. */
function qwords(sub: boolean): IntOp {
  return (D, d, S, s, len) => {
    const a = D.xmm;
    const b = S.xmm;
    for (let k = 0; k < len >> 2; k += 2) {
      const i = (d << 2) + k;
      const j = (s << 2) + k;
      const lo = sub ? a[i] - b[j] : a[i] + b[j];
      const carry = sub ? (lo < 0 ? -1 : 0) : lo > 0xffffffff ? 1 : 0;
      a[i + 1] = (sub ? a[i + 1] - b[j + 1] : a[i + 1] + b[j + 1]) + carry;
      a[i] = lo;
    }
  };
}
export const paddq = qwords(false);
export const psubq = qwords(true);

/** PMULUDQ: each 64-bit lane = low doubleword of a × low doubleword of b (unsigned, exact). */
export const pmuludq: IntOp = (D, d, S, s, len) => {
  const a = D.xmm;
  const b = S.xmm;
  for (let k = 0; k < len >> 2; k += 2) {
    const i = (d << 2) + k;
    const x = a[i];
    const y = b[(s << 2) + k];
    const x0 = x & 0xffff;
    const x1 = x >>> 16;
    const y0 = y & 0xffff;
    const y1 = y >>> 16;
    const mid = x0 * y1 + x1 * y0;
    const lo = x0 * y0 + (mid % 65536) * 65536;
    a[i + 1] = x1 * y1 + Math.floor(mid / 65536) + Math.floor(lo / 4294967296);
    a[i] = lo;
  }
};

/** PMADDWD: each doubleword = a0*b0 + a1*b1 of signed word pairs (0x80000000 when both are -32768²). */
export const pmaddwd: IntOp = (D, d, S, s, len) => {
  const a = D.xmmU16;
  const b = S.xmmU16;
  const r = D.xmm;
  for (let k = 0; k < len >> 2; k++) {
    const i = (d << 3) + 2 * k;
    const j = (s << 3) + 2 * k;
    r[(d << 2) + k] = sw(a[i]) * sw(b[j]) + sw(a[i + 1]) * sw(b[j + 1]);
  }
};

/** PSADBW: per 64-bit lane, the sum of absolute byte differences in bits 15:0, zeros above. */
export const psadbw: IntOp = (D, d, S, s, len) => {
  const a = D.xmmBytes;
  const b = S.xmmBytes;
  const w = D.xmm;
  for (let q = 0; q < len >> 3; q++) {
    let sum = 0;
    for (let k = 0; k < 8; k++) {
      const x = a[(d << 4) + 8 * q + k] - b[(s << 4) + 8 * q + k];
      sum += x < 0 ? -x : x;
    }
    w[(d << 2) + 2 * q] = sum;
    w[(d << 2) + 2 * q + 1] = 0;
  }
};
