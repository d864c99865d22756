/**
 * Loads (FLD, FILD, FBLD, the constants), stores (FST, FSTP, FIST, FISTP, FISTTP, FBSTP) and
 * register moves (FLD ST(i), FST(P) ST(i), FXCH, FCMOVcc), with stack overflow/underflow
 * handling. Stores write memory before any status change, so a faulting store leaves the FPU
 * as it was.
 * @module
 */
import type { X86FpHost, X87Registers } from '../../fp-contract.js';
import { Exc, Pc, Rc, fenv } from '../f80/fenv.js';
import { intRes, toInt } from '../f80/integer.js';
import { defaultNaN, returnNaN } from '../f80/nan.js';
import { fromInt64, packF32, packF64, packX80, res, unpackF32, unpackF64 } from '../f80/pack.js';
import { Cls } from '../f80/parts.js';
import {
  INDEF_HI, INDEF_SE, Sw, begin, copyReg, isEmpty, loadReg, merge, mergeRounded, phys, pop, recordIp,
  recordIpDp, regHi, regLo, regSe, setValid, stackFault, waitCheck, writeReg, writeRes,
} from '../state.js';
import { A } from './operands.js';
import { writeIndefinite } from './arith.js';

/** Kinds of memory load and store. */
export const enum Fmt {
  F32 = 0,
  F64 = 1,
  F80 = 2,
  I16 = 3,
  I32 = 4,
  I64 = 5,
  Bcd = 6,
}

/**
 * Make room for a push: true when the push may go ahead (the new ST(0) is empty). On overflow
 * with IE masked the real indefinite is pushed here and false returned; unmasked, nothing moves.
 */
function pushRoom(x: X87Registers): boolean {
  const p = (x.top - 1) & 7;
  if (isEmpty(x, p)) return true;
  if (stackFault(x, true)) {
    x.top = p;
    writeIndefinite(x, p);
  }
  return false;
}

/** Push the packed result `res`. */
function pushRes(x: X87Registers): void {
  x.top = (x.top - 1) & 7;
  writeRes(x, x.top);
}

/** FLD m32/m64/m80, FILD m16/m32/m64, FBLD. */
export function loadMem(cpu: X86FpHost, fmt: Fmt, eaLo: number, eaHi: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  // Read memory first: a fault leaves the stack untouched.
  let a = 0;
  let b = 0;
  let c = 0;
  switch (fmt) {
    case Fmt.F32:
      a = cpu.load32(eaLo, eaHi);
      break;
    case Fmt.F64:
    case Fmt.I64:
      a = cpu.load64(eaLo, eaHi);
      b = cpu.loadHi;
      break;
    case Fmt.F80:
      a = cpu.load64(eaLo, eaHi);
      b = cpu.loadHi;
      c = cpu.load16(add(eaLo, 8), carryHi(eaLo, eaHi, 8));
      break;
    case Fmt.I16:
      a = (cpu.load16(eaLo, eaHi) << 16) >> 16;
      break;
    case Fmt.I32:
      a = cpu.load32(eaLo, eaHi) | 0;
      break;
    default:
      loadBcd(cpu, eaLo, eaHi);
  }
  if (pushRoom(x)) {
    begin(x);
    switch (fmt) {
      case Fmt.F32:
        unpackF32(A, a);
        if (A.cls >= Cls.QNaN) returnNaN(A);
        packX80(A);
        break;
      case Fmt.F64:
        unpackF64(A, b, a);
        if (A.cls >= Cls.QNaN) returnNaN(A);
        packX80(A);
        break;
      case Fmt.F80:
        res.se = c;
        res.hi = b;
        res.lo = a;
        break;
      case Fmt.I16:
      case Fmt.I32:
        fromInt64(A, a < 0 ? 0xffffffff : 0, a >>> 0);
        fenv.pc = Pc.Extended;
        packX80(A);
        break;
      case Fmt.I64:
        fromInt64(A, b, a);
        fenv.pc = Pc.Extended;
        packX80(A);
        break;
      default:
        // Packed BCD converts at the current precision, its flags dropped (as QEMU's FBLD).
        fromInt64(A, bcd.hi, bcd.lo);
        packX80(A);
        if (bcd.sign) res.se ^= 0x8000;
        fenv.exc = 0;
    }
    pushRes(x);
    if (fmt === Fmt.F32 || fmt === Fmt.F64) mergeRounded(x);
    else x.fsw &= ~Sw.C1;
  }
  recordIpDp(cpu, fop, eaLo, eaHi);
}

