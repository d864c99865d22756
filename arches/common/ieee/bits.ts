/**
 * Bit-level access to doubles and singles through module scratch (no allocation), exact
 * power-of-two scaling and exponent extraction.
 * @module
 */

const f64 = new Float64Array(1);
const w64 = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const w32 = new Uint32Array(f32.buffer);

/** Bits [31:0] of a double. */
export function f64Lo(x: number): number {
  f64[0] = x;
  return w64[0];
}
/** Bits [63:32] of a double. */
export function f64Hi(x: number): number {
  f64[0] = x;
  return w64[1];
}
/** The double with the given bit halves (not for NaN patterns whose payload matters). */
export function f64FromBits(lo: number, hi: number): number {
  w64[0] = lo;
  w64[1] = hi;
  return f64[0];
}
/** Bits of a single-precision value (x must be exactly representable, not NaN). */
export function f32Bits(x: number): number {
  f32[0] = x;
  return w32[0];
}
/** Value of single-precision bits (not for NaNs: the host may quiet them). */
export function f32FromBits(b: number): number {
  w32[0] = b;
  return f32[0];
}

/** 2^e for e in [-1074, 1023]; POW2[e + 1074]. */
const POW2 = new Float64Array(2098);
for (let e = -1074; e <= 1023; e++) POW2[e + 1074] = 2 ** e;

/** 2^e as a double (0 or Infinity outside the range). */
export function pow2(e: number): number {
  if (e < -1074) return 0;
  if (e > 1023) return Infinity;
  return POW2[e + 1074];
}

/**
 * x * 2^e, exact whenever the result is representable and normal at every step:
 * scales in steps of at most 2^600 so intermediate values never leave the range early.
 */
export function scalb(x: number, e: number): number {
  while (e > 600) {
    x *= POW2[600 + 1074];
    e -= 600;
  }
  while (e < -600) {
    x *= POW2[-600 + 1074];
    e += 600;
  }
  return x * POW2[e + 1074];
}

/** floor(log2(|x|)) for a finite non-zero double, subnormals included. */
export function exponentOf(x: number): number {
  f64[0] = x;
  const be = (w64[1] >>> 20) & 0x7ff;
  if (be !== 0) return be - 1023;
  f64[0] = x * POW2[64 + 1074];
  return ((w64[1] >>> 20) & 0x7ff) - 1023 - 64;
}

/** |x| scaled into [1, 2) (finite non-zero x), exactly. */
export function mantissaOf(x: number): number {
  f64[0] = x;
  if ((w64[1] & 0x7ff00000) === 0) f64[0] = x * POW2[64 + 1074];
  w64[1] = (w64[1] & 0x000fffff) | 0x3ff00000;
  return f64[0];
}

/** Is |x| a power of two (finite non-zero x)? */
export function isPow2(x: number): boolean {
  f64[0] = x;
  if ((w64[1] & 0x7ff00000) === 0) f64[0] = x * POW2[64 + 1074];
  return (w64[1] & 0x000fffff) === 0 && w64[0] === 0;
}

/** Is the last significand bit of x zero? */
export function isEvenSignificand(x: number): boolean {
  f64[0] = x;
  return (w64[0] & 1) === 0;
}

/** The double adjacent to x (finite, non-zero) in the direction of `towards` (sign). */
export function nextAway(x: number, towards: number): number {
  f64[0] = x;
  // Same sign as x: increase magnitude; otherwise decrease it.
  const grow = (x > 0) === (towards > 0);
  let lo = w64[0];
  let hi = w64[1];
  if (grow) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  } else {
    if (lo === 0) hi = (hi - 1) >>> 0;
    lo = (lo - 1) >>> 0;
  }
  w64[0] = lo;
  w64[1] = hi;
  return f64[0];
}

/** Sign of a number as -1, 0 or 1 (NaN not expected). */
export function sgn(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** Is x negative, counting -0? */
export function isNeg(x: number): boolean {
  return x < 0 || (x === 0 && 1 / x < 0);
}
