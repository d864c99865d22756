/**
 * Conversions between packed formats and {@link Parts}: floatx80 (with its invalid encodings),
 * float32, float64 and two's complement integers in, floatx80/float32/float64 out.
 * Packed results land in {@link res}.
 * @module
 */
import { Exc, fenv } from './fenv.js';
import { Cls, normalize, type Parts } from './parts.js';
import { roundF32, roundF64, roundX80, rounded } from './round.js';

/** A packed result: floatx80 as sign/exponent word plus significand halves; float32 in `lo`; float64 in hi:lo. */
export const res = { se: 0, hi: 0, lo: 0 };

/**
 * The encodings the x87 rejects: a clear integer bit with a non-zero exponent (unnormals,
 * pseudo-infinities, pseudo-NaNs).
 */
export function isInvalidX80(se: number, hi: number): boolean {
  return (se & 0x7fff) !== 0 && (hi & 0x80000000) === 0;
}

/** Unpack a floatx80 stored as five 16-bit halfwords at `at` (FXSAVE's register layout). */
export function unpackX80Words(p: Parts, words: Uint16Array, at: number): boolean {
  return unpackX80(p, words[at + 4], (words[at + 2] | (words[at + 3] << 16)) >>> 0, (words[at] | (words[at + 1] << 16)) >>> 0);
}

/**
 * Unpack a floatx80. An invalid encoding raises IE and returns false (the operation then yields
 * the default NaN). Pseudo-denormals (exponent 0, integer bit set) are taken at exponent 1.
 */
export function unpackX80(p: Parts, se: number, hi: number, lo: number): boolean {
  const e = se & 0x7fff;
  const sign = se >>> 15;
  if (e !== 0 && (hi & 0x80000000) === 0) {
    fenv.exc |= Exc.IE;
    return false;
  }
  if (e === 0x7fff) {
    // The integer bit plays no part in an infinity or a NaN.
    const h = (hi & 0x7fffffff) >>> 0;
    if (h === 0 && lo === 0) p.set(Cls.Inf, sign, 0, 0, 0, 0, 0);
    else p.set((h & 0x40000000) !== 0 ? Cls.QNaN : Cls.SNaN, sign, 0, h, lo, 0, 0);
  } else if (e === 0) {
    if (hi === 0 && lo === 0) {
      p.set(Cls.Zero, sign, 0, 0, 0, 0, 0);
    } else {
      p.set(Cls.Normal, sign, 0, hi, lo, 0, 0);
      p.exp = 1 - 16383 - normalize(p);
    }
  } else {
    p.set(Cls.Normal, sign, e - 16383, hi, lo, 0, 0);
  }
  return true;
}

/** Unpack a float32 given as its bit pattern. */
export function unpackF32(p: Parts, bits: number): void {
  const sign = bits >>> 31;
  const e = (bits >>> 23) & 0xff;
  const m = bits & 0x7fffff;
  if (e === 0xff) {
    if (m === 0) p.set(Cls.Inf, sign, 0, 0, 0, 0, 0);
    else p.set((m & 0x400000) !== 0 ? Cls.QNaN : Cls.SNaN, sign, 0, (m << 8) >>> 0, 0, 0, 0);
  } else if (e === 0) {
    if (m === 0) {
      p.set(Cls.Zero, sign, 0, 0, 0, 0, 0);
    } else {
      p.set(Cls.Normal, sign, 0, m, 0, 0, 0);
      p.exp = -118 - normalize(p);
    }
  } else {
    p.set(Cls.Normal, sign, e - 127, (0x80000000 | (m << 8)) >>> 0, 0, 0, 0);
  }
}

