/**
 * Instructions on ST(0) (and ST(1)) that are not transcendental: FCHS, FABS, FTST, FXAM, FSQRT,
 * FRNDINT, FSCALE, FXTRACT, FPREM, FPREM1. Special cases follow QEMU 7.2's helpers.
 * @module
 */
import type { X86FpHost, X87Registers } from '../../fp-contract.js';
import { sqrt } from '../f80/arith.js';
import { isAnyNaNX80, isInfX80, isSNaNX80, isZeroX80 } from '../f80/classify.js';
import { Rel, compare } from '../f80/compare.js';
import { Exc, Pc, fenv } from '../f80/fenv.js';
import { roundToIntNormal, intRes, toInt } from '../f80/integer.js';
import { defaultNaN, returnNaN } from '../f80/nan.js';
import { fromInt32, isInvalidX80, packX80, res, unpackX80 } from '../f80/pack.js';
import { Cls } from '../f80/parts.js';
import { modRem, remQuotient, scalbn } from '../f80/scale.js';
import {
  Sw, begin, isEmpty, loadReg, merge, mergeRounded, phys, recordIp, regHi, regLo, regSe, setValid,
  stackFault, waitCheck, writeReg, writeRes,
} from '../state.js';
import { writeIndefinite } from './arith.js';
import { A, B } from './operands.js';

/** Check ST(0) (and ST(1) when `two`) for underflow; false when the instruction must stop. */
function operandsPresent(cpu: X86FpHost, two: boolean, fop: number): boolean {
  const x = cpu.x87;
  if (!isEmpty(x, phys(x, 0)) && (!two || !isEmpty(x, phys(x, 1)))) return true;
  if (stackFault(x, false)) writeIndefinite(x, phys(x, 0));
  recordIp(cpu, fop);
  return false;
}

/**
 * The frame of the instructions that replace ST(0) with a rounded result: wait, stack underflow
 * (ST(0) = indefinite when masked), `compute` leaves the result in `res`, then ST(0) = result,
 * C1 = round-up, flags merged.
 */
export function st0Instruction(cpu: X86FpHost, fop: number, two: boolean, compute: (x: X87Registers, p0: number) => void): void {
  waitCheck(cpu);
  if (!operandsPresent(cpu, two, fop)) return;
  const x = cpu.x87;
  const p0 = phys(x, 0);
  begin(x);
  compute(x, p0);
  writeRes(x, p0);
  mergeRounded(x);
  recordIp(cpu, fop);
}

/** FCHS (negate) or FABS (clear the sign): bit operations, no flags. */
export function signOp(cpu: X86FpHost, abs: boolean, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  if (isEmpty(x, p0)) {
    if (stackFault(x, false)) writeIndefinite(x, p0);
  } else {
    const k = 5 * p0 + 4;
    x.fpr[k] = abs ? x.fpr[k] & 0x7fff : x.fpr[k] ^ 0x8000;
    x.fsw &= ~Sw.C1;
  }
  recordIp(cpu, fop);
}

/** FTST: compare ST(0) with +0.0. */
export function ftst(cpu: X86FpHost, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  let rel = Rel.Unordered;
  if (isEmpty(x, phys(x, 0))) {
    // The codes say "unordered" whether or not the fault is masked.
    stackFault(x, false);
  } else {
    begin(x);
    B.set(Cls.Zero, 0, 0, 0, 0, 0, 0);
    if (loadReg(x, phys(x, 0), A)) rel = compare(A, B, false);
  }
  const cc = rel === Rel.Less ? Sw.C0 : rel === Rel.Equal ? Sw.C3 : rel === Rel.Greater ? 0 : Sw.C3 | Sw.C2 | Sw.C0;
  x.fsw = (x.fsw & ~Sw.CC) | cc;
  merge(x, fenv.exc);
  recordIp(cpu, fop);
}

/** FXAM: classify ST(0) into C3/C2/C0, C1 = sign (QEMU's classes: unnormals and pseudo-NaNs are "unsupported"). */
export function fxam(cpu: X86FpHost, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  const se = regSe(x, p0);
  const hi = regHi(x, p0);
  const lo = regLo(x, p0);
  let sw = x.fsw & ~Sw.CC;
  if (se & 0x8000) sw |= Sw.C1;
  if (isEmpty(x, p0)) {
    sw |= Sw.C3 | Sw.C0;
  } else {
    const e = se & 0x7fff;
    if (e === 0x7fff) {
      if (hi === 0x80000000 && lo === 0) sw |= Sw.C2 | Sw.C0;
      else if (hi & 0x80000000) sw |= Sw.C0;
    } else if (e === 0) {
      sw |= hi === 0 && lo === 0 ? Sw.C3 : Sw.C3 | Sw.C2;
    } else if (hi & 0x80000000) {
      sw |= Sw.C2;
    }
  }
  x.fsw = sw;
  recordIp(cpu, fop);
}

