/**
 * F2XM1, FYL2X, FYL2XP1, FPATAN (results rounded once to 64 bits, PC ignored, always inexact)
 * and FSIN, FCOS, FPTAN, FSINCOS (computed in double precision, C2 = 1 beyond 2^63).
 *
 * The special cases (NaNs, invalid encodings, out-of-range arguments, zeros, infinities, exact
 * results) and the short cuts QEMU 7.2 takes for tiny arguments are reproduced exactly (they are
 * products with 128-bit ln 2 / log2 e, divisions, or rounded constants). The general cases are
 * computed here to about 300 bits and rounded once; QEMU evaluates its own ~70-bit polynomials
 * there, so a result can differ from QEMU's in the last bit when the true value lies within
 * ~2^-70 of a rounding boundary (see docs/arch-x86_64.md#x87 for the measured rate). The
 * trigonometric functions round to the nearest double, as the host libm QEMU calls does (glibc
 * is correctly rounded in all but about 1 in 2500 cases).
 * @module
 */
import type { X86FpHost, X87Registers } from '../../fp-contract.js';
import { div, mul } from '../f80/arith.js';
import { isAnyNaNX80, isInfX80, isSNaNX80, isZeroX80 } from '../f80/classify.js';
import { Rel, compare } from '../f80/compare.js';
import { MA, MB, MR, mulDigits, putWord, getWord } from '../f80/digits.js';
import {
  LN2, LN2_SIG, LOG2E_SIG, PI, PI_2, PI_3_4_SIG, PI_SIG, atanUnit, expm1, log2Near1, sinCos,
} from '../f80/elementary.js';
import { Exc, Pc, Rc, fenv } from '../f80/fenv.js';
import { defaultNaN, returnNaN } from '../f80/nan.js';
import { fromInt32, isInvalidX80, packF64, packX80, res, unpackF64, unpackX80 } from '../f80/pack.js';
import { Cls, Parts, normalize } from '../f80/parts.js';
import { Wide, wAdd, wCmpMag, wDiv, wFromInt, wFromParts, wMul, wToParts } from '../f80/wide.js';
import {
  Sw, begin, isEmpty, mergeRounded, phys, pop, recordIp, regHi, regLo, regSe, setValid, stackFault,
  waitCheck, writeReg, writeRes,
} from '../state.js';
import { writeIndefinite } from './arith.js';
import { st0Instruction } from './unary.js';
import { A, B } from './operands.js';

const P = new Parts();
const W1 = new Wide();
const W2 = new Wide();
const W3 = new Wide();
const W4 = new Wide();

/** QEMU's normalizeRoundAndPackFloatx80 at 64-bit precision, from a 128-bit significand s0..s3. */
function packSig(sign: number, zExp: number, s0: number, s1: number, s2: number, s3: number): void {
  P.set(Cls.Normal, sign, zExp - 16383, s0, s1, s2, s3);
  const n = normalize(P);
  if (n === 128) P.cls = Cls.Zero;
  else P.exp -= n;
  fenv.pc = Pc.Extended;
  packX80(P);
}

/** Round a wide result once at 64-bit precision with the current RC, marked inexact. */
function packWide(w: Wide): void {
  wToParts(P, w, true);
  fenv.pc = Pc.Extended;
  packX80(P);
}

/** MR words of (a0:a1:a2:a3) × (bh:bl), keeping the top 128 bits of 192 (QEMU's mul128By64To192 high part). */
const top = new Uint32Array(4);
function mulTop128(a0: number, a1: number, a2: number, a3: number, bh: number, bl: number): void {
  putWord(MA, 0, a3);
  putWord(MA, 2, a2);
  putWord(MA, 4, a1);
  putWord(MA, 6, a0);
  putWord(MB, 0, bl);
  putWord(MB, 2, bh);
  mulDigits(8, 4);
  top[0] = getWord(MR, 10);
  top[1] = getWord(MR, 8);
  top[2] = getWord(MR, 6);
  top[3] = getWord(MR, 4);
}

/** Significand and exponent of a finite non-zero floatx80, denormals normalised (QEMU's normalizeFloatx80Subnormal). */
const norm = { exp: 0, hi: 0, lo: 0 };
function normalized(se: number, hi: number, lo: number): void {
  let e = se & 0x7fff;
  if (e === 0) {
    const shift = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
    if (shift >= 32) {
      hi = (lo << (shift - 32)) >>> 0;
      lo = 0;
    } else if (shift > 0) {
      hi = ((hi << shift) | (lo >>> (32 - shift))) >>> 0;
      lo = (lo << shift) >>> 0;
    }
    e = 1 - shift;
  }
  norm.exp = e;
  norm.hi = hi;
  norm.lo = lo;
}

