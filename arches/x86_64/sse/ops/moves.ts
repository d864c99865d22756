/**
 * Data transfer: 0F 10–13, 16, 17 (MOVUPS/PD, MOVSS/SD, MOVLPS/PD, MOVHLPS, MOVHPS/PD,
 * MOVLHPS, MOVSLDUP, MOVSHDUP, MOVDDUP), 28, 29, 2B (MOVAPS/PD, MOVNTPS/PD), 6E, 6F, 7E, 7F
 * (MOVD, MOVQ, MOVDQA, MOVDQU), D6 (MOVQ, MOVQ2DQ, MOVDQ2Q), E7 (MOVNTQ, MOVNTDQ), F0 (LDDQU).
 * No flags, no exceptions but memory faults and the #GP(0) of a misaligned aligned form.
 * @module
 */
import type { FpDecoded, FpInsn, X86FpHost } from '../../fp-contract.js';
import {
  MEM,
  RES,
  SCR,
  checkAligned,
  copySlot,
  enterMmx,
  load128,
  load64Into,
  mmToSlot,
  mmWrite,
  store128,
  store64From,
} from '../operands.js';
import { mmx, sse, xmmForm } from './form.js';
import { CR4_OSFXSR } from '../operands.js';
import { FpVector } from '../../fp-contract.js';

/** Full-register load: MOVUPS/MOVAPS/MOVDQA/MOVDQU/LDDQU/MOVUPD/MOVAPD xmm, xmm/m128. */
function moveIn(insn: FpInsn, aligned: boolean): FpDecoded {
  const d = insn.reg;
  if (!insn.isMem) {
    const s = insn.rm;
    return sse((cpu) => copySlot(cpu, d, cpu, s));
  }
  return sse((cpu, lo, hi) => {
    if (aligned) checkAligned(cpu, lo);
    load128(cpu, lo, hi, cpu, d);
  });
}

/** Full-register store: MOVUPS/MOVAPS/MOVNTPS/MOVDQA/MOVDQU/MOVNTDQ xmm/m128, xmm. */
function moveOut(insn: FpInsn, aligned: boolean): FpDecoded {
  const s = insn.reg;
  if (!insn.isMem) {
    const d = insn.rm;
    return sse((cpu) => copySlot(cpu, d, cpu, s));
  }
  return sse((cpu, lo, hi) => {
    if (aligned) checkAligned(cpu, lo);
    store128(cpu, lo, hi, cpu, s);
  });
}

/** MOVSS/MOVSD between registers: only the low single (or double) of d changes. */
function mergeLow(single: boolean, d: number, s: number): FpDecoded {
  return single
    ? sse((cpu) => {
        cpu.xmm[d << 2] = cpu.xmm[s << 2];
      })
    : sse((cpu) => {
        const w = cpu.xmm;
        w[d << 2] = w[s << 2];
        w[(d << 2) + 1] = w[(s << 2) + 1];
      });
}

/** 0F 10: MOVUPS, MOVUPD, MOVSS, MOVSD (register: merge the low lane; memory: zero the rest). */
export function decodeMovLoad(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  if (p === 0 || p === 0x66) return moveIn(insn, false);
  const d = insn.reg;
  const single = p === 0xf3;
  if (!insn.isMem) return mergeLow(single, d, insn.rm);
  return single
    ? sse((cpu, lo, hi) => {
        const v = cpu.load32(lo, hi);
        const w = cpu.xmm;
        w[d << 2] = v;
        w[(d << 2) + 1] = 0;
        w[(d << 2) + 2] = 0;
        w[(d << 2) + 3] = 0;
      })
    : sse((cpu, lo, hi) => {
        load64Into(cpu, lo, hi, cpu, d);
        cpu.xmm[(d << 2) + 2] = 0;
        cpu.xmm[(d << 2) + 3] = 0;
      });
}

/** 0F 11: the store forms of 0F 10 (a register destination is ModRM.rm). */
export function decodeMovStore(insn: FpInsn): FpDecoded {
  const p = insn.prefix;
  if (p === 0 || p === 0x66) return moveOut(insn, false);
  const s = insn.reg;
  const single = p === 0xf3;
  if (!insn.isMem) return mergeLow(single, insn.rm, s);
  return single
    ? sse((cpu, lo, hi) => cpu.store32(lo, hi, cpu.xmm[s << 2]))
    : sse((cpu, lo, hi) => store64From(cpu, lo, hi, cpu, s));
}

/** Bits 63:0 (high = false) or 127:64 of XMMd = the 8 bytes at lo/hi. */
function loadHalf(cpu: X86FpHost, lo: number, hi: number, d: number, high: boolean): void {
  const v = cpu.load64(lo, hi);
  const w = cpu.xmm;
  const i = (d << 2) + (high ? 2 : 0);
  w[i + 1] = cpu.loadHi;
  w[i] = v;
}