/** The packed BCD operand as a 64-bit integer and its sign byte's top bit. */
const bcd = { hi: 0, lo: 0, sign: 0 };

/** Decode 18 packed digits as QEMU does (no digit validation; 64-bit wrap-around). */
function loadBcd(cpu: X86FpHost, eaLo: number, eaHi: number): void {
  let hi = 0;
  let lo = 0;
  for (let i = 8; i >= 0; i--) {
    const v = cpu.load8(add(eaLo, i), carryHi(eaLo, eaHi, i));
    const d = (v >>> 4) * 10 + (v & 15);
    const l = lo * 100 + d;
    const carry = Math.floor(l / 4294967296);
    lo = l - carry * 4294967296;
    hi = (hi * 100 + carry) % 4294967296;
  }
  bcd.hi = hi >>> 0;
  bcd.lo = lo >>> 0;
  bcd.sign = cpu.load8(add(eaLo, 9), carryHi(eaLo, eaHi, 9)) & 0x80;
}

/** Low half of a linear address plus a small offset, and the high half with its carry. */
export function add(lo: number, k: number): number {
  return (lo + k) >>> 0;
}

export function carryHi(lo: number, hi: number, k: number): number {
  return lo + k >= 4294967296 ? (hi + 1) >>> 0 : hi;
}

/** FLD ST(i). */
export function loadFromReg(cpu: X86FpHost, src: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const ps = phys(x, src);
  if (isEmpty(x, ps)) {
    // Underflow wins: the indefinite is pushed whether or not the new ST(0) was free.
    if (stackFault(x, false)) {
      x.top = (x.top - 1) & 7;
      writeIndefinite(x, x.top);
    }
  } else if (pushRoom(x)) {
    x.top = (x.top - 1) & 7;
    copyReg(x, x.top, ps);
    x.fsw &= ~Sw.C1;
  }
  recordIp(cpu, fop);
}

/** The x87 constants and their last bit under each rounding control (QEMU 7.2 = hardware). */
export const enum Const {
  One = 0,
  L2T = 1,
  L2E = 2,
  Pi = 3,
  Lg2 = 4,
  Ln2 = 5,
  Zero = 6,
}

/** FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ. */
export function loadConst(cpu: X86FpHost, k: Const, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  if (pushRoom(x)) {
    const rc = (x.fcw >>> 10) & 3;
    // Directed-down rounding of the irrational constants is one unit below the nearest value,
    // except log2(10), whose nearest value is below it and which rounds up under Up.
    const down = rc === Rc.Down || rc === Rc.Zero;
    let se = 0x3fff;
    let hi = 0x80000000;
    let lo = 0;
    switch (k) {
      case Const.L2T:
        se = 0x4000;
        hi = 0xd49a784b;
        lo = rc === Rc.Up ? 0xcd1b8aff : 0xcd1b8afe;
        break;
      case Const.L2E:
        hi = 0xb8aa3b29;
        lo = down ? 0x5c17f0bb : 0x5c17f0bc;
        break;
      case Const.Pi:
        se = 0x4000;
        hi = 0xc90fdaa2;
        lo = down ? 0x2168c234 : 0x2168c235;
        break;
      case Const.Lg2:
        se = 0x3ffd;
        hi = 0x9a209a84;
        lo = down ? 0xfbcff798 : 0xfbcff799;
        break;
      case Const.Ln2:
        se = 0x3ffe;
        hi = 0xb17217f7;
        lo = down ? 0xd1cf79ab : 0xd1cf79ac;
        break;
      case Const.Zero:
        se = 0;
        hi = 0;
        break;
    }
    x.top = (x.top - 1) & 7;
    writeReg(x, x.top, se, hi, lo);
    setValid(x, x.top);
    x.fsw &= ~Sw.C1;
  }
  recordIp(cpu, fop);
}