function setRes(se: number, hi: number, lo: number): void {
  res.se = se;
  res.hi = hi;
  res.lo = lo;
  fenv.up = 0;
}

function setDefaultNaN(): void {
  fenv.exc |= Exc.IE;
  packX80(defaultNaN(A));
}

/** The signalling NaN quietened as QEMU's floatx80_silence_nan does (integer and quiet bits set). */
function setSilenced(se: number, hi: number, lo: number): void {
  fenv.exc |= Exc.IE;
  setRes(se, (hi | 0xc0000000) >>> 0, lo);
}

/** F2XM1: 2^ST(0) − 1 for |ST(0)| ≤ 1. */
export function f2xm1(cpu: X86FpHost, fop: number): void {
  st0Instruction(cpu, fop, false, exp2m1);
}

function exp2m1(x: X87Registers, p0: number): void {
  const se = regSe(x, p0), hi = regHi(x, p0), lo = regLo(x, p0);
  const e = se & 0x7fff;
  const sign = se >>> 15;
  if (isInvalidX80(se, hi)) {
    setDefaultNaN();
  } else if (isAnyNaNX80(se, hi, lo)) {
    if (isSNaNX80(se, hi, lo)) setSilenced(se, hi, lo);
    else setRes(se, hi, lo);
  } else if (e > 0x3fff || (e === 0x3fff && (hi !== 0x80000000 || lo !== 0))) {
    setDefaultNaN();
  } else if (e === 0x3fff) {
    // ±1: exactly 1 or −0.5.
    if (sign) setRes(0xbffe, 0x80000000, 0);
    else setRes(se, hi, lo);
  } else if (e < 0x3fb0) {
    if (isZeroX80(se, hi, lo)) {
      setRes(se, hi, lo);
    } else {
      // Tiny: x × ln 2 with a 128-bit ln 2, inexact.
      normalized(se, hi, lo);
      mulTop128(LN2_SIG[0], LN2_SIG[1], LN2_SIG[2], LN2_SIG[3], norm.hi, norm.lo);
      packSig(sign, norm.exp, top[0], top[1], top[2], top[3] | 1);
    }
  } else {
    unpackX80(A, se, hi, lo);
    wFromParts(W1, A);
    wMul(W1, W1, LN2);
    expm1(W2, W1);
    packWide(W2);
  }
}

/** The two operands of FYL2X, FYL2XP1 and FPATAN as their raw fields. */
const op2 = { se0: 0, hi0: 0, lo0: 0, se1: 0, hi1: 0, lo1: 0 };

/**
 * The frame of FYL2X, FYL2XP1 and FPATAN: stack underflow (ST(1) = indefinite and pop, when
 * masked), operands into `op2`, `compute` leaves the result in `res`, then ST(1) = result, C1
 * and flags, pop.
 */
function st1Instruction(cpu: X86FpHost, fop: number, compute: () => void): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  const p1 = phys(x, 1);
  if (isEmpty(x, p0) || isEmpty(x, p1)) {
    if (stackFault(x, false)) {
      writeIndefinite(x, p1);
      pop(x);
    }
    recordIp(cpu, fop);
    return;
  }
  op2.se0 = regSe(x, p0);
  op2.hi0 = regHi(x, p0);
  op2.lo0 = regLo(x, p0);
  op2.se1 = regSe(x, p1);
  op2.hi1 = regHi(x, p1);
  op2.lo1 = regLo(x, p1);
  begin(x);
  if (!nanCases()) compute();
  writeRes(x, p1);
  mergeRounded(x);
  pop(x);
  recordIp(cpu, fop);
}

/** The NaN and encoding checks shared by the three; true when the result is decided. */
function nanCases(): boolean {
  const { se0, hi0, lo0, se1, hi1, lo1 } = op2;
  if (isSNaNX80(se0, hi0, lo0)) setSilenced(se0, hi0, lo0);
  else if (isSNaNX80(se1, hi1, lo1)) setSilenced(se1, hi1, lo1);
  else if (isInvalidX80(se0, hi0) || isInvalidX80(se1, hi1)) setDefaultNaN();
  else if (isAnyNaNX80(se0, hi0, lo0)) setRes(se0, hi0, lo0);
  else if (isAnyNaNX80(se1, hi1, lo1)) setRes(se1, hi1, lo1);
  else return false;
  return true;
}