/** FSQRT. A negative operand (any sign-bit-set value, as in QEMU) sets C2 and clears C3/C0. */
export function fsqrt(cpu: X86FpHost, fop: number): void {
  st0Instruction(cpu, fop, false, squareRoot);
}

function squareRoot(x: X87Registers, p0: number): void {
  if (regSe(x, p0) & 0x8000) x.fsw = (x.fsw & ~Sw.CC) | Sw.C2;
  if (loadReg(x, p0, A)) packX80(sqrt(A));
  else packX80(defaultNaN(A));
}

/** FRNDINT: round to an integer in the current rounding mode, then to the precision control. */
export function frndint(cpu: X86FpHost, fop: number): void {
  st0Instruction(cpu, fop, false, roundToInteger);
}

function roundToInteger(x: X87Registers, p0: number): void {
  let up = 0;
  if (!loadReg(x, p0, A)) defaultNaN(A);
  else if (A.cls >= Cls.QNaN) returnNaN(A);
  else if (A.cls === Cls.Normal) {
    const fracSize = fenv.pc === Pc.Single ? 23 : fenv.pc === Pc.Double ? 52 : 63;
    if (roundToIntNormal(A, fenv.rc, fracSize)) {
      fenv.exc |= Exc.PE;
      up = intRes.up;
    }
  }
  packX80(A);
  if (up) fenv.up = 1;
}

/** FSCALE: ST(0) × 2^trunc(ST(1)), always at 64-bit precision (QEMU's special cases first). */
export function fscale(cpu: X86FpHost, fop: number): void {
  st0Instruction(cpu, fop, true, scale);
}

function scale(x: X87Registers, p0: number): void {
  const p1 = phys(x, 1);
  const se0 = regSe(x, p0), hi0 = regHi(x, p0), lo0 = regLo(x, p0);
  const se1 = regSe(x, p1), hi1 = regHi(x, p1), lo1 = regLo(x, p1);
  if (isInvalidX80(se1, hi1) || isInvalidX80(se0, hi0)) {
    fenv.exc |= Exc.IE;
    packX80(defaultNaN(A));
  } else if (isAnyNaNX80(se1, hi1, lo1)) {
    if (isSNaNX80(se0, hi0, lo0)) fenv.exc |= Exc.IE;
    res.se = se1;
    res.hi = hi1;
    res.lo = lo1;
    if (isSNaNX80(se1, hi1, lo1)) {
      fenv.exc |= Exc.IE;
      res.hi = (res.hi | 0xc0000000) >>> 0;
    }
    fenv.up = 0;
  } else if (isInfX80(se1, hi1, lo1) && !isAnyNaNX80(se0, hi0, lo0)) {
    const neg0 = se0 & 0x8000;
    if (se1 & 0x8000) {
      if (isInfX80(se0, hi0, lo0)) {
        fenv.exc |= Exc.IE;
        packX80(defaultNaN(A));
      } else {
        res.se = neg0;
        res.hi = 0;
        res.lo = 0;
      }
    } else if (isZeroX80(se0, hi0, lo0)) {
      fenv.exc |= Exc.IE;
      packX80(defaultNaN(A));
    } else {
      res.se = neg0 | 0x7fff;
      res.hi = 0x80000000;
      res.lo = 0;
    }
    fenv.up = 0;
  } else {
    // The scale: ST(1) truncated to int32 (saturating), its flags dropped.
    const exc = fenv.exc;
    unpackX80(B, se1, hi1, lo1);
    toInt(B, 3, 32);
    fenv.exc = exc;
    const n = intRes.lo | 0;
    unpackX80(A, se0, hi0, lo0);
    const pc = fenv.pc;
    fenv.pc = Pc.Extended;
    packX80(scalbn(A, n));
    fenv.pc = pc;
  }
}

