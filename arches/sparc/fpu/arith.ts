import {
  DOUBLE, FpFlag, Rounding, SINGLE, decompose, exactAdd, exactDiv, exactMul, exactSqrt, roundExact,
  type Exact, type FloatFormat,
} from './exact.js';

/**
 * IEEE 754 add, subtract, multiply, divide, square root and narrowing with all four rounding
 * directions and exact flags, for non-NaN operands (the caller propagates NaNs by bits).
 *
 * JavaScript computes round-to-nearest only. The fast path takes that result and the sign of
 * its exact error (TwoSum, Dekker's TwoProduct, the exact remainder of a division or square
 * root), which gives the inexact flag and the directed roundings. When the error cannot be
 * trusted (results near overflow or the subnormal range, extreme operands) the BigInt path in
 * `exact.ts` rounds instead. Results land in `fpOut` to avoid allocating.
 */
export const fpOut = { value: 0, flags: 0 };

/** The default NaN marker; the FPU turns it into SPARC's default NaN bits. */
export const DEFAULT_NAN = NaN;

const MIN_NORMAL_D = 2 ** -1022;
const MIN_NORMAL_S = 2 ** -126;
const SPLIT = 134217729; // 2^27 + 1, Dekker
const SAFE_HI = 2 ** 900;
const SAFE_LO = 2 ** -900;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE ? 0 : 1, HI = LITTLE ? 1 : 0;
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Move a finite nonzero double one unit away from (up=true) or toward zero in magnitude. */
function stepMagnitudeD(x: number, away: boolean): number {
  f64[0] = x;
  if (away) {
    u32[LO] = (u32[LO] + 1) >>> 0;
    if (u32[LO] === 0) u32[HI] = (u32[HI] + 1) >>> 0;
  } else {
    if (u32[LO] === 0) u32[HI] = (u32[HI] - 1) >>> 0;
    u32[LO] = (u32[LO] - 1) >>> 0;
  }
  return f64[0];
}

function stepMagnitudeS(x: number, away: boolean): number {
  f32[0] = x;
  i32[0] += away ? 1 : -1;
  return f32[0];
}

function step(x: number, fmt: FloatFormat, away: boolean): number {
  return fmt === SINGLE ? stepMagnitudeS(x, away) : stepMagnitudeD(x, away);
}

/**
 * Finish from `r`, the round-to-nearest double result, and `dir`, the sign of (exact - r).
 * Returns false when the result is outside the range where this is exact (the caller then
 * takes the BigInt path).
 */
function finish(r: number, dir: number, fmt: FloatFormat, rm: Rounding): boolean {
  let res = r;
  let d = dir;
  if (fmt === SINGLE) {
    res = Math.fround(r);
    if (res !== r) d = r > res ? 1 : -1;
  }
  const m = res < 0 ? -res : res;
  if (!(m > (fmt === SINGLE ? MIN_NORMAL_S : MIN_NORMAL_D) && m < fmt.max)) return false;
  if (d === 0) {
    fpOut.value = res;
    fpOut.flags = 0;
    return true;
  }
  if (rm === Rounding.Zero) {
    if (d > 0 !== res > 0) res = step(res, fmt, false);
  } else if (rm === Rounding.Up) {
    if (d > 0) res = step(res, fmt, res > 0);
  } else if (rm === Rounding.Down) {
    if (d < 0) res = step(res, fmt, res < 0);
  }
  fpOut.value = res;
  fpOut.flags = FpFlag.NX;
  return true;
}

function slow(v: Exact, fmt: FloatFormat, rm: Rounding): void {
  const r = roundExact(v, fmt, rm);
  fpOut.value = r.value;
  fpOut.flags = r.flags;
}

function set(value: number, flags: number): void {
  fpOut.value = value;
  fpOut.flags = flags;
}

/** Sign of the error of a*b against its rounded product p (Dekker, no FMA in JavaScript). */
function productErrorSign(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return e > 0 ? 1 : e < 0 ? -1 : 0;
}

