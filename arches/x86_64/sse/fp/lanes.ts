/**
 * One floating-point lane of an instruction: operands read from any register file (the CPU's
 * XMM registers or scratch), the result written as bits into the result slot of scratch, so that
 * nothing reaches the destination before {@link fpCommit} has decided about exceptions.
 * NaN operands are detected on the number and resolved on the bits (a signalling NaN read
 * through a Float32Array may come back quieted).
 * @module
 */
import { RES, SCR, type XmmFile } from '../operands.js';
import { add, div, mul, sqrt } from './arith.js';
import { LESS, UNORDERED, predicateHolds, predicateSignals, relation } from './compare.js';
import { narrow, narrowNaN, widen, widenNaN } from './convert.js';
import { ALL_FLAGS, FZ, IE, MASK_SHIFT, fp } from './mxcsr.js';
import { INDEFINITE32, INDEFINITE64_HI, isSNaN32, isSNaN64, nanOut, pickNaN32, pickNaN64, quiet32, quiet64 } from './nan.js';
import { F32, F64 } from './round.js';

/** Binary operations of {@link lane32} / {@link lane64}. */
export const ADD = 0;
export const SUB = 1;
export const MUL = 2;
export const DIV = 3;
export const MIN = 4;
export const MAX = 5;

const R32 = SCR.xmm;
const RF32 = SCR.xmmF32;
const RF64 = SCR.xmmF64;
/** Index of the result slot's first word / double. */
const R0 = RES << 2;
const RD0 = RES << 1;

/** Store a single result (NaN = the QNaN indefinite) in result lane k. */
function put32(k: number, r: number): void {
  if (r === r) RF32[R0 + k] = r;
  else R32[R0 + k] = INDEFINITE32;
}

/** Store a double result (NaN = the QNaN indefinite) in result lane k. */
function put64(k: number, r: number): void {
  if (r === r) RF64[RD0 + k] = r;
  else {
    R32[R0 + 2 * k] = 0;
    R32[R0 + 2 * k + 1] = INDEFINITE64_HI;
  }
}

/** Result lane k = A.f32[ai] op B.f32[bi]. */
export function lane32(op: number, A: XmmFile, ai: number, B: XmmFile, bi: number, k: number): void {
  const a = A.xmmF32[ai];
  const b = B.xmmF32[bi];
  if (a !== a || b !== b) {
    if (op >= MIN) {
      // MIN/MAX compare with a signalling predicate and return the second operand as it is.
      fp.flags |= IE;
      R32[R0 + k] = B.xmm[bi];
    } else R32[R0 + k] = pickNaN32(A.xmm[ai], B.xmm[bi]);
    return;
  }
  switch (op) {
    case ADD:
      put32(k, add(F32, a, b));
      break;
    case SUB:
      put32(k, add(F32, a, -b));
      break;
    case MUL:
      put32(k, mul(F32, a, b));
      break;
    case DIV:
      put32(k, div(F32, a, b));
      break;
    case MIN:
      R32[R0 + k] = relation(F32, a, b) === LESS ? A.xmm[ai] : B.xmm[bi];
      break;
    default:
      R32[R0 + k] = relation(F32, b, a) === LESS ? A.xmm[ai] : B.xmm[bi];
  }
}

/** Result lane k = A.f64[ai] op B.f64[bi]. */
export function lane64(op: number, A: XmmFile, ai: number, B: XmmFile, bi: number, k: number): void {
  const a = A.xmmF64[ai];
  const b = B.xmmF64[bi];
  if (a !== a || b !== b) {
    const aw = A.xmm;
    const bw = B.xmm;
    if (op >= MIN) {
      fp.flags |= IE;
      R32[R0 + 2 * k] = bw[2 * bi];
      R32[R0 + 2 * k + 1] = bw[2 * bi + 1];
    } else {
      R32[R0 + 2 * k] = pickNaN64(aw[2 * ai], aw[2 * ai + 1], bw[2 * bi], bw[2 * bi + 1]);
      R32[R0 + 2 * k + 1] = nanOut.hi;
    }
    return;
  }
  switch (op) {
    case ADD:
      put64(k, add(F64, a, b));
      break;
    case SUB:
      put64(k, add(F64, a, -b));
      break;
    case MUL:
      put64(k, mul(F64, a, b));
      break;
    case DIV:
      put64(k, div(F64, a, b));
      break;
    case MIN:
      RF64[RD0 + k] = relation(F64, a, b) === LESS ? a : b;
      break;
    default:
      RF64[RD0 + k] = relation(F64, b, a) === LESS ? a : b;
  }
}

