/**
 * Rounding an unpacked normal value to its destination: floatx80 at the precision control's
 * 24, 53 or 64 bits (with floatx80's exponent range in every case, as the x87 does), float32
 * and float64. The steps are those of QEMU 7.2's softfloat (`parts_uncanon_normal` and
 * `floatx80_round_pack_canonical`), which is what makes results bit-identical to it:
 * - extended precision rounds the 128-bit significand at bit 64;
 * - the other precisions first fold bits 63..0 into a sticky bit, then round a 64-bit
 *   significand at bit 40 (24-bit) or 11 (53-bit);
 * - tininess is detected after rounding (x86), underflow is raised only when inexact;
 * - on overflow, round-to-zero and rounding toward the other infinity give the largest finite
 *   value, the other modes infinity.
 * The result lands in {@link rounded}; flags and the round-up indication go to `fenv`.
 * @module
 */
import { Exc, Pc, Rc, fenv } from './fenv.js';
import { shrJam, type Parts } from './parts.js';

/** Biased exponent and the top 64 significand bits of the last rounding. */
export const rounded = { exp: 0, hi: 0, lo: 0 };

/**
 * Round a normal value to floatx80 at the current precision control. On return
 * `rounded.exp` is the biased exponent (0x7fff means infinity, with hi/lo already 0x80000000/0).
 */
export function roundX80(p: Parts): void {
  if (fenv.pc === Pc.Extended) roundExtended(p);
  else if (fenv.pc === Pc.Double) round64(p, 16383, 0x7fff, 0, 0x7ff);
  else round64(p, 16383, 0x7fff, 0xff, -1);
  if (rounded.exp === 0x7fff) {
    rounded.hi = 0x80000000;
    rounded.lo = 0;
  }
}

/** Round to float32 fields: `rounded.exp` biased (255 = infinity), significand bits in hi/lo. */
export function roundF32(p: Parts): void {
  round64(p, 127, 0xff, 0xff, -1);
}

/** Round to float64 fields: `rounded.exp` biased (2047 = infinity), significand bits in hi/lo. */
export function roundF64(p: Parts): void {
  round64(p, 1023, 0x7ff, 0, 0x7ff);
}

/** 64-bit precision: round the 128-bit significand at bit 64. */
function roundExtended(p: Parts): void {
  const rc = fenv.rc;
  const sign = p.sign;
  let overflowNorm = false;
  // The increment, added to bits 63..0 (incHi:incLo).
  let incHi = 0;
  let incLo = 0;
  switch (rc) {
    case Rc.Nearest:
      if ((p.f1 & 1) !== 0 || p.f2 !== 0x80000000 || p.f3 !== 0) incHi = 0x80000000;
      break;
    case Rc.Zero:
      overflowNorm = true;
      break;
    case Rc.Up:
      if (!sign) {
        incHi = 0xffffffff;
        incLo = 0xffffffff;
      }
      overflowNorm = sign !== 0;
      break;
    default:
      if (sign) {
        incHi = 0xffffffff;
        incLo = 0xffffffff;
      }
      overflowNorm = !sign;
  }
  let exp = p.exp + 16383;
  let flags = 0;
  let up = 0;
  if (exp > 0) {
    if ((p.f2 | p.f3) !== 0) {
      flags = Exc.PE;
      const k0 = p.f0;
      const k1 = p.f1;
      if (addLow(p, incHi | 0, incLo | 0)) {
        // Carry out of bit 127: the significand was all ones and is now 2^128.
        p.f0 = 0x80000000;
        p.f1 = 0;
        exp++;
        up = 1;
      } else if (p.f1 !== k1 || p.f0 !== k0) {
        up = 1;
      }
      p.f2 = 0;
      p.f3 = 0;
    }
    if (exp >= 0x7fff) {
      flags |= Exc.OE | Exc.PE;
      if (overflowNorm) {
        exp = 0x7ffe;
        p.f0 = 0xffffffff;
        p.f1 = 0xffffffff;
        up = 0;
      } else {
        exp = 0x7fff;
        up = 1;
      }
    }
  } else {
    // Tiny if the value rounded with an unbounded exponent stays below the smallest normal.
    const tiny = exp < 0 || !carriesOut128(p, incHi | 0, incLo | 0);
    shrJam(p, 1 - exp);
    if ((p.f2 | p.f3) !== 0) {
      if (rc === Rc.Nearest) {
        incHi = (p.f1 & 1) !== 0 || p.f2 !== 0x80000000 || p.f3 !== 0 ? 0x80000000 : 0;
        incLo = 0;
      }
      flags = Exc.PE;
      const k0 = p.f0;
      const k1 = p.f1;
      addLow(p, incHi | 0, incLo | 0);
      if (p.f1 !== k1 || p.f0 !== k0) up = 1;
      p.f2 = 0;
      p.f3 = 0;
    }
    exp = (p.f0 & 0x80000000) !== 0 ? 1 : 0;
    if (tiny && flags !== 0) flags |= Exc.UE;
  }
  fenv.exc |= flags;
  fenv.up = up;
  rounded.exp = exp;
  rounded.hi = p.f0;
  rounded.lo = p.f1;
}

