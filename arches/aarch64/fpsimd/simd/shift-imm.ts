/**
 * AdvSIMD shift by immediate (vector `0 Q U 011110 immh immb opcode 1 Rn Rd` and scalar
 * `01 U 111110 immh immb opcode 1 Rn Rd`): SSHR, USHR, SSRA, USRA, SRSHR, URSHR, SRSRA,
 * URSRA, SRI, SHL, SLI, SQSHLU, SQSHL, UQSHL, SHRN, RSHRN, SQSHRN, UQSHRN, SQRSHRN,
 * UQRSHRN, SQSHRUN, SQRSHRUN, SSHLL, USHLL, and fixed-point SCVTF/UCVTF/FCVTZS/FCVTZU.
 * @module
 */
import type { A64FpHost, FpExecFn } from '../../fpsimd-contract.js';
import { RZ } from '../ieee/fp-env.js';
import { FPSR_QC } from '../ieee/fp-env.js';
import { zeroHigh } from '../vreg.js';
import { getLane, getTmp, sext, setTmp, tmpW, commitTmp } from './lanes.js';
import { sat } from './int-ops.js';
import { add64, asr64, lsr64, r64, shl64 } from './int64.js';
import { fpToInt, intToFp } from './two-reg-misc.js';

/** Right shift of a lane value (≤ 32 bits) by sh in [1, esize], optionally rounding. */
function shr(x: number, sh: number, round: boolean): number {
  const r = Math.floor(x / 2 ** sh);
  return round ? r + (Math.floor(x / 2 ** (sh - 1)) & 1) : r;
}

/** Right shift of a 64-bit lane into r64, sh in [1, 64], optionally rounding. */
function shr64(lo: number, hi: number, sh: number, u: boolean, round: boolean): void {
  let bit = 0;
  if (round) {
    if (u) lsr64(lo, hi, sh - 1);
    else asr64(lo, hi, sh - 1);
    bit = r64.lo & 1;
  }
  if (u) lsr64(lo, hi, sh);
  else asr64(lo, hi, sh);
  if (bit) add64(r64.lo, r64.hi, 1, 0);
}

const K_SHR = 0;
const K_SRA = 1;
const K_SRI = 2;
const K_SHL = 3;
const K_SLI = 4;
const K_QSHL = 5; // signed->signed or unsigned->unsigned
const K_QSHLU = 6; // signed->unsigned

/** Same-width shifts. */
function sameWidth(kind: number, u: boolean, round: boolean, size: number, sh: number, lanes: number, q: boolean, d: number, n: number, scalar: boolean): FpExecFn {
  const bits = 8 << size;
  if (size === 3) {
    return (cpu) => {
      const v = cpu.vregs;
      for (let e = 0; e < lanes; e++) {
        const i = 4 * n + 2 * e;
        const o = 4 * d + 2 * e;
        lane64(kind, u, round, sh, v[i], v[i + 1], v[o], v[o + 1], cpu);
        v[o] = r64.lo;
        v[o + 1] = r64.hi;
      }
      if (!q || scalar) zeroHigh(cpu, d);
    };
  }
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  return (cpu) => {
    for (let e = 0; e < lanes; e++) {
      const a = getLane(cpu, size, n, e);
      const x = u ? a : sext(a, size);
      const acc = getLane(cpu, size, d, e);
      let r: number;
      switch (kind) {
        case K_SHR:
          r = shr(x, sh, round);
          break;
        case K_SRA:
          r = acc + shr(x, sh, round);
          break;
        case K_SRI: {
          const keep = sh === bits ? mask : ~(mask >>> sh) & mask;
          r = (acc & keep) | (sh === bits ? 0 : a >>> sh);
          break;
        }
        case K_SHL:
          r = bits === 32 ? a << sh : a * 2 ** sh;
          break;
        case K_SLI: {
          const ins = bits === 32 ? a << sh : a * 2 ** sh;
          r = (acc & ((1 << sh) - 1)) | ins;
          break;
        }
        case K_QSHL:
          r = sat(x * 2 ** sh, bits, u, cpu);
          break;
        default: // K_QSHLU
          r = sat(x * 2 ** sh, bits, true, cpu);
      }
      setTmp(size, e, r);
    }
    if (scalar) {
      tmpW[0] = getTmp(size, 0);
      tmpW[1] = tmpW[2] = tmpW[3] = 0;
    }
    commitTmp(cpu, d, q);
  };
}

