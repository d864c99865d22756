/**
 * Fast exec functions for the instructions compiled floating-point code spends its time in:
 * scalar and packed add, subtract, multiply and divide, square root, UCOMISD/COMISD, the
 * CVTSI2SD/CVTTSD2SI pair, and the XMM logic operations. Each handles the common case inline —
 * MXCSR at its reset control (round to nearest, everything masked, no DAZ/FZ), normal finite
 * operands and results — and otherwise calls the general body, which is exact in every case.
 * The inline case raises at most PE (and only computes it while PE is still clear: the flag is
 * sticky), so it never needs the commit step.
 * @module
 */
import type { FpExec, X86FpHost } from '../../fp-contract.js';
import { productIsExact, sumIsExact } from '../../../common/ieee/exact.js';
import { FAST_CONTROL, MXCSR_RESET, PE } from '../fp/mxcsr.js';
import { ADD, DIV, MUL, SUB } from '../fp/lanes.js';
import { MIN_NORMAL32, MIN_NORMAL64 } from '../fp/round.js';
import { MEM, RES, SCR, copySlot, load64Into } from '../operands.js';
import type { Body } from './form.js';

const SAFE_HI = 2 ** 995;
const SAFE_LO = 2 ** -960;

/** Normal or zero (not denormal; NaN and infinities are caught by the result checks). */
function okDouble(x: number): boolean {
  return x >= MIN_NORMAL64 || x <= -MIN_NORMAL64 || x === 0;
}
function okSingle(x: number): boolean {
  return x >= MIN_NORMAL32 || x <= -MIN_NORMAL32 || x === 0;
}

/**
 * The inline case of R[k] = F[i] op G[j] on doubles: true when it applied (R[k] written, PE set
 * in MXCSR if needed), false to take the general body. Operands and result stay inside: a double
 * passed to or returned from a call that is not inlined would be boxed on the heap.
 */
function fastDouble(cpu: X86FpHost, op: number, F: Float64Array, i: number, G: Float64Array, j: number, R: Float64Array, k: number): boolean {
  const m = cpu.mxcsr;
  const a = F[i];
  let b = G[j];
  if ((m & FAST_CONTROL) !== MXCSR_RESET || !okDouble(a) || !okDouble(b)) return false;
  const exact = (m & PE) !== 0;
  let r: number;
  switch (op) {
    case ADD:
    case SUB:
      if (op === SUB) b = -b;
      r = a + b;
      // A finite sum is tiny only when exact: no UE possible.
      if (r - r !== 0) return false;
      if (!exact && !sumIsExact(a, b, r)) cpu.mxcsr = m | PE;
      break;
    case MUL:
      r = a * b;
      if (!(r > MIN_NORMAL64 || r < -MIN_NORMAL64) || r - r !== 0) {
        if (r !== 0 || (a !== 0 && b !== 0)) return false;
      } else if (!exact) {
        if (!(a < SAFE_HI && a > -SAFE_HI && b < SAFE_HI && b > -SAFE_HI && (r > SAFE_LO || r < -SAFE_LO))) return false;
        if (!productIsExact(a, b, r)) cpu.mxcsr = m | PE;
      }
      break;
    default: {
      r = a / b;
      if (!(r > MIN_NORMAL64 || r < -MIN_NORMAL64) || r - r !== 0) return false;
      if (!exact) {
        const aa = a < 0 ? -a : a;
        if (!(b < SAFE_HI && b > -SAFE_HI && aa < SAFE_HI && aa > SAFE_LO && r < SAFE_HI && r > -SAFE_HI)) return false;
        // r is the exact quotient exactly when r * b gives back a, exactly.
        const ph = r * b;
        if (ph !== a || !productIsExact(r, b, ph)) cpu.mxcsr = m | PE;
      }
    }
  }
  R[k] = r;
  return true;
}