/** The exact error a*b - p as a double (valid in the safe range). */
function productError(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

function inSafeRange(x: number): boolean {
  const m = x < 0 ? -x : x;
  return m > SAFE_LO && m < SAFE_HI;
}

/** a + b in `fmt`; operands are values of that format. */
export function fpAdd(a: number, b: number, fmt: FloatFormat, rm: Rounding): void {
  if (a === Infinity || a === -Infinity || b === Infinity || b === -Infinity) {
    if (a === -b) return set(DEFAULT_NAN, FpFlag.NV);
    return set(a === Infinity || a === -Infinity ? a : b, 0);
  }
  if (a === 0 && b === 0) {
    const negA = Object.is(a, -0), negB = Object.is(b, -0);
    return set(negA === negB ? a : rm === Rounding.Down ? -0 : 0, 0);
  }
  if (a === 0) return set(b, 0);
  if (b === 0) return set(a, 0);
  const r = a + b;
  if (r === 0) return set(rm === Rounding.Down ? -0 : 0, 0);
  if (r !== Infinity && r !== -Infinity) {
    const bb = r - a;
    const err = (a - (r - bb)) + (b - bb);
    if (finish(r, err > 0 ? 1 : err < 0 ? -1 : 0, fmt, rm)) return;
  }
  slow(exactAdd(decompose(a), decompose(b)), fmt, rm);
}

export function fpSub(a: number, b: number, fmt: FloatFormat, rm: Rounding): void {
  fpAdd(a, -b, fmt, rm);
}

export function fpMul(a: number, b: number, fmt: FloatFormat, rm: Rounding): void {
  const aInf = a === Infinity || a === -Infinity, bInf = b === Infinity || b === -Infinity;
  if (aInf || bInf) {
    if (a === 0 || b === 0) return set(DEFAULT_NAN, FpFlag.NV);
    return set(a * b, 0);
  }
  if (a === 0 || b === 0) return set(a * b, 0); // signed zero, exact
  const r = a * b;
  if (fmt === SINGLE) {
    if (finish(r, 0, fmt, rm)) return; // a 24x24-bit product is exact in a double
  } else if (inSafeRange(a) && inSafeRange(b) && inSafeRange(r)) {
    if (finish(r, productErrorSign(a, b, r), fmt, rm)) return;
  }
  slow(exactMul(decompose(a), decompose(b)), fmt, rm);
}

export function fpDiv(a: number, b: number, fmt: FloatFormat, rm: Rounding): void {
  const aInf = a === Infinity || a === -Infinity, bInf = b === Infinity || b === -Infinity;
  if (aInf && bInf) return set(DEFAULT_NAN, FpFlag.NV);
  if (aInf) return set(a / b, 0); // a/0 with a infinite stays infinite, no exception
  if (bInf) return set(a / b, 0);
  if (b === 0) {
    if (a === 0) return set(DEFAULT_NAN, FpFlag.NV);
    return set(a / b, FpFlag.DZ);
  }
  if (a === 0) return set(a / b, 0);
  const q = a / b;
  if (inSafeRange(a) && inSafeRange(b) && inSafeRange(q)) {
    const p = q * b;
    const rem = (a - p) - productError(q, b, p);
    const dir = rem === 0 ? 0 : (rem > 0) === (b > 0) ? 1 : -1;
    if (finish(q, dir, fmt, rm)) return;
  }
  slow(exactDiv(decompose(a), decompose(b), fmt.p), fmt, rm);
}

export function fpSqrt(a: number, fmt: FloatFormat, rm: Rounding): void {
  if (a === 0 || a === Infinity) return set(a, 0);
  if (a < 0) return set(DEFAULT_NAN, FpFlag.NV);
  const q = Math.sqrt(a);
  if (inSafeRange(a)) {
    const p = q * q;
    const rem = (a - p) - productError(q, q, p);
    if (finish(q, rem > 0 ? 1 : rem < 0 ? -1 : 0, fmt, rm)) return;
  }
  slow(exactSqrt(decompose(a), fmt.p), fmt, rm);
}

/** Round a (finite or infinite, non-NaN) double to `fmt`: FdTOs, FiTOs. */
export function fpRound(x: number, fmt: FloatFormat, rm: Rounding): void {
  if (x === 0 || x === Infinity || x === -Infinity) return set(x, 0);
  if (finish(x, 0, fmt, rm)) return;
  slow(decompose(x), fmt, rm);
}

/** Truncate toward zero to int32 (FsTOi, FdTOi): out-of-range and infinities are invalid. */
export function fpToInt(x: number): void {
  if (x >= 2147483648) return set(2147483647, FpFlag.NV);
  if (x <= -2147483649) return set(-2147483648, FpFlag.NV);
  const t = Math.trunc(x);
  set(t | 0, t === x ? 0 : FpFlag.NX);
}

export { DOUBLE, SINGLE };
