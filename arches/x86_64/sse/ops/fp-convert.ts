/**
 * Conversions: 0F 2A (CVTPI2PS, CVTPI2PD, CVTSI2SS, CVTSI2SD), 0F 2C/2D (CVT[T]PS2PI,
 * CVT[T]PD2PI, CVT[T]SS2SI, CVT[T]SD2SI), 0F 5A (CVTPS2PD, CVTPD2PS, CVTSS2SD, CVTSD2SS),
 * 0F 5B (CVTDQ2PS, CVTPS2DQ, CVTTPS2DQ), 0F E6 (CVTTPD2DQ, CVTDQ2PD, CVTPD2DQ).
 * Forms with an MMX register operand make the x87-to-MMX transition; their class is Mmx, so
 * they check CR4.OSFXSR themselves (these are SSE instructions: #UD without it).
 * @module
 */
import { FpVector, type FpDecoded, type FpInsn, type X86FpHost } from '../../fp-contract.js';
import {
  CR4_OSFXSR,
  MEM,
  MM_S,
  RES,
  SCR,
  copySlot,
  enterMmx,
  loadSource,
  mmToSlot,
  mmWrite,
  type XmmFile,
} from '../operands.js';
import { fpBegin } from '../fp/mxcsr.js';
import { commit, finishLow32, finishLow64, finishPacked } from './finish.js';
import { fromInt32, fromInt64, intOut, toInt } from '../fp/convert.js';
import { narrowLane, widenLane } from '../fp/lanes.js';
import { F32, F64 } from '../fp/round.js';
import { mmx, sse, xmmForm, type Body } from './form.js';
import { narrowScalar, toIntFast, widenScalar } from './fast.js';

const RW = SCR.xmm;
const RF32 = SCR.xmmF32;
const RF64 = SCR.xmmF64;
const R0 = RES << 2;
const RD0 = RES << 1;

function requireOsfxsr(cpu: X86FpHost): void {
  if ((cpu.cr4 & CR4_OSFXSR) === 0) cpu.raise(FpVector.UD);
}

/** Write a 32-bit GPR (bits 63:32 cleared, as in 64-bit mode; outside it they are not visible). */
export function setGpr32(cpu: X86FpHost, n: number, v: number): void {
  cpu.r[2 * n] = v;
  cpu.r[2 * n + 1] = 0;
}

/** 0F 2A. */
export function decodeCvtToFloat(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  const d = insn.reg;
  if (p === 0xf3 || p === 0xf2) {
    // CVTSI2SS / CVTSI2SD xmm, r/m32 or r/m64 (REX.W).
    const fmt = p === 0xf3 ? F32 : F64;
    const wide = insn.rexW;
    const convert = (cpu: X86FpHost, lo: number, hi: number): void => {
      fpBegin(cpu.mxcsr);
      const v = wide ? fromInt64(lo, hi, fmt) : fromInt32(lo | 0, fmt);
      commit(cpu);
      if (fmt === F32) cpu.xmmF32[d << 2] = v;
      else cpu.xmmF64[d << 1] = v;
    };
    if (!insn.isMem) {
      const s = insn.rm;
      return sse((cpu) => convert(cpu, cpu.r[2 * s], cpu.r[2 * s + 1]));
    }
    return sse((cpu, lo, hi) => {
      if (wide) {
        const v = cpu.load64(lo, hi);
        convert(cpu, v, cpu.loadHi);
      } else convert(cpu, cpu.load32(lo, hi), 0);
    });
  }
  // CVTPI2PS / CVTPI2PD xmm, mm/m64: two signed doublewords.
  const dbl = p === 0x66;
  const body = (cpu: X86FpHost, S: XmmFile, s: number): void => {
    fpBegin(cpu.mxcsr);
    const a = S.xmmI32[s << 2];
    const b = S.xmmI32[(s << 2) + 1];
    if (dbl) {
      cpu.xmmF64[d << 1] = a;
      cpu.xmmF64[(d << 1) + 1] = b;
      return;
    }
    const x = fromInt32(a, F32);
    const y = fromInt32(b, F32);
    commit(cpu);
    cpu.xmmF32[d << 2] = x;
    cpu.xmmF32[(d << 2) + 1] = y;
  };
  if (!insn.isMem) {
    const s = insn.rm & 7;
    return mmx((cpu) => {
      requireOsfxsr(cpu);
      enterMmx(cpu);
      mmToSlot(cpu, s, SCR, MM_S);
      body(cpu, SCR, MM_S);
    });
  }
  return sse((cpu, lo, hi) => {
    loadSource(cpu, lo, hi, 8, false);
    body(cpu, SCR, MEM);
  });
}

/** The general body of CVT[T]SS2SI / CVT[T]SD2SI into GPR g (64-bit when `wide`). */
export function toIntBody(fmt: number, truncate: boolean, wide: boolean, g: number): Body {
  return (cpu, _d, S, s) => {
    fpBegin(cpu.mxcsr);
    const x = fmt === F32 ? S.xmmF32[s << 2] : S.xmmF64[s << 1];
    const lo = toInt(fmt, x, truncate, wide);
    commit(cpu);
    cpu.r[2 * g] = lo;
    cpu.r[2 * g + 1] = intOut.hi;
  };
}