/** {@link fastDouble} for singles (double arithmetic rounded once more is exact, see fp/arith.ts). */
function fastSingle(cpu: X86FpHost, op: number, F: Float32Array, i: number, G: Float32Array, j: number, R: Float32Array, k: number): boolean {
  const m = cpu.mxcsr;
  const a = F[i];
  let b = G[j];
  if ((m & FAST_CONTROL) !== MXCSR_RESET || !okSingle(a) || !okSingle(b)) return false;
  let x: number;
  switch (op) {
    case ADD:
    case SUB:
      if (op === SUB) b = -b;
      x = a + b;
      break;
    case MUL:
      x = a * b;
      if (x === 0 && (a === 0 || b === 0)) {
        R[k] = x;
        return true;
      }
      break;
    default:
      x = a / b;
  }
  const r = Math.fround(x);
  // The double result (not the rounded one) decides tininess: see fp/arith.ts.
  if (!(x >= MIN_NORMAL32 || x <= -MIN_NORMAL32 || (op <= SUB && x === 0)) || r - r !== 0) return false;
  if ((m & PE) === 0) {
    const inexact = op <= SUB ? r !== x || !sumIsExact(a, b, x) : op === MUL ? r !== x : r * b !== a;
    if (inexact) cpu.mxcsr = m | PE;
  }
  R[k] = r;
  return true;
}

/** ADDSD/SUBSD/MULSD/DIVSD xmm, xmm or m64. */
export function scalarDouble(op: number, d: number, s: number, isMem: boolean, slow: Body): FpExec {
  const di = d << 1;
  if (!isMem) {
    const si = s << 1;
    return (cpu) => {
      const f = cpu.xmmF64;
      if (!fastDouble(cpu, op, f, di, f, si, f, di)) slow(cpu, d, cpu, s);
    };
  }
  const mf = SCR.xmmF64;
  return (cpu, lo, hi) => {
    load64Into(cpu, lo, hi, SCR, MEM);
    const f = cpu.xmmF64;
    if (!fastDouble(cpu, op, f, di, mf, MEM << 1, f, di)) slow(cpu, d, SCR, MEM);
  };
}

/** ADDSS/SUBSS/MULSS/DIVSS xmm, xmm or m32. */
export function scalarSingle(op: number, d: number, s: number, isMem: boolean, slow: Body): FpExec {
  const di = d << 2;
  if (!isMem) {
    const si = s << 2;
    return (cpu) => {
      const f = cpu.xmmF32;
      if (!fastSingle(cpu, op, f, di, f, si, f, di)) slow(cpu, d, cpu, s);
    };
  }
  const mw = SCR.xmm;
  const mf = SCR.xmmF32;
  return (cpu, lo, hi) => {
    mw[MEM << 2] = cpu.load32(lo, hi);
    const f = cpu.xmmF32;
    if (!fastSingle(cpu, op, f, di, mf, MEM << 2, f, di)) slow(cpu, d, SCR, MEM);
  };
}

const RF64 = SCR.xmmF64;
const RF32 = SCR.xmmF32;

/** ADDPD/SUBPD/MULPD/DIVPD body: both lanes inline (into scratch first) or the general body. */
export function packedDouble(op: number, slow: Body): Body {
  return (cpu, d, S, s) => {
    const f = cpu.xmmF64;
    const g = S.xmmF64;
    const m = cpu.mxcsr;
    const r = RES << 1;
    if (fastDouble(cpu, op, f, d << 1, g, s << 1, RF64, r) && fastDouble(cpu, op, f, (d << 1) + 1, g, (s << 1) + 1, RF64, r + 1)) {
      copySlot(cpu, d, SCR, RES);
    } else {
      cpu.mxcsr = m; // the general body recomputes every flag
      slow(cpu, d, S, s);
    }
  };
}

/** ADDPS/SUBPS/MULPS/DIVPS body. */
export function packedSingle(op: number, slow: Body): Body {
  return (cpu, d, S, s) => {
    const f = cpu.xmmF32;
    const g = S.xmmF32;
    const m = cpu.mxcsr;
    const i = d << 2;
    const j = s << 2;
    const r = RES << 2;
    if (
      fastSingle(cpu, op, f, i, g, j, RF32, r) &&
      fastSingle(cpu, op, f, i + 1, g, j + 1, RF32, r + 1) &&
      fastSingle(cpu, op, f, i + 2, g, j + 2, RF32, r + 2) &&
      fastSingle(cpu, op, f, i + 3, g, j + 3, RF32, r + 3)
    ) {
      copySlot(cpu, d, SCR, RES);
    } else {
      cpu.mxcsr = m;
      slow(cpu, d, S, s);
    }
  };
}

