/**
 * 64-bit arithmetic on int32 pairs for the generated code: multiply, divide, variable shifts,
 * bit counting, byte reversal, CRC32. Results: low word returned, high word in `c.rh`.
 * No allocation and no BigInt: these run in the hot path.
 */

/** The object receiving the high word of a result. */
export interface HighOut {
  rh: number;
}

let t1 = 0;

/** Unsigned 32x32 -> 64 product of a and b: returns the low word (uint32), high word in t1. */
function umul32(a: number, b: number): number {
  a >>>= 0;
  b >>>= 0;
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const mid = al * bh + ah * bl;
  const lo = al * bl + (mid % 65536) * 65536;
  t1 = (ah * bh + Math.floor(mid / 65536) + Math.floor(lo / 4294967296)) >>> 0;
  return lo >>> 0;
}

/** Low 64 bits of a 64x64 product. */
export function mul64(c: HighOut, al: number, ah: number, bl: number, bh: number): number {
  const lo = umul32(al, bl);
  c.rh = (t1 + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
  return lo | 0;
}

export function umull(c: HighOut, a: number, b: number): number {
  const lo = umul32(a, b);
  c.rh = t1 | 0;
  return lo | 0;
}

export function smull(c: HighOut, a: number, b: number): number {
  const lo = umul32(a, b);
  // Signed correction of the high word: subtract b if a < 0 and a if b < 0.
  let hi = t1;
  if ((a | 0) < 0) hi -= b >>> 0;
  if ((b | 0) < 0) hi -= a >>> 0;
  c.rh = hi | 0;
  return lo | 0;
}

/** High 64 bits of the unsigned 128-bit product. */
export function umulh(c: HighOut, al: number, ah: number, bl: number, bh: number): number {
  const p0l = umul32(al, bl);
  const p0h = t1;
  const p1l = umul32(al, bh);
  const p1h = t1;
  const p2l = umul32(ah, bl);
  const p2h = t1;
  const p3l = umul32(ah, bh);
  const p3h = t1;
  void p0l;
  const w1 = p0h + p1l + p2l;
  const w2 = p1h + p2h + p3l + Math.floor(w1 / 4294967296);
  const w3 = p3h + Math.floor(w2 / 4294967296);
  c.rh = w3 | 0;
  return w2 | 0;
}

/** High 64 bits of the signed 128-bit product. */
export function smulh(c: HighOut, al: number, ah: number, bl: number, bh: number): number {
  let lo = umulh(c, al, ah, bl, bh) >>> 0;
  let hi = c.rh | 0;
  if ((ah | 0) < 0) {
    const s = lo - (bl >>> 0);
    hi = (hi - (bh | 0) - (s < 0 ? 1 : 0)) | 0;
    lo = s >>> 0;
  }
  if ((bh | 0) < 0) {
    const s = lo - (al >>> 0);
    hi = (hi - (ah | 0) - (s < 0 ? 1 : 0)) | 0;
    lo = s >>> 0;
  }
  c.rh = hi;
  return lo | 0;
}

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;

/** Unsigned 64-bit division; x / 0 = 0 as the architecture says. */
export function udiv64(c: HighOut, al: number, ah: number, bl: number, bh: number): number {
  al >>>= 0;
  ah >>>= 0;
  bl >>>= 0;
  bh >>>= 0;
  if (bl === 0 && bh === 0) {
    c.rh = 0;
    return 0;
  }
  const a = ah * TWO32 + al;
  const b = bh * TWO32 + bl;
  if (a < TWO53 && b < TWO53) {
    let q = Math.floor(a / b);
    // The float quotient can be one off; fix with exact products (all below 2^53).
    if (q * b > a) q--;
    else if ((q + 1) * b <= a) q++;
    c.rh = Math.floor(q / TWO32) | 0;
    return q >>> 0;
  }
  // Restoring division, bit by bit, on (hi, lo) halves.
  let qh = 0;
  let ql = 0;
  let rh = 0;
  let rl = 0;
  for (let i = 63; i >= 0; i--) {
    const top = rh >>> 31;
    rh = ((rh << 1) | (rl >>> 31)) >>> 0;
    rl = ((rl << 1) | ((i >= 32 ? ah >>> (i - 32) : al >>> i) & 1)) >>> 0;
    if (top || rh > bh || (rh === bh && rl >= bl)) {
      const s = rl - bl;
      rh = (rh - bh - (s < 0 ? 1 : 0)) >>> 0;
      rl = s >>> 0;
      if (i >= 32) qh |= 1 << (i - 32);
      else ql |= 1 << i;
    }
  }
  c.rh = qh | 0;
  return ql | 0;
}

/** Signed 64-bit division, rounding toward zero; MIN / -1 = MIN; x / 0 = 0. */
export function sdiv64(c: HighOut, al: number, ah: number, bl: number, bh: number): number {
  const negA = (ah | 0) < 0;
  const negB = (bh | 0) < 0;
  if (negA) {
    al = -al | 0;
    ah = (~ah + (al === 0 ? 1 : 0)) | 0;
  }
  if (negB) {
    bl = -bl | 0;
    bh = (~bh + (bl === 0 ? 1 : 0)) | 0;
  }
  let ql = udiv64(c, al, ah, bl, bh);
  let qh = c.rh;
  if (negA !== negB) {
    ql = -ql | 0;
    qh = (~qh + (ql === 0 ? 1 : 0)) | 0;
  }
  c.rh = qh;
  return ql;
}

/** Variable 64-bit shift: type 0 LSL, 1 LSR, 2 ASR, 3 ROR; k in 0..63. */
export function shift64(c: HighOut, type: number, l: number, h: number, k: number): number {
  k &= 63;
  if (k === 0) {
    c.rh = h;
    return l;
  }
  switch (type) {
    case 0:
      if (k < 32) {
        c.rh = (h << k) | (l >>> (32 - k));
        return l << k;
      }
      c.rh = l << (k - 32);
      return 0;
    case 1:
      if (k < 32) {
        c.rh = h >>> k;
        return (l >>> k) | (h << (32 - k));
      }
      c.rh = 0;
      return h >>> (k - 32);
    case 2:
      if (k < 32) {
        c.rh = h >> k;
        return (l >>> k) | (h << (32 - k));
      }
      c.rh = h >> 31;
      return h >> (k - 32);
    default:
      if (k < 32) {
        c.rh = (h >>> k) | (l << (32 - k));
        return (l >>> k) | (h << (32 - k));
      }
      if (k === 32) {
        c.rh = l;
        return h;
      }
      c.rh = (l >>> (k - 32)) | (h << (64 - k));
      return (h >>> (k - 32)) | (l << (64 - k));
  }
}

export function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}

export function rev16(v: number): number {
  return ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
}

export function rev32(v: number): number {
  return (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);
}

export function cls32(v: number): number {
  return Math.clz32(v ^ (v >> 31)) - 1;
}

export function cls64(l: number, h: number): number {
  const s = h >> 31;
  const xh = h ^ s;
  const xl = l ^ s;
  return (xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl)) - 1;
}

function crcTable(poly: number): Int32Array {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c;
  }
  return t;
}
const CRC32 = crcTable(0xedb88320);
const CRC32C = crcTable(0x82f63b78);

/** CRC32{B,H,W,X} (castagnoli = 0) and CRC32C* (1): `size` is log2 of the data bytes. */
export function crc32(castagnoli: number, acc: number, lo: number, hi: number, size: number): number {
  const t = castagnoli ? CRC32C : CRC32;
  let crc = acc;
  const n = 1 << size;
  for (let i = 0; i < n; i++) {
    const byte = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
    crc = t[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return crc | 0;
}