function lane64(kind: number, u: boolean, round: boolean, sh: number, lo: number, hi: number, alo: number, ahi: number, cpu: A64FpHost): void {
  switch (kind) {
    case K_SHR:
      shr64(lo, hi, sh, u, round);
      return;
    case K_SRA:
      shr64(lo, hi, sh, u, round);
      add64(r64.lo, r64.hi, alo, ahi);
      return;
    case K_SRI: {
      if (sh === 64) {
        r64.lo = alo;
        r64.hi = ahi;
        return;
      }
      lsr64(0xffffffff, 0xffffffff, sh);
      const mlo = r64.lo;
      const mhi = r64.hi;
      lsr64(lo, hi, sh);
      r64.lo = ((alo & ~mlo) | r64.lo) >>> 0;
      r64.hi = ((ahi & ~mhi) | r64.hi) >>> 0;
      return;
    }
    case K_SHL:
      shl64(lo, hi, sh);
      return;
    case K_SLI: {
      shl64(0xffffffff, 0xffffffff, sh);
      const mlo = r64.lo;
      const mhi = r64.hi;
      shl64(lo, hi, sh);
      r64.lo = ((alo & ~mlo) | r64.lo) >>> 0;
      r64.hi = ((ahi & ~mhi) | r64.hi) >>> 0;
      return;
    }
    default: {
      // Saturating left shifts: shift and check that shifting back gives the operand.
      const negIn = (hi | 0) < 0;
      const toUnsigned = kind === K_QSHLU || u;
      if (kind === K_QSHLU && negIn) {
        cpu.fpsr |= FPSR_QC;
        r64.lo = 0;
        r64.hi = 0;
        return;
      }
      shl64(lo, hi, sh);
      const rlo = r64.lo;
      const rhi = r64.hi;
      if (toUnsigned) lsr64(rlo, rhi, sh);
      else asr64(rlo, rhi, sh);
      const ok = r64.lo === lo >>> 0 && r64.hi === hi >>> 0 && (toUnsigned || (rhi | 0) < 0 === negIn);
      if (ok) {
        r64.lo = rlo;
        r64.hi = rhi;
        return;
      }
      cpu.fpsr |= FPSR_QC;
      if (toUnsigned) {
        r64.lo = 0xffffffff;
        r64.hi = 0xffffffff;
      } else {
        r64.lo = negIn ? 0 : 0xffffffff;
        r64.hi = negIn ? 0x80000000 : 0x7fffffff;
      }
    }
  }
}

/**
 * Narrowing shifts: source lanes of size+1, destination size. kind: 0 truncate (SHRN),
 * 1 signed saturate (SQSHRN), 2 unsigned saturate from unsigned (UQSHRN), 3 unsigned
 * saturate from signed (SQSHRUN).
 */
function narrowShift(kind: number, round: boolean, size: number, sh: number, part: number, d: number, n: number, scalar: boolean): FpExecFn {
  const lanes = scalar ? 1 : 8 >> size;
  const bits = 8 << size;
  const srcSigned = kind === 1 || kind === 3;
  return (cpu) => {
    const v = cpu.vregs;
    for (let e = 0; e < lanes; e++) {
      let x: number;
      if (size === 2) {
        shr64(v[4 * n + 2 * e], v[4 * n + 2 * e + 1], sh, !srcSigned, round);
        x = kind === 0 ? r64.lo : srcSigned ? (r64.hi | 0) * 4294967296 + r64.lo : r64.hi * 4294967296 + r64.lo;
      } else {
        const a = getLane(cpu, size + 1, n, e);
        x = shr(srcSigned ? sext(a, size + 1) : a, sh, round);
      }
      let r: number;
      if (kind === 0) r = x;
      else if (kind === 1) r = sat(x, bits, false, cpu);
      else r = sat(x, bits, true, cpu);
      setTmp(size, e, r);
    }
    if (scalar) {
      v[4 * d] = getTmp(size, 0);
      v[4 * d + 1] = 0;
      v[4 * d + 2] = 0;
      v[4 * d + 3] = 0;
    } else if (part === 0) {
      v[4 * d] = tmpW[0];
      v[4 * d + 1] = tmpW[1];
      v[4 * d + 2] = 0;
      v[4 * d + 3] = 0;
    } else {
      v[4 * d + 2] = tmpW[0];
      v[4 * d + 3] = tmpW[1];
    }
  };
}