/** res = W × ST(1), rounded once. */
function timesY(w: Wide): void {
  unpackX80(B, op2.se1, op2.hi1, op2.lo1);
  wFromParts(W4, B);
  wMul(w, w, W4);
  packWide(w);
}

/** Compare ST(0) (finite, not NaN) with +1. */
function compareWithOne(): Rel {
  unpackX80(A, op2.se0, op2.hi0, op2.lo0);
  B.set(Cls.Normal, 0, 0, 0x80000000, 0, 0, 0);
  return compare(A, B, false);
}

/** FYL2X: ST(1) × log2(ST(0)), then pop. */
export function fyl2x(cpu: X86FpHost, fop: number): void {
  st1Instruction(cpu, fop, yl2x);
}

function yl2x(): void {
  const { se0, hi0, lo0, se1, hi1, lo1 } = op2;
  const sign1 = se1 >>> 15;
  if (se0 & 0x8000 && !isZeroX80(se0, hi0, lo0)) {
    setDefaultNaN();
  } else if (isInfX80(se1, hi1, lo1)) {
    const rel = compareWithOne();
    if (rel === Rel.Less) setRes(se1 ^ 0x8000, hi1, lo1);
    else if (rel === Rel.Greater) setRes(se1, hi1, lo1);
    else setDefaultNaN();
  } else if (isInfX80(se0, hi0, lo0)) {
    if (isZeroX80(se1, hi1, lo1)) setDefaultNaN();
    else setRes(sign1 ? se0 ^ 0x8000 : se0, hi0, lo0);
  } else if (isZeroX80(se0, hi0, lo0)) {
    if (isZeroX80(se1, hi1, lo1)) {
      setDefaultNaN();
    } else {
      fenv.exc |= Exc.ZE;
      setRes(sign1 ? 0x7fff : 0xffff, 0x80000000, 0);
    }
  } else if (isZeroX80(se1, hi1, lo1)) {
    setRes(compareWithOne() === Rel.Less ? se1 ^ 0x8000 : se1, hi1, lo1);
  } else if ((se0 & 0x7fff) === 0x3fff && hi0 === 0x80000000 && lo0 === 0) {
    setRes(sign1 ? 0x8000 : 0, 0, 0);
  } else {
    normalized(se0, hi0, lo0);
    let k = norm.exp - 0x3fff;
    // m = x / 2^k in [√½, √2]: the split point is √½'s 64-bit significand.
    if (norm.hi > 0xb504f333 || (norm.hi === 0xb504f333 && norm.lo > 0xf9de6484)) k++;
    if (norm.hi === 0x80000000 && norm.lo === 0) {
      // An exact power of two: k × ST(1), rounded at 64 bits.
      fromInt32(A, k);
      unpackX80(B, se1, hi1, lo1);
      fenv.pc = Pc.Extended;
      packX80(mul(A, B));
    } else {
      // log2(x) = k + log2(m), m − 1 exact.
      A.set(Cls.Normal, 0, norm.exp - 0x3fff - k, norm.hi, norm.lo, 0, 0);
      wFromParts(W1, A);
      wFromInt(W2, 1);
      wAdd(W1, W1, W2, true);
      log2Near1(W3, W1);
      wFromInt(W2, k);
      wAdd(W3, W3, W2);
      timesY(W3);
    }
  }
}

/** FYL2XP1: ST(1) × log2(ST(0) + 1) for |ST(0)| < 1 − √2/2 (up to √2 − 1 above zero), then pop. */
export function fyl2xp1(cpu: X86FpHost, fop: number): void {
  st1Instruction(cpu, fop, yl2xp1);
}

function yl2xp1(): void {
  const { se0, hi0, lo0, se1, hi1, lo1 } = op2;
  const e0 = se0 & 0x7fff;
  const sign0 = se0 >>> 15;
  // The significand limits: 1 − √2/2 truncated (below zero), √2 − 1 rounded (above).
  const limHi = sign0 ? 0x95f61998 : 0xd413cccf;
  const limLo = sign0 ? 0x0c4336f7 : 0xe7799211;
  if (e0 > 0x3ffd || (e0 === 0x3ffd && (hi0 > limHi || (hi0 === limHi && lo0 > limLo)))) {
    setDefaultNaN();
  } else if (isZeroX80(se0, hi0, lo0) || isZeroX80(se1, hi1, lo1) || (se1 & 0x7fff) === 0x7fff) {
    // Exact: a zero, or a multiplication by infinity.
    unpackX80(A, se0, hi0, lo0);
    unpackX80(B, se1, hi1, lo1);
    packX80(mul(A, B));
  } else if (e0 < 0x3fb0) {
    // Tiny: x × y × log2 e with a 128-bit log2 e, truncating twice as QEMU does, inexact.
    normalized(se0, hi0, lo0);
    const ex0 = norm.exp, xh = norm.hi, xl = norm.lo;
    normalized(se1, hi1, lo1);
    mulTop128(LOG2E_SIG[0], LOG2E_SIG[1], LOG2E_SIG[2], LOG2E_SIG[3], xh, xl);
    mulTop128(top[0], top[1], top[2], top[3], norm.hi, norm.lo);
    packSig(sign0 ^ (se1 >>> 15), ex0 + 1 + norm.exp - 0x3ffe, top[0], top[1], top[2], top[3] | 1);
  } else {
    unpackX80(A, se0, hi0, lo0);
    wFromParts(W1, A);
    log2Near1(W3, W1);
    timesY(W3);
  }
}