/** FST/FSTP m32/m64/m80, FIST/FISTP m16/m32/m64, FISTTP, FBSTP. */
export function storeMem(cpu: X86FpHost, fmt: Fmt, truncate: boolean, popAfter: boolean, eaLo: number, eaHi: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  const empty = isEmpty(x, p0);
  if (empty && (x.fcw & Exc.IE) === 0) {
    // Unmasked stack underflow: nothing is stored or popped.
    stackFault(x, false);
    recordIpDp(cpu, fop, eaLo, eaHi);
    return;
  }
  begin(x);
  if (empty) {
    storeIndefinite(cpu, fmt, eaLo, eaHi);
    stackFault(x, false);
  } else {
    convertAndStore(cpu, x, p0, fmt, truncate, eaLo, eaHi);
    // An 80-bit store rounds nothing: C1 keeps what the last instruction left (FPREM's Q0), as on QEMU.
    if (fmt === Fmt.F80) merge(x, fenv.exc);
    else mergeRounded(x);
  }
  if (popAfter) pop(x);
  recordIpDp(cpu, fop, eaLo, eaHi);
}

function storeIndefinite(cpu: X86FpHost, fmt: Fmt, eaLo: number, eaHi: number): void {
  switch (fmt) {
    case Fmt.F32:
      cpu.store32(eaLo, eaHi, 0xffc00000);
      return;
    case Fmt.F64:
      cpu.store64(eaLo, eaHi, 0, 0xfff80000);
      return;
    case Fmt.F80:
      store80(cpu, eaLo, eaHi, INDEF_SE, INDEF_HI, 0);
      return;
    case Fmt.I16:
      cpu.store16(eaLo, eaHi, 0x8000);
      return;
    case Fmt.I32:
      cpu.store32(eaLo, eaHi, 0x80000000);
      return;
    case Fmt.I64:
      cpu.store64(eaLo, eaHi, 0, 0x80000000);
      return;
    default:
      storeBcdIndefinite(cpu, eaLo, eaHi);
  }
}

function store80(cpu: X86FpHost, eaLo: number, eaHi: number, se: number, hi: number, lo: number): void {
  cpu.probeWrite(eaLo, eaHi, 10);
  cpu.store64(eaLo, eaHi, lo, hi);
  cpu.store16(add(eaLo, 8), carryHi(eaLo, eaHi, 8), se);
}

function storeBcdIndefinite(cpu: X86FpHost, eaLo: number, eaHi: number): void {
  cpu.probeWrite(eaLo, eaHi, 10);
  for (let i = 0; i < 7; i++) cpu.store8(add(eaLo, i), carryHi(eaLo, eaHi, i), 0);
  cpu.store8(add(eaLo, 7), carryHi(eaLo, eaHi, 7), 0xc0);
  cpu.store8(add(eaLo, 8), carryHi(eaLo, eaHi, 8), 0xff);
  cpu.store8(add(eaLo, 9), carryHi(eaLo, eaHi, 9), 0xff);
}