/** SSHLL/USHLL(2): widen lanes of `size` from the lower or upper half and shift left. */
function widenShift(u: boolean, size: number, sh: number, part: number, d: number, n: number): FpExecFn {
  const lanes = 8 >> size;
  return (cpu) => {
    for (let e = 0; e < lanes; e++) {
      const a = getLane(cpu, size, n, e + part * lanes);
      const x = (u ? a : sext(a, size)) * 2 ** sh;
      if (size === 2) {
        tmpW[2 * e] = x >>> 0;
        tmpW[2 * e + 1] = Math.floor(x / 4294967296) >>> 0;
      } else setTmp(size + 1, e, x);
    }
    commitTmp(cpu, d, true);
  };
}

/** Vector (scalar = false) or scalar shift by immediate. */
export function decodeShiftImm(insn: number, scalar: boolean): FpExecFn | null {
  const q = scalar || ((insn >>> 30) & 1) === 1;
  const u = ((insn >>> 29) & 1) === 1;
  const immh = (insn >>> 19) & 15;
  const ih = (insn >>> 16) & 127;
  const opcode = (insn >>> 11) & 31;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const part = (insn >>> 30) & 1;
  if (immh === 0) return null;
  const size = 31 - Math.clz32(immh); // 0..3
  const esize = 8 << size;
  const rsh = 2 * esize - ih;
  const lsh = ih - esize;
  if (size === 3 && !q) return null;
  const lanes = scalar ? 1 : (q ? 16 : 8) >> size;
  const dOnly = scalar && size !== 3;
  switch (opcode) {
    case 0:
    case 2:
    case 4:
    case 6:
      if (dOnly) return null;
      return sameWidth(opcode & 2 ? K_SRA : K_SHR, u, (opcode & 4) !== 0, size, rsh, lanes, q, d, n, scalar);
    case 8:
      return !u || dOnly ? null : sameWidth(K_SRI, true, false, size, rsh, lanes, q, d, n, scalar);
    case 10:
      if (dOnly) return null;
      return sameWidth(u ? K_SLI : K_SHL, true, false, size, lsh, lanes, q, d, n, scalar);
    case 12:
      return u ? sameWidth(K_QSHLU, false, false, size, lsh, lanes, q, d, n, scalar) : null;
    case 14:
      return sameWidth(K_QSHL, u, false, size, lsh, lanes, q, d, n, scalar);
    case 16:
    case 17:
    case 18:
    case 19: {
      // Narrowing: immh gives the destination size; the source is twice as wide.
      if (size === 3) return null;
      const round = (opcode & 1) === 1;
      let kind: number;
      if (opcode < 18) {
        if (!u && scalar) return null;
        kind = u ? 3 : 0;
      } else kind = u ? 2 : 1;
      return narrowShift(kind, round, size, rsh, part, d, n, scalar);
    }
    case 20:
      return scalar || size === 3 ? null : widenShift(u, size, lsh, part, d, n);
    case 28:
    case 31: {
      if (size < 2) return null; // half precision not implemented
      const dbl = size === 3;
      const fbits = rsh;
      return opcode === 28
        ? intToFp(dbl, !u, lanes, q, d, n, scalar, fbits)
        : fpToInt(dbl, u, RZ, lanes, q, d, n, scalar, fbits);
    }
    default:
      return null;
  }
}