/** Copy 64-bit half `sh` (0 or 1) of XMMs to half `dh` of XMMd. */
function copyHalf(cpu: X86FpHost, d: number, dh: number, s: number, sh: number): void {
  const w = cpu.xmm;
  const x = w[(s << 2) + 2 * sh];
  const y = w[(s << 2) + 2 * sh + 1];
  w[(d << 2) + 2 * dh] = x;
  w[(d << 2) + 2 * dh + 1] = y;
}

/**
 * 0F 12 and 0F 16: MOVLPS/MOVHPS xmm, m64 and MOVHLPS/MOVLHPS xmm, xmm (no prefix), MOVLPD/
 * MOVHPD xmm, m64 (66, memory only), MOVSLDUP/MOVSHDUP (F3), MOVDDUP (F2, 0F 12 only).
 */
export function decodeMovHalf(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  const high = insn.opcode === 0x16;
  const d = insn.reg;
  if (p === 0 || p === 0x66) {
    if (insn.isMem) return sse((cpu, lo, hi) => loadHalf(cpu, lo, hi, d, high));
    if (p === 0x66) return null;
    const s = insn.rm;
    // MOVHLPS: low half of d = high half of s; MOVLHPS: high half of d = low half of s.
    return high ? sse((cpu) => copyHalf(cpu, d, 1, s, 0)) : sse((cpu) => copyHalf(cpu, d, 0, s, 1));
  }
  if (p === 0xf3) {
    const odd = high ? 1 : 0;
    return xmmForm(insn, 16, true, (cpu, dd, S, s) => {
      const r = SCR.xmm;
      const b = S.xmm;
      r[4 * RES] = r[4 * RES + 1] = b[(s << 2) + odd];
      r[4 * RES + 2] = r[4 * RES + 3] = b[(s << 2) + 2 + odd];
      copySlot(cpu, dd, SCR, RES);
    });
  }
  if (high) return null;
  return xmmForm(insn, 8, false, (cpu, dd, S, s) => {
    const b = S.xmm;
    const x = b[s << 2];
    const y = b[(s << 2) + 1];
    const w = cpu.xmm;
    w[dd << 2] = w[(dd << 2) + 2] = x;
    w[(dd << 2) + 1] = w[(dd << 2) + 3] = y;
  });
}

/** 0F 13 / 0F 17: MOVLPS/MOVLPD, MOVHPS/MOVHPD m64, xmm (memory only). */
export function decodeMovHalfStore(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if ((p !== 0 && p !== 0x66) || !insn.isMem) return null;
  const s = insn.reg;
  const i = insn.opcode === 0x17 ? 2 : 0;
  return sse((cpu, lo, hi) => cpu.store64(lo, hi, cpu.xmm[(s << 2) + i], cpu.xmm[(s << 2) + i + 1]));
}

/** 0F 28 / 0F 29: MOVAPS, MOVAPD. */
export function decodeMovAligned(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  return insn.opcode === 0x28 ? moveIn(insn, true) : moveOut(insn, true);
}

/** 0F 2B: MOVNTPS, MOVNTPD m128, xmm; 0F E7: MOVNTQ m64, mm, MOVNTDQ m128, xmm (memory only). */
export function decodeMovNt(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (!insn.isMem) return null;
  if (insn.opcode === 0xe7 && p === 0) {
    const s = insn.reg & 7;
    return mmx((cpu, lo, hi) => {
      mmToSlot(cpu, s, SCR, MEM);
      store64From(cpu, lo, hi, SCR, MEM);
      enterMmx(cpu);
    });
  }
  if (insn.opcode === 0x2b ? p !== 0 && p !== 0x66 : p !== 0x66) return null;
  return moveOut(insn, true);
}

/** 0F 6F: MOVQ mm, mm/m64; MOVDQA (66), MOVDQU (F3) xmm, xmm/m128. 0F 7F: the stores. */
export function decodeMovDq(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  const load = insn.opcode === 0x6f;
  if (p === 0x66 || p === 0xf3) return load ? moveIn(insn, p === 0x66) : moveOut(insn, p === 0x66);
  if (p !== 0) return null;
  const r = insn.reg & 7;
  if (load) {
    if (!insn.isMem) {
      const s = insn.rm & 7;
      return mmx((cpu) => {
        enterMmx(cpu);
        mmToSlot(cpu, s, SCR, MEM);
        mmWrite(cpu, r, SCR.xmm[MEM << 2], SCR.xmm[(MEM << 2) + 1]);
      });
    }
    return mmx((cpu, lo, hi) => {
      const v = cpu.load64(lo, hi);
      enterMmx(cpu);
      mmWrite(cpu, r, v, cpu.loadHi);
    });
  }
  if (!insn.isMem) {
    const d = insn.rm & 7;
    return mmx((cpu) => {
      enterMmx(cpu);
      mmToSlot(cpu, r, SCR, MEM);
      mmWrite(cpu, d, SCR.xmm[MEM << 2], SCR.xmm[(MEM << 2) + 1]);
    });
  }
  return mmx((cpu, lo, hi) => {
    mmToSlot(cpu, r, SCR, MEM);
    store64From(cpu, lo, hi, SCR, MEM);
    enterMmx(cpu);
  });
}