/** FPATAN: atan2(ST(1), ST(0)) into ST(1), then pop. */
export function fpatan(cpu: X86FpHost, fop: number): void {
  st1Instruction(cpu, fop, atan2);
}

function atan2(): void {
  const { se0, hi0, lo0, se1, hi1, lo1 } = op2;
  const e0 = se0 & 0x7fff, e1 = se1 & 0x7fff;
  const sign0 = se0 >>> 15, sign1 = se1 >>> 15;
  const inf0 = isInfX80(se0, hi0, lo0), inf1 = isInfX80(se1, hi1, lo1);
  const zero0 = isZeroX80(se0, hi0, lo0), zero1 = isZeroX80(se1, hi1, lo1);
  if (zero1 && !sign0) {
    setRes(se1, hi1, lo1);
  } else if (((inf0 && !inf1) || e0 - e1 >= 80) && !sign0) {
    // |y/x| tiny: the quotient, made inexact (and rounded from just below) when exact.
    unpackX80(A, se1, hi1, lo1);
    unpackX80(B, se0, hi0, lo0);
    fenv.pc = Pc.Extended;
    packX80(div(A, B));
    if (!isZeroX80(res.se, res.hi, res.lo) && (fenv.exc & Exc.PE) === 0) {
      normalized(res.se, res.hi, res.lo);
      // significand − 1, followed by all ones
      let l = norm.lo - 1;
      let h = norm.hi;
      if (l < 0) {
        l = 0xffffffff;
        h = (h - 1) >>> 0;
      }
      packSig(res.se >>> 15, norm.exp, h, l >>> 0, 0xffffffff, 0xffffffff);
    }
  } else if (zero1) {
    packConst(sign1, 0x4000, PI_SIG); // x < 0: ±π
  } else if (inf1) {
    if (inf0) packConst(sign1, sign0 ? 0x4000 : 0x3ffe, sign0 ? PI_3_4_SIG : PI_SIG);
    else packConst(sign1, 0x3fff, PI_SIG);
  } else if (zero0 || e1 - e0 >= 80) {
    packConst(sign1, 0x3fff, PI_SIG);
  } else if (inf0 || e0 - e1 >= 80) {
    packConst(sign1, 0x4000, PI_SIG);
  } else {
    unpackX80(A, se0, hi0, lo0);
    unpackX80(B, se1, hi1, lo1);
    A.sign = 0;
    B.sign = 0;
    const xBigger = A.exp > B.exp || (A.exp === B.exp && (A.f0 > B.f0 || (A.f0 === B.f0 && A.f1 >= B.f1)));
    wFromParts(W1, xBigger ? B : A);
    wFromParts(W2, xBigger ? A : B);
    wDiv(W1, W1, W2);
    atanUnit(W3, W1);
    if (xBigger) {
      if (sign0) wAdd(W3, PI, W3, true);
    } else {
      wAdd(W3, PI_2, W3, !sign0);
    }
    W3.sign = sign1;
    packWide(W3);
  }
}

function packConst(sign: number, zExp: number, sig: Uint32Array): void {
  packSig(sign, zExp, sig[0], sig[1], sig[2], sig[3] | 1);
}

/** ST(0) converted to float64 at the current rounding control (flags dropped), into dbl. */
const dbl = { hi: 0, lo: 0 };
function toDouble(x: X87Registers): void {
  const p0 = phys(x, 0);
  const exc = fenv.exc;
  if (!unpackX80(A, regSe(x, p0), regHi(x, p0), regLo(x, p0))) defaultNaN(A);
  else if (A.cls >= Cls.QNaN) returnNaN(A);
  packF64(A);
  dbl.hi = res.hi;
  dbl.lo = res.lo;
  fenv.exc = exc;
}

