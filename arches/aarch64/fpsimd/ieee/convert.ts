/**
 * Conversions: between half, single and double (FCVT, FCVTN/L, FCVTXN), floating point to
 * integer or fixed point with saturation (FCVT[NPMZA][SU]), integer or fixed point to
 * floating point (SCVTF/UCVTF), and round to integral (FRINT*). Operands are numbers (not
 * NaN unless stated); NaN conversion works on bits.
 * @module
 */
import { isNeg, pow2, sgn } from '../../../common/ieee/bits.js';
import { twoSumErr } from '../../../common/ieee/exact.js';
import {
  FPCR_AHP,
  FPCR_DN,
  FPCR_FZ,
  FPSR_IOC,
  FPSR_IXC,
  RN,
  fpcrRounding,
  type FpEnv,
} from './fp-env.js';
import { F16, F16_AHP, F32, F64 } from './format.js';
import { roundIntegral } from '../../../common/ieee/integral.js';
import { roundExact } from './round.js';
import { flush32 } from './arith32.js';
import { flush64 } from './arith64.js';
import { DEFAULT_NAN16, DEFAULT_NAN32, DEFAULT_NAN64_HI, nanOut } from './nan.js';
import { f16ToNumber, numberToF16 } from './half.js';

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

/** Round a finite non-zero double value to fmt with the FPCR mode (or `mode`). */
function roundTo(fmt: number, x: number, mode: number, flush: boolean, env: FpEnv): number {
  return x < 0
    ? roundExact(fmt, true, -x, 0, 0, mode, flush, env)
    : roundExact(fmt, false, x, 0, 0, mode, flush, env);
}

/** Double to single (FCVT Sd, Dn; FCVTN). x not NaN. `mode` defaults to FPCR's. */
export function cvt64to32(x: number, env: FpEnv, mode = -1): number {
  const fz = (env.fpcr & FPCR_FZ) !== 0;
  if (fz) x = flush64(x, env);
  if (x === 0 || isInf(x)) return x;
  if (mode < 0) mode = fpcrRounding(env.fpcr);
  return roundTo(F32, x, mode, fz, env);
}

/** Single to double (exact). x not NaN. */
export function cvt32to64(x: number, env: FpEnv): number {
  return (env.fpcr & FPCR_FZ) !== 0 ? flush32(x, env) : x;
}

/**
 * Single or double (`dbl`) to half-precision bits. x not NaN. Half outputs are never
 * flushed; with FPCR.AHP infinities saturate with Invalid Operation.
 */
export function cvtToF16(x: number, dbl: boolean, env: FpEnv): number {
  const fpcr = env.fpcr;
  if ((fpcr & FPCR_FZ) !== 0) x = dbl ? flush64(x, env) : flush32(x, env);
  const ahp = (fpcr & FPCR_AHP) !== 0;
  if (isInf(x)) {
    if (ahp) {
      env.fpsr |= FPSR_IOC;
      return x < 0 ? 0xffff : 0x7fff;
    }
    return x < 0 ? 0xfc00 : 0x7c00;
  }
  if (x === 0) return isNeg(x) ? 0x8000 : 0;
  const r = roundTo(ahp ? F16_AHP : F16, x, fpcrRounding(fpcr), false, env);
  if (r >= 65536 || r <= -65536) {
    // Exponent 31 of the alternative format: (1024 + frac) * 2^6.
    const m = r < 0 ? -r : r;
    return (r < 0 ? 0x8000 : 0) | 0x7c00 | (m / 64 - 1024);
  }
  return numberToF16(r);
}

/** Half-precision bits (not a NaN) to a number (exact; never flushed). */
export function cvtF16ToNumber(b: number, env: FpEnv): number {
  return f16ToNumber(b, (env.fpcr & FPCR_AHP) !== 0);
}

/** Is a half pattern a NaN under the current FPCR.AHP? */
export function isF16NaN(b: number, env: FpEnv): boolean {
  return (env.fpcr & FPCR_AHP) === 0 && (b & 0x7c00) === 0x7c00 && (b & 0x3ff) !== 0;
}

// NaN conversions (FPConvertNaN): quiet, keep the sign and the top payload bits.

/** Single NaN bits to double NaN bits (lo returned, hi in nanOut.hi). */
export function nan32to64(b: number, env: FpEnv): number {
  if ((b & 0x00400000) === 0) env.fpsr |= FPSR_IOC;
  if ((env.fpcr & FPCR_DN) !== 0) {
    nanOut.hi = DEFAULT_NAN64_HI;
    return 0;
  }
  // frac<21:0> lands in double frac<50:29>.
  nanOut.hi = ((b & 0x80000000) | 0x7ff80000 | ((b & 0x003fffff) >>> 3)) >>> 0;
  return ((b & 7) << 29) >>> 0;
}

/** Double NaN bits to single NaN bits. */
export function nan64to32(lo: number, hi: number, env: FpEnv): number {
  if ((hi & 0x00080000) === 0) env.fpsr |= FPSR_IOC;
  if ((env.fpcr & FPCR_DN) !== 0) return DEFAULT_NAN32;
  return ((hi & 0x80000000) | 0x7fc00000 | ((hi & 0x7ffff) << 3) | (lo >>> 29)) >>> 0;
}

/** Half NaN bits to single NaN bits. */
export function nan16to32(b: number, env: FpEnv): number {
  if ((b & 0x0200) === 0) env.fpsr |= FPSR_IOC;
  if ((env.fpcr & FPCR_DN) !== 0) return DEFAULT_NAN32;
  return (((b & 0x8000) << 16) | 0x7fc00000 | ((b & 0x1ff) << 13)) >>> 0;
}