/**
 * Add incHi:incLo to bits 63..0 of the significand; returns the carry out of bit 127. The
 * increments come as int32 (small integers cross calls without boxing) and are read unsigned.
 */
function addLow(p: Parts, incHiS: number, incLoS: number): number {
  const incHi = incHiS >>> 0;
  const incLo = incLoS >>> 0;
  let s = p.f3 + incLo;
  p.f3 = s >>> 0;
  s = p.f2 + incHi + (s >= 4294967296 ? 1 : 0);
  p.f2 = s >>> 0;
  if (s < 4294967296) return 0;
  s = p.f1 + 1;
  p.f1 = s >>> 0;
  if (s < 4294967296) return 0;
  s = p.f0 + 1;
  p.f0 = s >>> 0;
  return s >= 4294967296 ? 1 : 0;
}

/** Would adding incHi:incLo to bits 63..0 carry out of bit 127? (Nothing is changed.) */
function carriesOut128(p: Parts, incHiS: number, incLoS: number): boolean {
  const incHi = incHiS >>> 0;
  const incLo = incLoS >>> 0;
  if (p.f0 !== 0xffffffff || p.f1 !== 0xffffffff) return false;
  const s = p.f3 + incLo;
  return p.f2 + incHi + (s >= 4294967296 ? 1 : 0) >= 4294967296;
}

/**
 * Round a 64-bit significand (bits 127..64, with bits 63..0 folded into a sticky bit) whose
 * rounding mask is maskHi:maskLo, to a format with the given bias and maximum exponent.
 */
