/**
 * Exact IEEE 754 rounding with BigInt: the reference for the cases the fast path in
 * `arith.ts` cannot decide with double-precision error terms (results near overflow,
 * tiny or subnormal results, extreme operands). Not the hot path: it runs only for those.
 */

/** IEEE exception flags, in the order of the SPARC FSR cexc field. */
export const enum FpFlag {
  NX = 0x01,
  DZ = 0x02,
  UF = 0x04,
  OF = 0x08,
  NV = 0x10,
}

/** FSR.RD rounding direction. */
export const enum Rounding {
  Nearest = 0,
  Zero = 1,
  Up = 2,
  Down = 3,
}

/** A binary floating-point format: precision (with the hidden bit) and exponent range. */
export interface FloatFormat {
  readonly p: number;
  readonly emin: number;
  readonly emax: number;
  /** Largest finite value. */
  readonly max: number;
}

export const SINGLE: FloatFormat = { p: 24, emin: -126, emax: 127, max: 3.4028234663852886e38 };
export const DOUBLE: FloatFormat = { p: 53, emin: -1022, emax: 1023, max: Number.MAX_VALUE };

/**
 * SPARC detects tininess after rounding (QEMU's softfloat default, which its SPARC target
 * keeps), and raises underflow only for an inexact tiny result.
 */
const TININESS_AFTER_ROUNDING = true;

/** A finite value (-1)^sign * mant * 2^exp, exactly. */
export interface Exact {
  sign: number;
  mant: bigint;
  exp: number;
}

const dv = new DataView(new ArrayBuffer(8));

/** Split a finite double into sign, integer significand and exponent. */
export function decompose(x: number): Exact {
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0), lo = dv.getUint32(4);
  const sign = hi >>> 31;
  const be = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (be === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = be - 1075;
  }
  return { sign, mant, exp };
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** Result of a rounding: the value (exactly representable in the format) and the flags. */
export interface Rounded {
  value: number;
  flags: number;
}

function roundShift(mant: bigint, shift: number, sign: number, rm: Rounding): { keep: bigint; inexact: boolean } {
  if (shift <= 0) return { keep: mant << BigInt(-shift), inexact: false };
  const s = BigInt(shift);
  let keep = mant >> s;
  const rem = mant - (keep << s);
  if (rem === 0n) return { keep, inexact: false };
  let up: boolean;
  switch (rm) {
    case Rounding.Nearest: {
      const half = 1n << (s - 1n);
      up = rem > half || (rem === half && (keep & 1n) === 1n);
      break;
    }
    case Rounding.Zero: up = false; break;
    case Rounding.Up: up = sign === 0; break;
    default: up = sign === 1; break;
  }
  if (up) keep += 1n;
  return { keep, inexact: true };
}

function overflowValue(sign: number, fmt: FloatFormat, rm: Rounding): number {
  const toInf = rm === Rounding.Nearest || (rm === Rounding.Up && sign === 0) || (rm === Rounding.Down && sign === 1);
  const mag = toInf ? Infinity : fmt.max;
  return sign ? -mag : mag;
}

/** Round an exact value to `fmt` with direction `rm`, IEEE 754 style. */
export function roundExact(v: Exact, fmt: FloatFormat, rm: Rounding): Rounded {
  if (v.mant === 0n) return { value: v.sign ? -0 : 0, flags: 0 };
  const e = v.exp + bitLength(v.mant) - 1;
  const q = Math.max(e, fmt.emin) - (fmt.p - 1);
  const r = roundShift(v.mant, q - v.exp, v.sign, rm);
  let keep = r.keep;
  let qq = q;
  if (bitLength(keep) > fmt.p) {
    keep >>= 1n; // rounding carried into a new leading bit: keep was exactly 2^p
    qq += 1;
  }
  let flags = r.inexact ? FpFlag.NX : 0;
  const lead = qq + bitLength(keep) - 1;
  if (keep !== 0n && lead > fmt.emax) return { value: overflowValue(v.sign, fmt, rm), flags: FpFlag.OF | FpFlag.NX };
  let tiny: boolean;
  if (TININESS_AFTER_ROUNDING) {
    // Round again with an unbounded exponent range and look at the result's exponent.
    const qu = e - (fmt.p - 1);
    const ru = roundShift(v.mant, qu - v.exp, v.sign, rm);
    tiny = qu + bitLength(ru.keep) - 1 < fmt.emin;
  } else {
    tiny = e < fmt.emin;
  }
  if (tiny && r.inexact) flags |= FpFlag.UF;
  const mag = Number(keep) * 2 ** qq;
  return { value: v.sign ? -mag : mag, flags };
}

/** Exact a + b (both finite), as an Exact. The sign of an exact zero sum is decided by the caller. */
export function exactAdd(a: Exact, b: Exact): Exact {
  const exp = Math.min(a.exp, b.exp);
  const ma = (a.sign ? -a.mant : a.mant) << BigInt(a.exp - exp);
  const mb = (b.sign ? -b.mant : b.mant) << BigInt(b.exp - exp);
  const m = ma + mb;
  return { sign: m < 0n ? 1 : 0, mant: m < 0n ? -m : m, exp };
}

export function exactMul(a: Exact, b: Exact): Exact {
  return { sign: a.sign ^ b.sign, mant: a.mant * b.mant, exp: a.exp + b.exp };
}

/** a / b to p+3 bits plus a sticky bit: enough for a correct rounding to precision p. */
export function exactDiv(a: Exact, b: Exact, p: number): Exact {
  const k = Math.max(0, p + 3 + bitLength(b.mant) - bitLength(a.mant));
  const num = a.mant << BigInt(k);
  const quo = num / b.mant;
  const sticky = num - quo * b.mant === 0n ? 0n : 1n;
  return { sign: a.sign ^ b.sign, mant: (quo << 1n) | sticky, exp: a.exp - k - b.exp - 1 };
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** sqrt(a) for a > 0, to p+3 bits plus a sticky bit. */
export function exactSqrt(a: Exact, p: number): Exact {
  let mant = a.mant;
  let exp = a.exp;
  if (exp & 1) {
    mant <<= 1n;
    exp -= 1;
  }
  const want = 2 * (p + 3) - bitLength(mant);
  const k = want > 0 ? Math.ceil(want / 2) : 0;
  const n = mant << BigInt(2 * k);
  const s = isqrt(n);
  const sticky = n - s * s === 0n ? 0n : 1n;
  return { sign: 0, mant: (s << 1n) | sticky, exp: (exp - 2 * k) / 2 - 1 };
}