/** 0F 2C (truncating) / 0F 2D (rounding in MXCSR's direction). */
export function decodeCvtToInt(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  const truncate = insn.opcode === 0x2c;
  if (p === 0xf3 || p === 0xf2) {
    // CVT[T]SS2SI / CVT[T]SD2SI r32/r64, xmm/m32 or m64.
    const fmt = p === 0xf3 ? F32 : F64;
    const wide = insn.rexW;
    const g = insn.reg;
    const body = toIntBody(fmt, truncate, wide, g);
    return xmmForm(insn, fmt === F32 ? 4 : 8, false, toIntFast(fmt === F64, truncate, wide, g, body));
  }
  // CVT[T]PS2PI mm, xmm/m64 and CVT[T]PD2PI mm, xmm/m128 (aligned).
  const dbl = p === 0x66;
  const d = insn.reg & 7;
  const body = (cpu: X86FpHost, S: XmmFile, s: number): void => {
    requireOsfxsr(cpu);
    fpBegin(cpu.mxcsr);
    const a = dbl ? toInt(F64, S.xmmF64[s << 1], truncate, false) : toInt(F32, S.xmmF32[s << 2], truncate, false);
    const b = dbl ? toInt(F64, S.xmmF64[(s << 1) + 1], truncate, false) : toInt(F32, S.xmmF32[(s << 2) + 1], truncate, false);
    // The x87-to-MMX transition happens even when the conversion then raises #XM.
    enterMmx(cpu);
    commit(cpu);
    mmWrite(cpu, d, a, b);
  };
  if (!insn.isMem) {
    const s = insn.rm;
    return mmx((cpu) => body(cpu, cpu, s));
  }
  return mmx((cpu, lo, hi) => {
    requireOsfxsr(cpu);
    loadSource(cpu, lo, hi, dbl ? 16 : 8, dbl);
    body(cpu, SCR, MEM);
  });
}

/** Memory operand size of the 0F 5A forms. */
const CVT_FLOAT_SIZE: Record<number, number> = { 0: 8, 0x66: 16, 0xf3: 4, 0xf2: 8 };

/** The general body of 0F 5A for prefix p. */
export function cvtFloatBody(p: number): Body {
  let body: Body;
  switch (p) {
    case 0: // CVTPS2PD xmm, xmm/m64
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        widenLane(S, s << 2, 0);
        widenLane(S, (s << 2) + 1, 1);
        finishPacked(cpu, d);
      };
      break;
    case 0x66: // CVTPD2PS xmm, xmm/m128: upper half zeroed
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        narrowLane(S, s << 1, 0);
        narrowLane(S, (s << 1) + 1, 1);
        RW[R0 + 2] = 0;
        RW[R0 + 3] = 0;
        finishPacked(cpu, d);
      };
      break;
    case 0xf3: // CVTSS2SD xmm, xmm/m32
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        widenLane(S, s << 2, 0);
        finishLow64(cpu, d);
      };
      break;
    default: // CVTSD2SS xmm, xmm/m64
      body = (cpu, d, S, s) => {
        fpBegin(cpu.mxcsr);
        narrowLane(S, s << 1, 0);
        finishLow32(cpu, d);
      };
  }
  return body;
}

/** 0F 5A: between single and double. */
export function decodeCvtFloat(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  const body = cvtFloatBody(p);
  const size = CVT_FLOAT_SIZE[p];
  return xmmForm(insn, size, size === 16, p === 0xf3 ? widenScalar(body) : p === 0xf2 ? narrowScalar(body) : body);
}

/** 0F 5B: CVTDQ2PS, CVTPS2DQ (66), CVTTPS2DQ (F3). */
export function decodeCvtDq(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p === 0xf2) return null;
  const body: Body =
    p === 0
      ? (cpu, d, S, s) => {
          fpBegin(cpu.mxcsr);
          for (let k = 0; k < 4; k++) RF32[R0 + k] = fromInt32(S.xmmI32[(s << 2) + k], F32);
          finishPacked(cpu, d);
        }
      : (cpu, d, S, s) => {
          fpBegin(cpu.mxcsr);
          for (let k = 0; k < 4; k++) RW[R0 + k] = toInt(F32, S.xmmF32[(s << 2) + k], p === 0xf3, false);
          finishPacked(cpu, d);
        };
  return xmmForm(insn, 16, true, body);
}

/** 0F E6: CVTTPD2DQ (66), CVTDQ2PD (F3), CVTPD2DQ (F2). */
export function decodeCvtE6(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p === 0) return null;
  if (p === 0xf3) {
    return xmmForm(insn, 8, false, (cpu, d, S, s) => {
      RF64[RD0] = S.xmmI32[s << 2];
      RF64[RD0 + 1] = S.xmmI32[(s << 2) + 1];
      copySlot(cpu, d, SCR, RES);
    });
  }
  const truncate = p === 0x66;
  return xmmForm(insn, 16, true, (cpu, d, S, s) => {
    fpBegin(cpu.mxcsr);
    RW[R0] = toInt(F64, S.xmmF64[s << 1], truncate, false);
    RW[R0 + 1] = toInt(F64, S.xmmF64[(s << 1) + 1], truncate, false);
    RW[R0 + 2] = 0;
    RW[R0 + 3] = 0;
    finishPacked(cpu, d);
  });
}