function round64(p: Parts, bias: number, expMax: number, maskHi: number, maskLoS: number): void {
  // maskLo comes as int32 (−1 for all ones) so that it crosses the call unboxed.
  const maskLo = maskLoS >>> 0;
  const rc = fenv.rc;
  const sign = p.sign;
  let h = p.f0;
  let l = (p.f1 | ((p.f2 | p.f3) !== 0 ? 1 : 0)) >>> 0;
  // lsb is mask + 1, half is lsb / 2.
  const lsbHi = maskLo === 0xffffffff ? maskHi + 1 : 0;
  const lsbLo = maskLo === 0xffffffff ? 0 : maskLo + 1;
  const halfHi = lsbHi >>> 1;
  const halfLo = lsbLo !== 0 ? lsbLo >>> 1 : 0x80000000 * (lsbHi & 1);
  let overflowNorm = false;
  let incHi = 0;
  let incLo = 0;
  switch (rc) {
    case Rc.Nearest:
      if (((h & (maskHi | lsbHi)) >>> 0) !== halfHi || ((l & (maskLo | lsbLo)) >>> 0) !== halfLo) {
        incHi = halfHi;
        incLo = halfLo;
      }
      break;
    case Rc.Zero:
      overflowNorm = true;
      break;
    case Rc.Up:
      if (!sign) {
        incHi = maskHi;
        incLo = maskLo;
      }
      overflowNorm = sign !== 0;
      break;
    default:
      if (sign) {
        incHi = maskHi;
        incLo = maskLo;
      }
      overflowNorm = !sign;
  }
  let exp = p.exp + bias;
  let flags = 0;
  let up = 0;
  if (exp > 0) {
    if ((h & maskHi) !== 0 || (l & maskLo) !== 0) {
      flags = Exc.PE;
      const kh = (h & ~maskHi) >>> 0;
      const kl = (l & ~maskLo) >>> 0;
      const sl = l + incLo;
      const sh = h + incHi + (sl >= 4294967296 ? 1 : 0);
      l = sl >>> 0;
      h = sh >>> 0;
      if (sh >= 4294967296) {
        // Carry out of the top: shift right one, integer bit set.
        l = ((l >>> 1) | (h << 31)) >>> 0;
        h = ((h >>> 1) | 0x80000000) >>> 0;
        exp++;
        up = 1;
      }
      h = (h & ~maskHi) >>> 0;
      l = (l & ~maskLo) >>> 0;
      if (h !== kh || l !== kl) up = 1;
    }
    if (exp >= expMax) {
      flags |= Exc.OE | Exc.PE;
      if (overflowNorm) {
        exp = expMax - 1;
        h = (0xffffffff & ~maskHi) >>> 0;
        l = (0xffffffff & ~maskLo) >>> 0;
        up = 0;
      } else {
        exp = expMax;
        h = 0;
        l = 0;
        up = 1;
      }
    }
  } else {
    const tiny = exp < 0 || !carry64(h | 0, l | 0, incHi | 0, incLo | 0);
    // Shift right with a sticky bit at bit 64: do it on 128 bits, then fold the low half again.
    p.f0 = h;
    p.f1 = l;
    p.f2 = 0;
    p.f3 = 0;
    shrJam(p, 1 - exp);
    h = p.f0;
    l = (p.f1 | ((p.f2 | p.f3) !== 0 ? 1 : 0)) >>> 0;
    if ((h & maskHi) !== 0 || (l & maskLo) !== 0) {
      if (rc === Rc.Nearest) {
        const odd = ((h & (maskHi | lsbHi)) >>> 0) !== halfHi || ((l & (maskLo | lsbLo)) >>> 0) !== halfLo;
        incHi = odd ? halfHi : 0;
        incLo = odd ? halfLo : 0;
      }
      flags = Exc.PE;
      const kh = (h & ~maskHi) >>> 0;
      const kl = (l & ~maskLo) >>> 0;
      const sl = l + incLo;
      h = (h + incHi + (sl >= 4294967296 ? 1 : 0)) >>> 0;
      l = sl >>> 0;
      h = (h & ~maskHi) >>> 0;
      l = (l & ~maskLo) >>> 0;
      if (h !== kh || l !== kl) up = 1;
    }
    exp = (h & 0x80000000) !== 0 ? 1 : 0;
    if (tiny && flags !== 0) flags |= Exc.UE;
  }
  fenv.exc |= flags;
  fenv.up = up;
  rounded.exp = exp;
  rounded.hi = h;
  rounded.lo = l;
}

/** Does h:l + incHi:incLo carry out of bit 63? (Arguments as int32, read unsigned.) */
function carry64(hS: number, lS: number, incHiS: number, incLoS: number): boolean {
  const sl = (lS >>> 0) + (incLoS >>> 0);
  return (hS >>> 0) + (incHiS >>> 0) + (sl >= 4294967296 ? 1 : 0) >= 4294967296;
}