/** FXTRACT: ST(0) → exponent, then push the significand (exponent 0x3fff). */
export function fxtract(cpu: X86FpHost, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  const pn = (x.top - 1) & 7;
  const under = isEmpty(x, p0);
  if (under || !isEmpty(x, pn)) {
    // Both results become the indefinite and the push still happens (masked).
    if (stackFault(x, !under)) {
      writeIndefinite(x, p0);
      x.top = pn;
      writeIndefinite(x, pn);
    }
    recordIp(cpu, fop);
    return;
  }
  const se = regSe(x, p0), hi = regHi(x, p0), lo = regLo(x, p0);
  begin(x);
  // Value of the new ST(1) (in place of ST(0)) goes to res first, then the pushed ST(0).
  let pushSe = se, pushHi = hi, pushLo = lo;
  if (isZeroX80(se, hi, lo)) {
    // −∞ and ZE, via −1/0 in QEMU; the zero itself is pushed.
    fenv.exc |= Exc.ZE;
    res.se = 0xffff;
    res.hi = 0x80000000;
    res.lo = 0;
  } else if (isInvalidX80(se, hi)) {
    fenv.exc |= Exc.IE;
    packX80(defaultNaN(A));
    pushSe = res.se;
    pushHi = res.hi;
    pushLo = res.lo;
  } else if (isAnyNaNX80(se, hi, lo)) {
    res.se = se;
    res.hi = hi;
    res.lo = lo;
    if (isSNaNX80(se, hi, lo)) {
      fenv.exc |= Exc.IE;
      res.hi = (hi | 0xc0000000) >>> 0;
    }
    pushSe = res.se;
    pushHi = res.hi;
    pushLo = res.lo;
  } else if ((se & 0x7fff) === 0x7fff) {
    // Infinity: exponent +∞, significand the infinity itself.
    res.se = 0x7fff;
    res.hi = 0x80000000;
    res.lo = 0;
  } else {
    let e = se & 0x7fff;
    let h = hi;
    let l = lo;
    if (e === 0) {
      // Denormal (or pseudo-denormal): normalise; DE is raised.
      const shift = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(l);
      if (shift >= 32) {
        h = (l << (shift - 32)) >>> 0;
        l = 0;
      } else if (shift > 0) {
        h = ((h << shift) | (l >>> (32 - shift))) >>> 0;
        l = (l << shift) >>> 0;
      }
      e = 1 - shift;
      fenv.exc |= Exc.DE;
    }
    fromInt32(A, e - 16383);
    packX80(A);
    pushSe = (se & 0x8000) | 0x3fff;
    pushHi = h;
    pushLo = l;
  }
  writeRes(x, p0);
  x.top = pn;
  writeReg(x, pn, pushSe, pushHi, pushLo);
  setValid(x, pn);
  x.fsw &= ~Sw.C1;
  merge(x, fenv.exc);
  recordIp(cpu, fop);
}

/** FPREM (`mod`) and FPREM1: partial remainder of ST(0) by ST(1), C2 set while incomplete. */
export function fprem(cpu: X86FpHost, mod: boolean, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  if (!operandsPresent(cpu, true, fop)) return;
  const p0 = phys(x, 0);
  const p1 = phys(x, 1);
  const se0 = regSe(x, p0), hi0 = regHi(x, p0), lo0 = regLo(x, p0);
  const se1 = regSe(x, p1), hi1 = regHi(x, p1), lo1 = regLo(x, p1);
  begin(x);
  let sw = x.fsw & ~Sw.CC;
  const e0r = se0 & 0x7fff;
  const e1r = se1 & 0x7fff;
  if (
    isZeroX80(se0, hi0, lo0) || isZeroX80(se1, hi1, lo1) || e0r === 0x7fff || e1r === 0x7fff ||
    isInvalidX80(se0, hi0) || isInvalidX80(se1, hi1)
  ) {
    remainder(se0, hi0, lo0, se1, hi1, lo1, mod);
  } else {
    const e0 = e0r !== 0 ? e0r : 1 - clz64(hi0, lo0);
    const e1 = e1r !== 0 ? e1r : 1 - clz64(hi1, lo1);
    const d = e0 - e1;
    if (d < 64) {
      remainder(se0, hi0, lo0, se1, hi1, lo1, mod);
      const q = remQuotient.lo;
      if (q & 4) sw |= Sw.C0;
      if (q & 2) sw |= Sw.C3;
      if (q & 1) sw |= Sw.C1;
    } else {
      // Reduce by 32..63 bits of quotient per step (AMD's documented choice, Intel agrees).
      const n = 32 + (d % 32);
      unpackX80(B, se1, hi1, lo1);
      packX80(scalbn(B, d - n));
      unpackX80(B, res.se, res.hi, res.lo);
      unpackX80(A, se0, hi0, lo0);
      packX80(modRem(A, B, true));
      sw |= Sw.C2;
    }
  }
  x.fsw = sw;
  writeRes(x, p0);
  merge(x, fenv.exc);
  recordIp(cpu, fop);
}

/** floatx80_modrem on packed operands into `res`. */
function remainder(se0: number, hi0: number, lo0: number, se1: number, hi1: number, lo1: number, mod: boolean): void {
  if (!unpackX80(A, se0, hi0, lo0) || !unpackX80(B, se1, hi1, lo1)) {
    remQuotient.lo = 0;
    packX80(defaultNaN(A));
    return;
  }
  packX80(modRem(A, B, mod));
}

function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}
