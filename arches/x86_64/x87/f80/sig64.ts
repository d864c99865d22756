/**
 * The two significand operations of FMUL and FDIV, written out on plain numbers (no arrays, no
 * loops) because they are the hot ones: the exact 128-bit product of two 64-bit significands,
 * and their 128-bit truncated quotient with a sticky bit.
 * @module
 */
import type { Parts } from './parts.js';

const B16 = 65536;
const B32 = 4294967296;

/**
 * The operands are read from (and the result written to) Parts rather than passed as numbers:
 * a 32-bit unsigned value above 2^31 is a heap number when it crosses a call boundary.
 */

/** p.f0..f3 = a.f0:f1 × b.f0:f1 (64 × 64 bits), exactly. p may be a. */
export function mulSig64(p: Parts, a: Parts, b: Parts): void {
  const ah = a.f0, al = a.f1, bh = b.f0, bl = b.f1;
  const a0 = al & 0xffff, a1 = al >>> 16, a2 = ah & 0xffff, a3 = ah >>> 16;
  const b0 = bl & 0xffff, b1 = bl >>> 16, b2 = bh & 0xffff, b3 = bh >>> 16;
  // Column sums of 16×16-bit products (each below 2^34), then carries.
  let c = a0 * b0;
  let k = Math.floor(c / B16);
  const d0 = c - k * B16;
  c = k + a0 * b1 + a1 * b0;
  k = Math.floor(c / B16);
  const d1 = c - k * B16;
  c = k + a0 * b2 + a1 * b1 + a2 * b0;
  k = Math.floor(c / B16);
  const d2 = c - k * B16;
  c = k + a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  k = Math.floor(c / B16);
  const d3 = c - k * B16;
  c = k + a1 * b3 + a2 * b2 + a3 * b1;
  k = Math.floor(c / B16);
  const d4 = c - k * B16;
  c = k + a2 * b3 + a3 * b2;
  k = Math.floor(c / B16);
  const d5 = c - k * B16;
  c = k + a3 * b3;
  k = Math.floor(c / B16);
  const d6 = c - k * B16;
  const d7 = k;
  p.f3 = d1 * B16 + d0;
  p.f2 = d3 * B16 + d2;
  p.f1 = d5 * B16 + d4;
  p.f0 = d7 * B16 + d6;
}

/**
 * p.f0..f3 = the top 128 bits of a × 2^128 / b (64-bit significands a.f0:f1, b.f0:f1, b's top
 * bit set), bit 0 ORed with any remainder. When a ≥ b the quotient has 129 bits and is shifted
 * right once (the bit shifted out joins the sticky bit). Returns true when a < b (the caller's
 * exponent is then one lower). p may be a.
 */
export function divSig64(p: Parts, a: Parts, b: Parts): boolean {
  const ah = a.f0, al = a.f1, bh = b.f0, bl = b.f1;
  // The remainder lives in a Float64Array between steps: loop-carried doubles in locals would
  // be boxed on every iteration.
  const r = REM;
  r[1] = ah;
  r[0] = al;
  const less = ah < bh || (ah === bh && al < bl);
  if (!less) {
    // First quotient bit: subtract once.
    const d = al - bl;
    const br = d < 0 ? 1 : 0;
    r[0] = d + br * B32;
    r[1] = ah - bh - br;
  }
  DIV[1] = bh;
  DIV[0] = bl;
  for (let j = 7; j >= 0; j--) QD[j] = divStep(r, DIV);
  let sticky = r[1] !== 0 || r[0] !== 0 ? 1 : 0;
  let f0 = QD[7] * B16 + QD[6];
  let f1 = QD[5] * B16 + QD[4];
  let f2 = QD[3] * B16 + QD[2];
  let f3 = QD[1] * B16 + QD[0];
  if (!less) {
    // 129-bit quotient 1:f0..f3 → shift right one.
    sticky |= f3 & 1;
    f3 = ((f3 >>> 1) | (f2 << 31)) >>> 0;
    f2 = ((f2 >>> 1) | (f1 << 31)) >>> 0;
    f1 = ((f1 >>> 1) | (f0 << 31)) >>> 0;
    f0 = ((f0 >>> 1) | 0x80000000) >>> 0;
  }
  p.f0 = f0;
  p.f1 = f1;
  p.f2 = f2;
  p.f3 = (f3 | sticky) >>> 0;
  return less;
}

const REM = new Float64Array(2);
const DIV = new Float64Array(2);
const QD = new Float64Array(8);

/**
 * One 16-bit quotient digit: r (remainder x1:x0, below the divisor) × 2^16 divided by d (bh:bl);
 * the new remainder replaces r. The digit (below 2^16) is the only number crossing the call.
 */
function divStep(r: Float64Array, d: Float64Array): number {
  const bh = d[1];
  const bl = d[0];
  const x1in = r[1];
  const x0in = r[0];
  // R·2^16 as x2:x1:x0.
  const x2 = Math.floor(x1in / B16);
  const x0hi = Math.floor(x0in / B16);
  const x1 = (x1in - x2 * B16) * B16 + x0hi;
  const x0 = (x0in - x0hi * B16) * B16;
  // Estimate from the top 48 bits over the divisor's top 32: never too small, at most one too large.
  let q = Math.floor((x2 * B32 + x1) / bh);
  if (q > 0xffff) q = 0xffff;
  // x −= q·b
  const p1 = q * bl;
  const p1hi = Math.floor(p1 / B32);
  const p2 = q * bh + p1hi;
  const p2hi = Math.floor(p2 / B32);
  let y0 = x0 - (p1 - p1hi * B32);
  let br = y0 < 0 ? 1 : 0;
  y0 += br * B32;
  let y1 = x1 - (p2 - p2hi * B32) - br;
  br = y1 < 0 ? 1 : 0;
  y1 += br * B32;
  let y2 = x2 - p2hi - br;
  while (y2 < 0) {
    // One too many: add the divisor back.
    q--;
    y0 += bl;
    let cy = y0 >= B32 ? 1 : 0;
    y0 -= cy * B32;
    y1 += bh + cy;
    cy = y1 >= B32 ? 1 : 0;
    y1 -= cy * B32;
    y2 += cy;
  }
  r[1] = y1;
  r[0] = y0;
  return q;
}
