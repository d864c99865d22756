/**
 * Rounding to an integral value (FRNDINT) and conversion to two's complement integers (FIST,
 * FISTTP, FBSTP), with QEMU 7.2's rules: a value already integral at the format's fraction size
 * is left alone (so FRNDINT under 24-bit precision leaves |x| ≥ 2^23 to the final rounding),
 * NaN converts to the largest positive integer and out-of-range values saturate; both raise IE
 * and only IE (the inexact flag of the rounding is dropped).
 * @module
 */
import { Exc, Rc, fenv } from './fenv.js';
import { Cls, addBit, anyBelow, bitAt, clearBelow, type Parts } from './parts.js';

/**
 * The last integer conversion: bits 63..32 and 31..0 (two's complement), and whether the last
 * rounding to an integer increased the magnitude.
 */
export const intRes = { hi: 0, lo: 0, up: 0 };

/**
 * Round a normal value to an integer in mode `rc`, in place (it may become zero). Values with
 * exponent ≥ `fracSize` count as integral. Returns true when the value changed (inexact).
 */
export function roundToIntNormal(p: Parts, rc: number, fracSize: number): boolean {
  intRes.up = 0;
  if (p.exp >= fracSize) return false;
  if (p.exp < 0) {
    // Entirely fractional: 0 or 1 in magnitude.
    let one: boolean;
    switch (rc) {
      case Rc.Nearest:
        // Above one half (exponent −1 with any fraction bit beyond the leading one).
        one = p.exp === -1 && anyBelow(p, 127);
        break;
      case Rc.Up:
        one = !p.sign;
        break;
      case Rc.Down:
        one = p.sign !== 0;
        break;
      default:
        one = false;
    }
    if (one) p.set(Cls.Normal, p.sign, 0, 0x80000000, 0, 0, 0);
    else p.set(Cls.Zero, p.sign, 0, 0, 0, 0, 0);
    intRes.up = one ? 1 : 0;
    return true;
  }
  // The integer's least significant bit is at position 127 − exp.
  const lsb = 127 - p.exp;
  if (!anyBelow(p, lsb)) return false;
  let inc: boolean;
  switch (rc) {
    case Rc.Nearest: {
      const half = bitAt(p, lsb - 1) === 1;
      inc = half && (anyBelow(p, lsb - 1) || bitAt(p, lsb) === 1);
      break;
    }
    case Rc.Up:
      inc = !p.sign;
      break;
    case Rc.Down:
      inc = p.sign !== 0;
      break;
    default:
      inc = false;
  }
  clearBelow(p, lsb);
  intRes.up = inc ? 1 : 0;
  if (inc && addBit(p, lsb)) {
    p.f0 = 0x80000000;
    p.exp++;
  }
  return true;
}


/**
 * Convert to a signed integer of `bits` (16, 32 or 64; 16 behaves as 32, the x87 code narrows)
 * with rounding mode `rc`. NaN gives the maximum, out of range saturates; both raise IE only.
 */
export function toInt(p: Parts, rc: number, bits: number): void {
  const maxHi = bits === 64 ? 0x7fffffff : 0;
  const maxLo = bits === 64 ? 0xffffffff : 0x7fffffff;
  const minHi = bits === 64 ? 0x80000000 : 0xffffffff;
  const minLo = bits === 64 ? 0 : 0x80000000;
  intRes.up = 0;
  switch (p.cls) {
    case Cls.QNaN:
    case Cls.SNaN:
      fenv.exc |= Exc.IE;
      intRes.hi = maxHi;
      intRes.lo = maxLo;
      return;
    case Cls.Inf:
      fenv.exc |= Exc.IE;
      intRes.hi = p.sign ? minHi : maxHi;
      intRes.lo = p.sign ? minLo : maxLo;
      return;
    case Cls.Zero:
      intRes.hi = 0;
      intRes.lo = 0;
      return;
  }
  let flags = roundToIntNormal(p, rc, 126) ? Exc.PE : 0;
  // Magnitude as a 64-bit unsigned integer (saturated to all ones beyond 2^64).
  let mh: number;
  let ml: number;
  if ((p.cls as Cls) === Cls.Zero) {
    mh = 0;
    ml = 0;
  } else if (p.exp <= 63) {
    const sh = 63 - p.exp;
    if (sh >= 32) {
      mh = 0;
      ml = sh === 63 ? p.f0 >>> 31 : p.f0 >>> (sh - 32);
    } else if (sh > 0) {
      mh = p.f0 >>> sh;
      ml = ((p.f1 >>> sh) | (p.f0 << (32 - sh))) >>> 0;
    } else {
      mh = p.f0;
      ml = p.f1;
    }
  } else {
    mh = 0xffffffff;
    ml = 0xffffffff;
  }
  let rh: number;
  let rl: number;
  if (p.sign) {
    // |min| is 2^31 or 2^63.
    const limitHi = bits === 64 ? 0x80000000 : 0;
    const limitLo = bits === 64 ? 0 : 0x80000000;
    if (mh < limitHi || (mh === limitHi && ml <= limitLo)) {
      rl = (~ml >>> 0) + 1;
      rh = ((~mh >>> 0) + (rl === 4294967296 ? 1 : 0)) >>> 0;
      rl >>>= 0;
    } else {
      flags = Exc.IE;
      rh = minHi;
      rl = minLo;
    }
  } else if (mh > maxHi || (mh === maxHi && ml > maxLo)) {
    flags = Exc.IE;
    rh = maxHi;
    rl = maxLo;
  } else {
    rh = mh;
    rl = ml;
  }
  fenv.exc |= flags;
  intRes.hi = rh;
  intRes.lo = rl;
}