/** Unpack a float64 given as its two 32-bit halves. */
export function unpackF64(p: Parts, hi: number, lo: number): void {
  const sign = hi >>> 31;
  const e = (hi >>> 20) & 0x7ff;
  const mh = hi & 0xfffff;
  // The 52-bit fraction, left-aligned below the integer bit.
  const f0 = ((mh << 11) | (lo >>> 21)) >>> 0;
  const f1 = (lo << 11) >>> 0;
  if (e === 0x7ff) {
    if (mh === 0 && lo === 0) p.set(Cls.Inf, sign, 0, 0, 0, 0, 0);
    else p.set((mh & 0x80000) !== 0 ? Cls.QNaN : Cls.SNaN, sign, 0, f0, f1, 0, 0);
  } else if (e === 0) {
    if (mh === 0 && lo === 0) {
      p.set(Cls.Zero, sign, 0, 0, 0, 0, 0);
    } else {
      p.set(Cls.Normal, sign, 0, f0, f1, 0, 0);
      p.exp = -1022 - normalize(p);
    }
  } else {
    p.set(Cls.Normal, sign, e - 1023, (f0 | 0x80000000) >>> 0, f1, 0, 0);
  }
}

/** A signed 64-bit integer (hi:lo, two's complement) as Parts, exactly. */
export function fromInt64(p: Parts, hi: number, lo: number): void {
  let sign = 0;
  if ((hi | 0) < 0) {
    sign = 1;
    lo = (~lo >>> 0) + 1;
    hi = (~hi >>> 0) + (lo === 4294967296 ? 1 : 0);
    lo >>>= 0;
    hi >>>= 0;
  }
  if ((hi | lo) === 0) {
    p.set(Cls.Zero, sign, 0, 0, 0, 0, 0);
    return;
  }
  p.set(Cls.Normal, sign, 63, hi >>> 0, lo >>> 0, 0, 0);
  p.exp = 63 - normalize(p);
}

/** A signed 32-bit integer as Parts, exactly. */
export function fromInt32(p: Parts, v: number): void {
  fromInt64(p, v < 0 ? 0xffffffff : 0, v >>> 0);
}

/** Pack to floatx80 at the current precision control, rounding a normal value. */
export function packX80(p: Parts): void {
  const s = p.sign << 15;
  switch (p.cls) {
    case Cls.Normal:
      roundX80(p);
      res.se = s | rounded.exp;
      res.hi = rounded.hi;
      res.lo = rounded.lo;
      return;
    case Cls.Zero:
      res.se = s;
      res.hi = 0;
      res.lo = 0;
      break;
    case Cls.Inf:
      res.se = s | 0x7fff;
      res.hi = 0x80000000;
      res.lo = 0;
      break;
    default:
      res.se = s | 0x7fff;
      res.hi = (p.f0 | 0x80000000) >>> 0;
      res.lo = p.f1;
  }
  fenv.up = 0;
}

/** Pack to float32 bits in `res.lo`. NaN payloads keep their top 22 fraction bits. */
export function packF32(p: Parts): void {
  const s = p.sign << 31;
  fenv.up = 0;
  switch (p.cls) {
    case Cls.Normal:
      roundF32(p);
      res.lo = (s | (rounded.exp << 23) | ((rounded.hi >>> 8) & 0x7fffff)) >>> 0;
      return;
    case Cls.Zero:
      res.lo = s >>> 0;
      return;
    case Cls.Inf:
      res.lo = (s | 0x7f800000) >>> 0;
      return;
    default:
      res.lo = (s | 0x7f800000 | ((p.f0 >>> 8) & 0x7fffff)) >>> 0;
  }
}

/** Pack to float64 halves in `res.hi`/`res.lo`. */
export function packF64(p: Parts): void {
  const s = p.sign << 31;
  fenv.up = 0;
  switch (p.cls) {
    case Cls.Normal:
      roundF64(p);
      res.hi = (s | (rounded.exp << 20) | ((rounded.hi >>> 11) & 0xfffff)) >>> 0;
      res.lo = ((rounded.hi << 21) | (rounded.lo >>> 11)) >>> 0;
      return;
    case Cls.Zero:
      res.hi = s >>> 0;
      res.lo = 0;
      return;
    case Cls.Inf:
      res.hi = (s | 0x7ff00000) >>> 0;
      res.lo = 0;
      return;
    default:
      res.hi = (s | 0x7ff00000 | ((p.f0 >>> 11) & 0xfffff)) >>> 0;
      res.lo = ((p.f0 << 21) | (p.f1 >>> 11)) >>> 0;
  }
}