/** Result lane k = sqrt(A.f32[ai]). */
export function sqrtLane32(A: XmmFile, ai: number, k: number): void {
  const a = A.xmmF32[ai];
  if (a !== a) R32[R0 + k] = quiet32(A.xmm[ai]);
  else put32(k, sqrt(F32, a));
}

/** Result lane k = sqrt(A.f64[ai]). */
export function sqrtLane64(A: XmmFile, ai: number, k: number): void {
  const a = A.xmmF64[ai];
  if (a !== a) {
    R32[R0 + 2 * k] = quiet64(A.xmm[2 * ai], A.xmm[2 * ai + 1]);
    R32[R0 + 2 * k + 1] = nanOut.hi;
  } else put64(k, sqrt(F64, a));
}

/**
 * The relation of A.f32[ai] to B.f32[bi]; a NaN operand gives UNORDERED with IE when it is
 * signalling or the comparison `signals`.
 */
export function rel32(A: XmmFile, ai: number, B: XmmFile, bi: number, signals: boolean): number {
  const a = A.xmmF32[ai];
  const b = B.xmmF32[bi];
  if (a !== a || b !== b) {
    if (signals || isSNaN32(A.xmm[ai]) || isSNaN32(B.xmm[bi])) fp.flags |= IE;
    return UNORDERED;
  }
  return relation(F32, a, b);
}

/** {@link rel32} for doubles. */
export function rel64(A: XmmFile, ai: number, B: XmmFile, bi: number, signals: boolean): number {
  const a = A.xmmF64[ai];
  const b = B.xmmF64[bi];
  if (a !== a || b !== b) {
    const aw = A.xmm;
    const bw = B.xmm;
    if (signals || isSNaN64(aw[2 * ai], aw[2 * ai + 1]) || isSNaN64(bw[2 * bi], bw[2 * bi + 1])) fp.flags |= IE;
    return UNORDERED;
  }
  return relation(F64, a, b);
}

/** Result lane k = CMPPS predicate `imm` of two singles: all ones or zero. */
export function cmpLane32(imm: number, A: XmmFile, ai: number, B: XmmFile, bi: number, k: number): void {
  R32[R0 + k] = predicateHolds(imm, rel32(A, ai, B, bi, predicateSignals(imm))) ? 0xffffffff : 0;
}

/** Result lane k = CMPPD predicate `imm` of two doubles. */
export function cmpLane64(imm: number, A: XmmFile, ai: number, B: XmmFile, bi: number, k: number): void {
  const m = predicateHolds(imm, rel64(A, ai, B, bi, predicateSignals(imm))) ? 0xffffffff : 0;
  R32[R0 + 2 * k] = m;
  R32[R0 + 2 * k + 1] = m;
}

/** Result double lane k = A.f32[ai] widened. */
export function widenLane(A: XmmFile, ai: number, k: number): void {
  const a = A.xmmF32[ai];
  if (a !== a) {
    R32[R0 + 2 * k] = widenNaN(A.xmm[ai]);
    R32[R0 + 2 * k + 1] = nanOut.hi;
  } else RF64[RD0 + k] = widen(a);
}

/** Result single lane k = A.f64[ai] narrowed. */
export function narrowLane(A: XmmFile, ai: number, k: number): void {
  const a = A.xmmF64[ai];
  if (a !== a) R32[R0 + k] = narrowNaN(A.xmm[2 * ai], A.xmm[2 * ai + 1]);
  else RF32[R0 + k] = narrow(a);
}

/**
 * RCPPS/RSQRTPS lane: QEMU 7.2 computes them exactly — 1/x and 1/sqrt(x) rounded twice, under
 * MXCSR's rounding, DAZ and FZ — and discards every flag (`helper_rcpps`, `helper_rsqrtps`);
 * hardware gives a 12-bit approximation without flags. Chimera follows QEMU; no exception can be
 * raised, so the lane is evaluated as if every exception were masked.
 */
export function recipLane32(sqrtFirst: boolean, A: XmmFile, ai: number, k: number): void {
  const flags = fp.flags;
  const mxcsr = fp.mxcsr;
  const fz = fp.fz;
  fp.mxcsr |= ALL_FLAGS << MASK_SHIFT;
  fp.fz = (fp.mxcsr & FZ) !== 0;
  let x = A.xmmF32[ai];
  let bits = 0;
  if (x !== x) bits = quiet32(A.xmm[ai]);
  else if (sqrtFirst) {
    x = sqrt(F32, x);
    if (x !== x) bits = INDEFINITE32;
  }
  if (bits !== 0) R32[R0 + k] = bits;
  else put32(k, div(F32, 1, x));
  fp.flags = flags;
  fp.mxcsr = mxcsr;
  fp.fz = fz;
}
