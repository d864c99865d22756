/**
 * Multiply and divide on int32 halves, without BigInt: 32x32 high words from 16-bit limbs,
 * 64x64 -> 128 products, and DIV/IDIV for every size with #DE on a zero divisor or a quotient
 * that does not fit.
 * @module
 */
import { Vec } from './fault.js';

/** High 32 bits of the unsigned product a*b (int32 result). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const lo = a0 * b0;
  const m1 = a1 * b0;
  const m2 = a0 * b1;
  const mid = (lo >>> 16) + (m1 & 0xffff) + (m2 & 0xffff);
  return (a1 * b1 + (m1 >>> 16) + (m2 >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** High 32 bits of the signed product a*b. */
export function mulhs(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** The 128-bit product of the last `mul128u` call, as four int32 words (w0 least significant). */
export const product = new Int32Array(4);

/** Unsigned 64x64 -> 128 into `product`. */
export function mul128u(al: number, ah: number, bl: number, bh: number): void {
  const p00l = Math.imul(al, bl);
  const p00h = mulhu(al, bl);
  const p01l = Math.imul(al, bh);
  const p01h = mulhu(al, bh);
  const p10l = Math.imul(ah, bl);
  const p10h = mulhu(ah, bl);
  const p11l = Math.imul(ah, bh);
  const p11h = mulhu(ah, bh);
  const w1 = (p00h >>> 0) + (p01l >>> 0) + (p10l >>> 0);
  const c1 = Math.floor(w1 / 4294967296);
  const w2 = (p01h >>> 0) + (p10h >>> 0) + (p11l >>> 0) + c1;
  const c2 = Math.floor(w2 / 4294967296);
  product[0] = p00l;
  product[1] = w1 | 0;
  product[2] = w2 | 0;
  product[3] = (p11h + c2) | 0;
}

/** Signed 64x64 -> 128 into `product`. */
export function mul128s(al: number, ah: number, bl: number, bh: number): void {
  mul128u(al, ah, bl, bh);
  // Correct the high half: subtract b when a < 0 and a when b < 0 (two's complement).
  if (ah < 0) sub64hi(bl, bh);
  if (bh < 0) sub64hi(al, ah);
}

function sub64hi(l: number, h: number): void {
  const s = (product[2] >>> 0) - (l >>> 0);
  product[2] = s | 0;
  product[3] = (product[3] - h - (s < 0 ? 1 : 0)) | 0;
}

/** What DIV/IDIV work on. */
export interface DivHost {
  readonly r: Int32Array;
  raise(vector: number, code?: number): never;
}

/** Unsigned (hi:lo) / d for hi < d (both 32-bit): quotient into q, remainder into rem. */
const qr = { q: 0, rem: 0 };
function div64by32(hi: number, lo: number, d: number): void {
  // Two 16-bit steps keep every intermediate below 2^48 (exact in a double).
  const n1 = hi * 65536 + (lo >>> 16);
  const q1 = Math.floor(n1 / d);
  const r1 = n1 - q1 * d;
  const n0 = r1 * 65536 + (lo & 0xffff);
  const q0 = Math.floor(n0 / d);
  qr.q = q1 * 65536 + q0;
  qr.rem = n0 - q0 * d;
}

/** 128/64 unsigned: (n3:n2:n1:n0) / (d1:d0) with the high 64 bits below the divisor. */
function div128by64(n: Int32Array, d0: number, d1: number, out: Int32Array): void {
  // Restoring shift-subtract over the low 64 dividend bits, remainder starting as the high 64.
  let rl = n[2] >>> 0;
  let rh = n[3] >>> 0;
  let ql = n[0] >>> 0;
  let qh = n[1] >>> 0;
  const dl = d0 >>> 0;
  const dh = d1 >>> 0;
  for (let k = 0; k < 64; k++) {
    // Shift (r:q) left by one.
    const top = rh >>> 31;
    rh = ((rh << 1) | (rl >>> 31)) >>> 0;
    rl = ((rl << 1) | (qh >>> 31)) >>> 0;
    qh = ((qh << 1) | (ql >>> 31)) >>> 0;
    ql = (ql << 1) >>> 0;
    if (top !== 0 || rh > dh || (rh === dh && rl >= dl)) {
      const s = rl - dl;
      rl = s >>> 0;
      rh = (rh - dh - (s < 0 ? 1 : 0)) >>> 0;
      ql = (ql | 1) >>> 0;
    }
  }
  out[0] = ql;
  out[1] = qh;
  out[2] = rl;
  out[3] = rh;
}

const wide = new Int32Array(4);
const wideOut = new Int32Array(4);
const divisor = new Int32Array(2);

/** Negate a 64-bit pair in place in arr[i], arr[i+1]. */
function neg64(arr: Int32Array, i: number): void {
  const lo = (~arr[i] >>> 0) + 1;
  arr[i] = lo | 0;
  arr[i + 1] = (~arr[i + 1] + (lo > 0xffffffff ? 1 : 0)) | 0;
}

/** DIV/IDIV of rDX:rAX (AX for bytes) by (b, bh). */
export function divide(c: DivHost, size: number, signed: boolean, b: number, bh: number): void {
  const r = c.r;
  switch (size) {
    case 1: {
      const n = signed ? (r[0] << 16) >> 16 : r[0] & 0xffff;
      const d = signed ? (b << 24) >> 24 : b & 0xff;
      if (d === 0) c.raise(Vec.DE);
      const q = Math.trunc(n / d);
      if (signed ? q < -128 || q > 127 : q > 0xff) c.raise(Vec.DE);
      const rem = n - q * d;
      r[0] = (r[0] & -65536) | ((rem & 0xff) << 8) | (q & 0xff);
      return;
    }
    case 2: {
      const n = signed ? ((r[4] << 16) | (r[0] & 0xffff)) : (((r[4] & 0xffff) << 16) | (r[0] & 0xffff)) >>> 0;
      const d = signed ? (b << 16) >> 16 : b & 0xffff;
      if (d === 0) c.raise(Vec.DE);
      const q = Math.trunc(n / d);
      if (signed ? q < -32768 || q > 32767 : q > 0xffff) c.raise(Vec.DE);
      const rem = n - q * d;
      r[0] = (r[0] & -65536) | (q & 0xffff);
      r[4] = (r[4] & -65536) | (rem & 0xffff);
      return;
    }
    case 4: {
      let hi = r[4] >>> 0;
      let lo = r[0] >>> 0;
      let d = b >>> 0;
      if (d === 0) c.raise(Vec.DE);
      let negQ = false;
      let negR = false;
      if (signed) {
        if ((r[4] | 0) < 0) {
          // |n| of a negative 64-bit dividend
          const l = (~lo >>> 0) + 1;
          lo = l >>> 0;
          hi = (~hi + (l > 0xffffffff ? 1 : 0)) >>> 0;
          negQ = true;
          negR = true;
        }
        if ((b | 0) < 0) {
          d = -(b | 0) >>> 0;
          negQ = !negQ;
        }
      }
      if (hi >= d) c.raise(Vec.DE);
      div64by32(hi, lo, d);
      let q = qr.q;
      let rem = qr.rem;
      if (signed) {
        if (negQ ? q > 0x80000000 : q > 0x7fffffff) c.raise(Vec.DE);
        if (negQ) q = -q;
        if (negR) rem = -rem;
      }
      r[0] = q | 0;
      r[1] = 0;
      r[4] = rem | 0;
      r[5] = 0;
      return;
    }
    default: {
      if ((b | bh) === 0) c.raise(Vec.DE);
      wide[0] = r[0];
      wide[1] = r[1];
      wide[2] = r[4];
      wide[3] = r[5];
      let dl = b;
      let dh = bh;
      let negQ = false;
      let negR = false;
      if (signed) {
        if (wide[3] < 0) {
          // negate the 128-bit dividend
          const w0 = (~wide[0] >>> 0) + 1;
          wide[0] = w0 | 0;
          let carry = w0 > 0xffffffff ? 1 : 0;
          for (let k = 1; k < 4; k++) {
            const w = (~wide[k] >>> 0) + carry;
            wide[k] = w | 0;
            carry = w > 0xffffffff ? 1 : 0;
          }
          negQ = true;
          negR = true;
        }
        if (dh < 0) {
          divisor[0] = dl;
          divisor[1] = dh;
          neg64(divisor, 0);
          dl = divisor[0];
          dh = divisor[1];
          negQ = !negQ;
        }
      }
      // Quotient overflow: high 64 bits of the dividend >= divisor.
      const nh = wide[3] >>> 0;
      const nl = wide[2] >>> 0;
      if (nh > dh >>> 0 || (nh === dh >>> 0 && nl >= dl >>> 0)) c.raise(Vec.DE);
      div128by64(wide, dl, dh, wideOut);
      if (signed) {
        if (negQ) neg64(wideOut, 0);
        if (negR) neg64(wideOut, 2);
        // The quotient's sign must match (or be zero).
        const qneg = wideOut[1] < 0;
        const qzero = (wideOut[0] | wideOut[1]) === 0;
        if (!qzero && qneg !== negQ) c.raise(Vec.DE);
      }
      r[0] = wideOut[0];
      r[1] = wideOut[1];
      r[4] = wideOut[2];
      r[5] = wideOut[3];
    }
  }
}
