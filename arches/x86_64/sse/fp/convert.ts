/**
 * Conversions between single, double and integers with x86 rules: NaNs keep their sign and
 * the top of their payload and are quieted (IE for a signalling one); float to integer rounds
 * in MXCSR's direction (or truncates, the CVTT forms) and gives the integer indefinite
 * 0x80000000 / 0x80000000_00000000 with IE for a NaN or an out-of-range value; integer to
 * float rounds in MXCSR's direction. Float-to-integer conversions flush denormals under DAZ
 * but never raise DE (the hardware reports only IE and PE for them).
 * @module
 */
import { RZ } from '../../../common/ieee/round.js';
import { roundIntegral } from '../../../common/ieee/integral.js';
import { twoSumErr } from '../../../common/ieee/exact.js';
import { IE, PE, fp } from './mxcsr.js';
import { inputs, isDenormal, prepare } from './inputs.js';
import { nanOut } from './nan.js';
import { F32, F64, roundTo, roundValue } from './round.js';

const TWO32 = 4294967296;
const TWO31 = 2147483648;
const TWO63 = 9223372036854775808;

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

/** A non-NaN single widened to double (exact; DAZ, DE). */
export function widen(x: number): number {
  prepare(F32, x, 0);
  fp.flags |= inputs.den;
  return inputs.a;
}

/** A non-NaN double narrowed to single under MXCSR. */
export function narrow(x: number): number {
  prepare(F64, x, 0);
  fp.flags |= inputs.den;
  x = inputs.a;
  if (x === 0 || isInf(x)) return x;
  return roundValue(F32, x);
}

/** Single NaN bits to double NaN bits (returns 31:0, 63:32 in nanOut.hi): payload 22:0 to 51:29. */
export function widenNaN(b: number): number {
  if ((b & 0x00400000) === 0) fp.flags |= IE;
  nanOut.hi = ((b & 0x80000000) | 0x7ff80000 | ((b & 0x003fffff) >>> 3)) >>> 0;
  return ((b & 7) << 29) >>> 0;
}

/** Double NaN bits to single NaN bits: the payload's top 22 bits. */
export function narrowNaN(lo: number, hi: number): number {
  if ((hi & 0x00080000) === 0) fp.flags |= IE;
  return ((hi & 0x80000000) | 0x7fc00000 | ((hi & 0x7ffff) << 3) | (lo >>> 29)) >>> 0;
}

/** Bits 63:32 of the last 64-bit {@link toInt} result. */
export const intOut = { hi: 0 };

/**
 * A `fmt` value (NaN allowed) to a signed 32- or 64-bit integer, rounded in MXCSR's direction
 * or truncated. Returns bits 31:0 (unsigned); bits 63:32 in intOut.hi.
 */
export function toInt(fmt: number, x: number, truncate: boolean, is64: boolean): number {
  intOut.hi = 0;
  if (fp.daz && isDenormal(fmt, x)) x = x < 0 ? -0 : 0;
  const r = x !== x ? NaN : roundIntegral(x, truncate ? RZ : fp.mode);
  const limit = is64 ? TWO63 : TWO31;
  if (!(r >= -limit && r < limit)) {
    fp.flags |= IE;
    if (is64) {
      intOut.hi = 0x80000000;
      return 0;
    }
    return 0x80000000;
  }
  if (r !== x) fp.flags |= PE;
  if (!is64) return r >>> 0;
  const hi = Math.floor(r / TWO32);
  intOut.hi = hi >>> 0;
  return (r - hi * TWO32) >>> 0;
}

/** A signed 32-bit integer to `fmt` (exact for double). */
export function fromInt32(v: number, fmt: number): number {
  if (fmt === F64 || v === 0) return v;
  return Math.fround(v) === v ? v : roundValue(F32, v);
}

/** A signed 64-bit integer hi:lo to `fmt`. */
export function fromInt64(lo: number, hi: number, fmt: number): number {
  const h = (hi | 0) * TWO32;
  const l = lo >>> 0;
  const s = h + l;
  if (s === 0) return 0;
  const err = twoSumErr(h, l, s);
  if (err === 0 && (fmt === F64 || Math.fround(s) === s)) return s;
  return s < 0 ? roundTo(fmt, true, -s, err > 0 ? -1 : err < 0 ? 1 : 0, 0) : roundTo(fmt, false, s, err > 0 ? 1 : err < 0 ? -1 : 0, 0);
}