/** |d| > 2^63 (infinities included, NaNs not): the argument is out of range (C2 = 1). */
function outOfRange(): boolean {
  const e = (dbl.hi >>> 20) & 0x7ff;
  if (e === 0x7ff) return (dbl.hi & 0xfffff) === 0 && dbl.lo === 0;
  return e > 1086 || (e === 1086 && ((dbl.hi & 0xfffff) !== 0 || dbl.lo !== 0));
}

const SIN = new Wide();
const COS = new Wide();
const PD = new Parts();

/**
 * Compute sin, cos or tan of the double dbl.hi:dbl.lo rounded to the nearest double, then converted to
 * floatx80 at the current precision and rounding control into `res`; C1 in `fenv.up`.
 */
function trig(which: Trig): void {
  const e = (dbl.hi >>> 20) & 0x7ff;
  if (e === 0x7ff) {
    // NaN in, the same (quiet) NaN out, as the host libm returns it.
    unpackF64(PD, dbl.hi, dbl.lo);
  } else if ((dbl.hi & 0x7fffffff) === 0 && dbl.lo === 0) {
    if (which === Trig.Cos) PD.set(Cls.Normal, 0, 0, 0x80000000, 0, 0, 0);
    else unpackF64(PD, dbl.hi, dbl.lo);
  } else {
    unpackF64(PD, dbl.hi, dbl.lo);
    wFromParts(W1, PD);
    sinCos(SIN, COS, W1, which === Trig.Sin ? 1 : which === Trig.Cos ? 2 : 3);
    if (which === Trig.Sin) W2.copy(SIN);
    else if (which === Trig.Cos) W2.copy(COS);
    else wDiv(W2, SIN, COS);
    // Round to the nearest double, then widen.
    wToParts(PD, W2, false);
    const rc = fenv.rc;
    fenv.rc = Rc.Nearest;
    packF64(PD);
    fenv.rc = rc;
    unpackF64(PD, res.hi, res.lo);
    packX80(PD);
    // C1: the result is larger in magnitude than the exact value.
    unpackX80(PD, res.se, res.hi, res.lo);
    wFromParts(W3, PD);
    fenv.up = wCmpMag(W3, W2) > 0 ? 1 : 0;
    return;
  }
  packX80(PD);
}

/** What a trigonometric instruction computes. */
export const enum Trig {
  Sin = 0,
  Cos = 1,
  /** FPTAN: tan, then push 1.0. */
  Tan = 2,
  /** FSINCOS: sin, then push cos. */
  SinCos = 3,
}

/**
 * FSIN, FCOS, FPTAN, FSINCOS: through float64 as QEMU does; beyond 2^63 only C2 is set. No
 * flags are merged (QEMU merges none). FPTAN and FSINCOS push their second result.
 */
export function ftrig(cpu: X86FpHost, kind: Trig, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  const pushes = kind >= Trig.Tan;
  if (pushes ? twoResultsFault(x) : isEmpty(x, p0)) {
    if (!pushes && stackFault(x, false)) writeIndefinite(x, p0);
    recordIp(cpu, fop);
    return;
  }
  begin(x);
  toDouble(x);
  if (outOfRange()) {
    x.fsw |= Sw.C2;
    recordIp(cpu, fop);
    return;
  }
  trig(kind === Trig.Cos ? Trig.Cos : kind === Trig.Tan ? Trig.Tan : Trig.Sin);
  writeRes(x, p0);
  if (kind === Trig.Tan) {
    x.top = (x.top - 1) & 7;
    writeReg(x, x.top, 0x3fff, 0x80000000, 0);
    setValid(x, x.top);
  } else if (kind === Trig.SinCos) {
    trig(Trig.Cos);
    x.top = (x.top - 1) & 7;
    writeRes(x, x.top);
  }
  x.fsw = (fenv.up ? x.fsw | Sw.C1 : x.fsw & ~Sw.C1) & ~Sw.C2;
  recordIp(cpu, fop);
}

/**
 * Underflow or overflow of FPTAN/FSINCOS (two results): both become the indefinite and the push
 * happens (masked); true when there was a fault.
 */
function twoResultsFault(x: X87Registers): boolean {
  const p0 = phys(x, 0);
  const pn = (x.top - 1) & 7;
  const under = isEmpty(x, p0);
  if (!under && isEmpty(x, pn)) return false;
  if (stackFault(x, !under)) {
    writeIndefinite(x, p0);
    x.top = pn;
    writeIndefinite(x, pn);
  }
  return true;
}