/** SQRTSD body: normal positive operands inline. */
export function sqrtDouble(slow: Body): Body {
  return (cpu, d, S, s) => {
    const m = cpu.mxcsr;
    const a = S.xmmF64[s << 1];
    if ((m & FAST_CONTROL) === MXCSR_RESET && a > SAFE_LO && a < Infinity) {
      const r = Math.sqrt(a);
      if ((m & PE) === 0) {
        const ph = r * r;
        if (ph !== a || !productIsExact(r, r, ph)) cpu.mxcsr = m | PE;
      }
      cpu.xmmF64[d << 1] = r;
    } else slow(cpu, d, S, s);
  };
}

/** UCOMISD/COMISD/UCOMISS/COMISS body: ordered normal operands raise nothing, whatever MXCSR says. */
export function compareScalar(double: boolean, slow: Body): Body {
  return (cpu, d, S, s) => {
    const a = double ? cpu.xmmF64[d << 1] : cpu.xmmF32[d << 2];
    const b = double ? S.xmmF64[s << 1] : S.xmmF32[s << 2];
    const ok = double ? okDouble(a) && okDouble(b) : okSingle(a) && okSingle(b);
    if (ok && a === a && b === b) {
      if (a < b) cpu.setCompareFlags(0, 0, 1);
      else if (a > b) cpu.setCompareFlags(0, 0, 0);
      else cpu.setCompareFlags(1, 0, 0);
    } else slow(cpu, d, S, s);
  };
}

/**
 * CVT[T]SS2SI / CVT[T]SD2SI into GPR g (64-bit when `wide`): normal operands whose rounded value
 * is in range inline (truncated, or rounded to nearest even).
 */
export function toIntFast(double: boolean, truncate: boolean, wide: boolean, g: number, slow: Body): Body {
  const limit = (wide ? 9223372036854775808 : 2147483648) - (truncate ? 0 : 0.5);
  return (cpu, d, S, s) => {
    const x = double ? S.xmmF64[s << 1] : S.xmmF32[s << 2];
    const m = cpu.mxcsr;
    if ((m & FAST_CONTROL) === MXCSR_RESET && x > -limit && x < limit && (double ? okDouble(x) : okSingle(x))) {
      let r: number;
      if (truncate) r = x < 0 ? Math.ceil(x) : Math.floor(x);
      else {
        r = Math.floor(x);
        const f = x - r; // exact
        if (f > 0.5 || (f === 0.5 && r % 2 !== 0)) r += 1;
      }
      if (r !== x && (m & PE) === 0) cpu.mxcsr = m | PE;
      if (wide) {
        const hi = Math.floor(r / 4294967296);
        cpu.r[2 * g] = r - hi * 4294967296;
        cpu.r[2 * g + 1] = hi;
      } else {
        cpu.r[2 * g] = r;
        cpu.r[2 * g + 1] = 0;
      }
    } else slow(cpu, d, S, s);
  };
}

/** CVTSS2SD body: a normal or zero single widens exactly, with no flag. */
export function widenScalar(slow: Body): Body {
  return (cpu, d, S, s) => {
    const x = S.xmmF32[s << 2];
    if (okSingle(x)) cpu.xmmF64[d << 1] = x;
    else slow(cpu, d, S, s);
  };
}

/** CVTSD2SS body: a double in the normal single range rounds to nearest inline. */
export function narrowScalar(slow: Body): Body {
  return (cpu, d, S, s) => {
    const x = S.xmmF64[s << 1];
    const m = cpu.mxcsr;
    const r = Math.fround(x);
    if ((m & FAST_CONTROL) === MXCSR_RESET && (x >= MIN_NORMAL32 || x <= -MIN_NORMAL32 || x === 0) && r - r === 0) {
      if (r !== x && (m & PE) === 0) cpu.mxcsr = m | PE;
      cpu.xmmF32[d << 2] = r;
    } else slow(cpu, d, S, s);
  };
}