function convertAndStore(cpu: X86FpHost, x: X87Registers, p0: number, fmt: Fmt, truncate: boolean, eaLo: number, eaHi: number): void {
  if (fmt === Fmt.F80) {
    store80(cpu, eaLo, eaHi, regSe(x, p0), regHi(x, p0), regLo(x, p0));
    return;
  }
  // Flags are those of this conversion only (begin() cleared them): QEMU checks IE after it.
  if (!loadReg(x, p0, A)) defaultNaN(A);
  else if ((fmt === Fmt.F32 || fmt === Fmt.F64) && A.cls >= Cls.QNaN) returnNaN(A);
  const rc = truncate ? Rc.Zero : fenv.rc;
  switch (fmt) {
    case Fmt.F32:
      packF32(A);
      cpu.store32(eaLo, eaHi, res.lo);
      return;
    case Fmt.F64:
      packF64(A);
      cpu.store64(eaLo, eaHi, res.lo, res.hi);
      return;
    case Fmt.I16: {
      toInt(A, rc, 32);
      let v = intRes.lo | 0;
      if (v !== ((v << 16) >> 16)) {
        // Out of 16-bit range: IE replaces every other flag (QEMU's fist).
        fenv.exc = Exc.IE;
        v = 0x8000;
      }
      cpu.store16(eaLo, eaHi, v & 0xffff);
      break;
    }
    case Fmt.I32:
      toInt(A, rc, 32);
      cpu.store32(eaLo, eaHi, (fenv.exc & Exc.IE) !== 0 ? 0x80000000 : intRes.lo);
      break;
    case Fmt.I64:
      toInt(A, rc, 64);
      if ((fenv.exc & Exc.IE) !== 0) cpu.store64(eaLo, eaHi, 0, 0x80000000);
      else cpu.store64(eaLo, eaHi, intRes.lo, intRes.hi);
      break;
    default:
      storeBcd(cpu, x, p0, eaLo, eaHi);
  }
  // C1: the integer was rounded up in magnitude (not when the conversion was invalid).
  fenv.up = (fenv.exc & Exc.IE) === 0 ? intRes.up : 0;
}

/** 10^18, the first value packed BCD cannot hold, as 32-bit halves. */
const E18_HI = 0x0de0b6b3;
const E18_LO = 0xa7640000;

function storeBcd(cpu: X86FpHost, x: X87Registers, p0: number, eaLo: number, eaHi: number): void {
  toInt(A, fenv.rc, 64);
  let hi = intRes.hi;
  let lo = intRes.lo;
  const neg = (hi | 0) < 0;
  if (neg) {
    lo = (~lo >>> 0) + 1;
    hi = ((~hi >>> 0) + (lo === 4294967296 ? 1 : 0)) >>> 0;
    lo >>>= 0;
  }
  // |v| ≥ 10^18 (including the saturated NaN/overflow results) is invalid: store the indefinite.
  if (hi > E18_HI || (hi === E18_HI && lo >= E18_LO) || (neg && hi === 0x80000000 && lo === 0)) {
    fenv.exc = Exc.IE;
    storeBcdIndefinite(cpu, eaLo, eaHi);
    return;
  }
  cpu.probeWrite(eaLo, eaHi, 10);
  cpu.store8(add(eaLo, 9), carryHi(eaLo, eaHi, 9), (regSe(x, p0) & 0x8000) !== 0 ? 0x80 : 0);
  for (let i = 0; i < 9; i++) {
    // Divide hi:lo by 100 exactly (hi < 2^28).
    const qh = Math.floor(hi / 100);
    const t = (hi - qh * 100) * 4294967296 + lo;
    const ql = Math.floor(t / 100);
    const r = t - ql * 100;
    hi = qh;
    lo = ql;
    cpu.store8(add(eaLo, i), carryHi(eaLo, eaHi, i), ((r / 10) | 0) * 16 + (r % 10));
  }
}

/** FST ST(i) / FSTP ST(i) (including the undocumented aliases). */
export function storeReg(cpu: X86FpHost, dst: number, popAfter: boolean, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  const pd = phys(x, dst);
  if (isEmpty(x, p0)) {
    if (!stackFault(x, false)) {
      recordIp(cpu, fop);
      return;
    }
    writeIndefinite(x, pd);
  } else {
    if (pd !== p0) copyReg(x, pd, p0);
    x.fsw &= ~Sw.C1;
  }
  if (popAfter) pop(x);
  recordIp(cpu, fop);
}
