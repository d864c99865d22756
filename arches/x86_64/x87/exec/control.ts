/**
 * Control instructions and stack housekeeping: FNSTSW, FNSTCW, FLDCW, FNCLEX, FNINIT, FINCSTP,
 * FDECSTP, FFREE(P), FXCH, FNOP, FWAIT, EMMS, FCMOVcc.
 * @module
 */
import type { X86FpHost, X87Registers } from '../../fp-contract.js';
import { Sw, isEmpty, phys, pop, recordIp, setEmpty, setValid, stackFault, waitCheck } from '../state.js';
import { writeIndefinite } from './arith.js';

/** The status word as software reads it: TOP in bits 13:11. */
export function statusWord(x: X87Registers): number {
  return ((x.fsw & ~0x3800) | (x.top << 11)) & 0xffff;
}

/** FNSTSW AX: bits 15:0 of RAX only. */
export function fnstswAx(cpu: X86FpHost): void {
  const r = cpu.r;
  r[0] = (r[0] & ~0xffff) | statusWord(cpu.x87);
}

export function fnstswMem(cpu: X86FpHost, eaLo: number, eaHi: number): void {
  cpu.store16(eaLo, eaHi, statusWord(cpu.x87));
}

export function fnstcw(cpu: X86FpHost, eaLo: number, eaHi: number): void {
  cpu.store16(eaLo, eaHi, cpu.x87.fcw);
}

/** FLDCW: all 16 bits are kept (as QEMU does); a newly unmasked flag shows as ES at the next arithmetic. */
export function fldcw(cpu: X86FpHost, eaLo: number, eaHi: number): void {
  waitCheck(cpu);
  cpu.x87.fcw = cpu.load16(eaLo, eaHi);
}

/** FNCLEX: clear the flags, SF, ES and B; C3..C0 and TOP stay. */
export function fnclex(cpu: X86FpHost): void {
  cpu.x87.fsw &= 0x7f00;
}

/** FNINIT: control 0x037F, everything else cleared, all registers empty (their contents stay). */
export function fninit(x: X87Registers): void {
  x.fcw = 0x037f;
  x.fsw = 0;
  x.top = 0;
  x.ftw = 0xffff;
  x.fop = 0;
  x.fipLo = 0;
  x.fipHi = 0;
  x.fdpLo = 0;
  x.fdpHi = 0;
}

/** FINCSTP / FDECSTP: rotate TOP; tags unchanged; C3..C0 cleared (as QEMU). */
export function rotateTop(cpu: X86FpHost, delta: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  x.top = (x.top + delta) & 7;
  x.fsw &= ~Sw.CC;
  recordIp(cpu, fop);
}

/** FFREE ST(i), and FFREEP (which also pops). C1 is cleared, as the hardware does. */
export function ffree(cpu: X86FpHost, i: number, popAfter: boolean, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  setEmpty(x, phys(x, i));
  x.fsw &= ~Sw.C1;
  if (popAfter) pop(x);
  recordIp(cpu, fop);
}

/** FXCH ST(i): an empty register takes part as the real indefinite (masked stack underflow). */
export function fxch(cpu: X86FpHost, i: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  const pi = phys(x, i);
  const e0 = isEmpty(x, p0);
  const ei = isEmpty(x, pi);
  if (e0 || ei) {
    if (!stackFault(x, false)) {
      recordIp(cpu, fop);
      return;
    }
    if (e0) writeIndefinite(x, p0);
    if (ei) writeIndefinite(x, pi);
  } else {
    x.fsw &= ~Sw.C1;
  }
  const f = x.fpr;
  for (let k = 0; k < 5; k++) {
    const t = f[5 * p0 + k];
    f[5 * p0 + k] = f[5 * pi + k];
    f[5 * pi + k] = t;
  }
  recordIp(cpu, fop);
}

/** FNOP: only the wait. */
export function fnop(cpu: X86FpHost): void {
  waitCheck(cpu);
}

/** EMMS: every register empty (after the pending-exception check, as MMX instructions do). */
export function emms(cpu: X86FpHost): void {
  waitCheck(cpu);
  cpu.x87.ftw = 0xffff;
}

/**
 * FCMOVcc ST(0), ST(i) with the Jcc condition `cc`. With an empty operand (masked underflow) ST(0)
 * becomes the real indefinite whether or not the condition holds (as the hardware does).
 */
export function fcmov(cpu: X86FpHost, cc: number, i: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  const pi = phys(x, i);
  if (isEmpty(x, p0) || isEmpty(x, pi)) {
    if (stackFault(x, false)) writeIndefinite(x, p0);
  } else {
    // C1 is left alone (as the hardware does; QEMU too).
    if (cpu.conditionHolds(cc)) {
      const f = x.fpr;
      for (let k = 0; k < 5; k++) f[5 * p0 + k] = f[5 * pi + k];
      setValid(x, p0);
    }
  }
  recordIp(cpu, fop);
}