/** Half NaN bits to double NaN bits (lo returned, hi in nanOut.hi). */
export function nan16to64(b: number, env: FpEnv): number {
  return nan32to64(nan16to32(b, env) | 0, env);
}

/** Single NaN bits to half (AHP: zero with Invalid Operation). */
export function nan32to16(b: number, env: FpEnv): number {
  const fpcr = env.fpcr;
  if ((fpcr & FPCR_AHP) !== 0) {
    env.fpsr |= FPSR_IOC;
    return (b >>> 16) & 0x8000;
  }
  if ((b & 0x00400000) === 0) env.fpsr |= FPSR_IOC;
  if ((fpcr & FPCR_DN) !== 0) return DEFAULT_NAN16;
  return ((b >>> 16) & 0x8000) | 0x7e00 | ((b >>> 13) & 0x1ff);
}

/** Double NaN bits to half. */
export function nan64to16(lo: number, hi: number, env: FpEnv): number {
  const fpcr = env.fpcr;
  if ((fpcr & FPCR_AHP) !== 0) {
    env.fpsr |= FPSR_IOC;
    return (hi >>> 16) & 0x8000;
  }
  if ((hi & 0x00080000) === 0) env.fpsr |= FPSR_IOC;
  if ((fpcr & FPCR_DN) !== 0) return DEFAULT_NAN16;
  return ((hi >>> 16) & 0x8000) | 0x7e00 | ((hi >>> 10) & 0x1ff);
}

/**
 * FRINT{N,A,P,M,Z,X,I}: round a non-NaN value to integral in `mode`; `exact` (FRINTX) raises
 * Inexact when the value changes. `dbl` selects the FZ threshold.
 */
export function frint(x: number, mode: number, exact: boolean, dbl: boolean, env: FpEnv): number {
  if ((env.fpcr & FPCR_FZ) !== 0) x = dbl ? flush64(x, env) : flush32(x, env);
  if (x === 0 || isInf(x)) return x;
  const r = roundIntegral(x, mode);
  if (exact && r !== x) env.fpsr |= FPSR_IXC;
  return r;
}

/** High word of the last 64-bit integer result of {@link fpToFixed}. */
export const intOut = { hi: 0 };

const TWO32 = 4294967296;

/**
 * FPToFixed: x (number, NaN allowed) * 2^fbits rounded in `mode` to a signed or unsigned
 * 32- or 64-bit integer, saturating with Invalid Operation; Inexact otherwise when rounded.
 * Returns bits [31:0] (unsigned); bits [63:32] in intOut.hi (0 for 32-bit results).
 */
export function fpToFixed(
  x: number,
  fbits: number,
  mode: number,
  unsigned: boolean,
  is64: boolean,
  dbl: boolean,
  env: FpEnv,
): number {
  intOut.hi = 0;
  if (x !== x) {
    env.fpsr |= FPSR_IOC;
    return 0;
  }
  if ((env.fpcr & FPCR_FZ) !== 0) x = dbl ? flush64(x, env) : flush32(x, env);
  const v = fbits === 0 ? x : x * pow2(fbits);
  const r = roundIntegral(v, mode);
  let min: number;
  let max: number;
  if (is64) {
    min = unsigned ? 0 : -9223372036854775808;
    max = unsigned ? 18446744073709551616 : 9223372036854775808; // exclusive
  } else {
    min = unsigned ? 0 : -2147483648;
    max = unsigned ? TWO32 : 2147483648;
  }
  if (r < min || r >= max) {
    env.fpsr |= FPSR_IOC;
    if (!is64) return r < min ? min >>> 0 : (max - 1) >>> 0;
    // 2^64 - 1 and 2^63 - 1 are not doubles: build the saturated halves directly.
    if (r < min) {
      intOut.hi = unsigned ? 0 : 0x80000000;
      return 0;
    }
    intOut.hi = unsigned ? 0xffffffff : 0x7fffffff;
    return 0xffffffff;
  }
  if (r !== v) env.fpsr |= FPSR_IXC;
  const q = r;
  if (!is64) return q >>> 0;
  const hi = Math.floor(q / TWO32);
  intOut.hi = hi >>> 0;
  return (q - hi * TWO32) >>> 0;
}

/**
 * FixedToFP: integer bits (lo, hi for 64-bit sources) as signed or unsigned, divided by
 * 2^fbits, rounded in `mode` to single (`dbl` false) or double. Returns the number.
 */
export function fixedToFp(
  lo: number,
  hi: number,
  signed: boolean,
  is64: boolean,
  fbits: number,
  dbl: boolean,
  mode: number,
  env: FpEnv,
): number {
  let s: number;
  let err = 0;
  if (!is64) s = signed ? lo | 0 : lo >>> 0;
  else {
    const h = (signed ? hi | 0 : hi >>> 0) * TWO32;
    const l = lo >>> 0;
    s = h + l;
    err = twoSumErr(h, l, s);
  }
  if (s === 0) return 0;
  const fpcr = env.fpcr;
  const fz = (fpcr & FPCR_FZ) !== 0;
  if (mode === RN && !fz && err === 0) {
    // s is exact: one host rounding suffices.
    const v = fbits === 0 ? s : s * pow2(-fbits);
    const r = dbl ? v : Math.fround(v);
    if (r !== v) env.fpsr |= FPSR_IXC;
    return r;
  }
  const neg = s < 0;
  return roundExact(dbl ? F64 : F32, neg, neg ? -s : s, neg ? -sgn(err) : sgn(err), -fbits, mode, fz, env);
}