/**
 * CMPPS/PD/SS/SD body with predicate imm (0..7), `lanes` lanes of `size` bytes: ordered normal
 * or zero operands raise nothing under any MXCSR, so the masks are written directly.
 */
export function compareLanes(imm: number, double: boolean, lanes: number, slow: Body): Body {
  return (cpu, d, S, s) => {
    const F = double ? cpu.xmmF64 : cpu.xmmF32;
    const G = double ? S.xmmF64 : S.xmmF32;
    const i = double ? d << 1 : d << 2;
    const j = double ? s << 1 : s << 2;
    for (let k = 0; k < lanes; k++) {
      const a = F[i + k];
      const b = G[j + k];
      if (!(double ? okDouble(a) && okDouble(b) : okSingle(a) && okSingle(b))) {
        slow(cpu, d, S, s);
        return;
      }
    }
    const w = cpu.xmm;
    const per = double ? 2 : 1;
    for (let k = 0; k < lanes; k++) {
      const a = F[i + k];
      const b = G[j + k];
      let t = (imm & 3) === 0 ? a === b : (imm & 3) === 1 ? a < b : (imm & 3) === 2 ? a <= b : false;
      if ((imm & 4) !== 0) t = !t;
      const m = t ? 0xffffffff : 0;
      w[(d << 2) + per * k] = m;
      if (double) w[(d << 2) + 2 * k + 1] = m;
    }
  };
}

/** MINSD/MAXSD/MINSS/MAXSS body: ordered normal or zero operands, no flag: the second operand unless the first is strictly below (above). */
export function minMaxScalar(max: boolean, double: boolean, slow: Body): Body {
  return (cpu, d, S, s) => {
    const F = double ? cpu.xmmF64 : cpu.xmmF32;
    const G = double ? S.xmmF64 : S.xmmF32;
    const i = double ? d << 1 : d << 2;
    const j = double ? s << 1 : s << 2;
    const a = F[i];
    const b = G[j];
    if (double ? okDouble(a) && okDouble(b) : okSingle(a) && okSingle(b)) {
      if (!(max ? b < a : a < b)) F[i] = b;
    } else slow(cpu, d, S, s);
  };
}

/** Bitwise logic on two XMM registers (ANDPS/ANDNPS/ORPS/XORPS and PAND/PANDN/POR/PXOR). */
export function logicRegs(kind: number, d: number, s: number): FpExec {
  const i = d << 2;
  const j = s << 2;
  if (kind === 3 && d === s) {
    // The zeroing idiom.
    return (cpu) => {
      const w = cpu.xmm;
      w[i] = 0;
      w[i + 1] = 0;
      w[i + 2] = 0;
      w[i + 3] = 0;
    };
  }
  switch (kind) {
    case 0:
      return (cpu) => {
        const w = cpu.xmm;
        w[i] &= w[j];
        w[i + 1] &= w[j + 1];
        w[i + 2] &= w[j + 2];
        w[i + 3] &= w[j + 3];
      };
    case 1:
      return (cpu) => {
        const w = cpu.xmm;
        w[i] = ~w[i] & w[j];
        w[i + 1] = ~w[i + 1] & w[j + 1];
        w[i + 2] = ~w[i + 2] & w[j + 2];
        w[i + 3] = ~w[i + 3] & w[j + 3];
      };
    case 2:
      return (cpu) => {
        const w = cpu.xmm;
        w[i] |= w[j];
        w[i + 1] |= w[j + 1];
        w[i + 2] |= w[j + 2];
        w[i + 3] |= w[j + 3];
      };
    default:
      return (cpu) => {
        const w = cpu.xmm;
        w[i] ^= w[j];
        w[i + 1] ^= w[j + 1];
        w[i + 2] ^= w[j + 2];
        w[i + 3] ^= w[j + 3];
      };
  }
}