/** 0F 6E: MOVD/MOVQ mm or xmm (66), r/m32 or r/m64 (REX.W); XMM upper bits zeroed. */
export function decodeMovdIn(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p !== 0 && p !== 0x66) return null;
  const wide = insn.rexW;
  const d = insn.reg;
  const put =
    p === 0x66
      ? (cpu: X86FpHost, lo: number, hi: number): void => {
          const w = cpu.xmm;
          w[d << 2] = lo;
          w[(d << 2) + 1] = hi;
          w[(d << 2) + 2] = 0;
          w[(d << 2) + 3] = 0;
        }
      : (cpu: X86FpHost, lo: number, hi: number): void => {
          enterMmx(cpu);
          mmWrite(cpu, d & 7, lo, hi);
        };
  const wrap = p === 0x66 ? sse : mmx;
  if (!insn.isMem) {
    const s = insn.rm;
    return wrap((cpu) => put(cpu, cpu.r[2 * s], wide ? cpu.r[2 * s + 1] : 0));
  }
  return wrap((cpu, lo, hi) => {
    if (wide) {
      const v = cpu.load64(lo, hi);
      put(cpu, v, cpu.loadHi);
    } else put(cpu, cpu.load32(lo, hi), 0);
  });
}

/** 0F 7E: MOVD/MOVQ r/m32 or r/m64, mm or xmm (66); MOVQ xmm, xmm/m64 (F3, upper half zeroed). */
export function decodeMovdOut(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p === 0xf3) {
    return xmmForm(insn, 8, false, (cpu, d, S, s) => {
      const b = S.xmm;
      const w = cpu.xmm;
      const x = b[s << 2];
      const y = b[(s << 2) + 1];
      w[d << 2] = x;
      w[(d << 2) + 1] = y;
      w[(d << 2) + 2] = 0;
      w[(d << 2) + 3] = 0;
    });
  }
  if (p !== 0 && p !== 0x66) return null;
  const wide = insn.rexW;
  const r = insn.reg;
  const xmm = p === 0x66;
  const wrap = xmm ? sse : mmx;
  /** The source in the MEM slot. */
  const fetch = xmm
    ? (cpu: X86FpHost): void => copySlot(SCR, MEM, cpu, r)
    : (cpu: X86FpHost): void => {
        enterMmx(cpu);
        mmToSlot(cpu, r & 7, SCR, MEM);
      };
  const w = SCR.xmm;
  if (!insn.isMem) {
    const g = insn.rm;
    return wrap((cpu) => {
      fetch(cpu);
      cpu.r[2 * g] = w[MEM << 2];
      cpu.r[2 * g + 1] = wide ? w[(MEM << 2) + 1] : 0;
    });
  }
  return wrap((cpu, lo, hi) => {
    if (xmm) fetch(cpu);
    else mmToSlot(cpu, r & 7, SCR, MEM);
    if (wide) cpu.store64(lo, hi, w[MEM << 2], w[(MEM << 2) + 1]);
    else cpu.store32(lo, hi, w[MEM << 2]);
    if (!xmm) enterMmx(cpu);
  });
}

/** 0F D6: MOVQ xmm/m64, xmm (66; a register destination has its upper half zeroed), MOVQ2DQ (F3), MOVDQ2Q (F2). */
export function decodeMovqD6(insn: FpInsn): FpDecoded | null {
  const p = insn.prefix;
  if (p === 0x66) {
    const s = insn.reg;
    if (insn.isMem) return sse((cpu, lo, hi) => store64From(cpu, lo, hi, cpu, s));
    const d = insn.rm;
    return sse((cpu) => {
      const w = cpu.xmm;
      w[d << 2] = w[s << 2];
      w[(d << 2) + 1] = w[(s << 2) + 1];
      w[(d << 2) + 2] = 0;
      w[(d << 2) + 3] = 0;
    });
  }
  if (insn.isMem || p === 0) return null;
  if (p === 0xf3) {
    // MOVQ2DQ xmm, mm.
    const d = insn.reg;
    const s = insn.rm & 7;
    return mmx((cpu) => {
      requireOsfxsr(cpu);
      enterMmx(cpu);
      mmToSlot(cpu, s, cpu, d);
      cpu.xmm[(d << 2) + 2] = 0;
      cpu.xmm[(d << 2) + 3] = 0;
    });
  }
  // MOVDQ2Q mm, xmm.
  const d = insn.reg & 7;
  const s = insn.rm;
  return mmx((cpu) => {
    requireOsfxsr(cpu);
    enterMmx(cpu);
    mmWrite(cpu, d, cpu.xmm[s << 2], cpu.xmm[(s << 2) + 1]);
  });
}

function requireOsfxsr(cpu: X86FpHost): void {
  if ((cpu.cr4 & CR4_OSFXSR) === 0) cpu.raise(FpVector.UD);
}

/** 0F F0: LDDQU xmm, m128 (F2, memory only, unaligned). */
export function decodeLddqu(insn: FpInsn): FpDecoded | null {
  if (insn.prefix !== 0xf2 || !insn.isMem) return null;
  return moveIn(insn, false);
}

