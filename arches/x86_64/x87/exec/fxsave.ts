/**
 * FXSAVE and FXRSTOR (SDM vol. 1 §10.5.1, table 10-2): the 512-byte image, 16-byte aligned
 * (#GP(0) otherwise). REX.W selects the 64-bit layout of FIP/FDP. The x87 part is always saved;
 * MXCSR and the XMM registers (16 in 64-bit mode, else 8) only with CR4.OSFXSR, as QEMU does.
 * FXRSTOR raises #GP(0) for a set reserved MXCSR bit (MXCSR_MASK = 0xFFFF) before changing
 * anything. Pending x87 exceptions are ignored by both.
 * @module
 */
import type { X86FpHost } from '../../fp-contract.js';
import { loadStatusWord } from './environment.js';
import { statusWord } from './control.js';
import { add, carryHi } from './transfer.js';

const GP = 13;
const CR4_OSFXSR = 1 << 9;
/** The MXCSR bits this CPU implements (flags, DAZ, masks, RC, FZ). */
export const MXCSR_MASK = 0xffff;

function s16(cpu: X86FpHost, lo: number, hi: number, off: number, v: number): void {
  cpu.store16(add(lo, off), carryHi(lo, hi, off), v & 0xffff);
}

function s32(cpu: X86FpHost, lo: number, hi: number, off: number, v: number): void {
  cpu.store32(add(lo, off), carryHi(lo, hi, off), v >>> 0);
}

function l32(cpu: X86FpHost, lo: number, hi: number, off: number): number {
  return cpu.load32(add(lo, off), carryHi(lo, hi, off));
}

export function fxsave(cpu: X86FpHost, rexW: boolean, lo: number, hi: number): void {
  if ((lo & 15) !== 0) cpu.raise(GP, 0);
  cpu.probeWrite(lo, hi, 512);
  const x = cpu.x87;
  let abridged = 0;
  for (let p = 0; p < 8; p++) if (((x.ftw >>> (2 * p)) & 3) !== 3) abridged |= 1 << p;
  s16(cpu, lo, hi, 0, x.fcw);
  s16(cpu, lo, hi, 2, statusWord(x));
  s16(cpu, lo, hi, 4, abridged);
  s16(cpu, lo, hi, 6, x.fop & 0x7ff);
  if (rexW) {
    s32(cpu, lo, hi, 8, x.fipLo);
    s32(cpu, lo, hi, 12, x.fipHi);
    s32(cpu, lo, hi, 16, x.fdpLo);
    s32(cpu, lo, hi, 20, x.fdpHi);
  } else {
    s32(cpu, lo, hi, 8, x.fipLo);
    s32(cpu, lo, hi, 12, cpu.mode64 ? 0 : x.fipHi & 0xffff);
    s32(cpu, lo, hi, 16, x.fdpLo);
    s32(cpu, lo, hi, 20, 0);
  }
  for (let i = 0; i < 8; i++) {
    const p = (x.top + i) & 7;
    for (let k = 0; k < 5; k++) s16(cpu, lo, hi, 32 + 16 * i + 2 * k, x.fpr[5 * p + k]);
  }
  if ((cpu.cr4 & CR4_OSFXSR) === 0) return;
  s32(cpu, lo, hi, 24, cpu.mxcsr);
  s32(cpu, lo, hi, 28, MXCSR_MASK);
  const n = cpu.mode64 ? 16 : 8;
  for (let r = 0; r < n; r++) for (let w = 0; w < 4; w++) s32(cpu, lo, hi, 160 + 16 * r + 4 * w, cpu.xmm[4 * r + w]);
}

const image = new Uint32Array(128);

export function fxrstor(cpu: X86FpHost, rexW: boolean, lo: number, hi: number): void {
  if ((lo & 15) !== 0) cpu.raise(GP, 0);
  const sse = (cpu.cr4 & CR4_OSFXSR) !== 0;
  // Read the whole image first: a fault or a bad MXCSR changes nothing.
  for (let i = 0; i < 128; i++) image[i] = l32(cpu, lo, hi, 4 * i);
  if (sse && (image[6] & ~MXCSR_MASK) !== 0) cpu.raise(GP, 0);
  const x = cpu.x87;
  x.fcw = image[0] & 0xffff;
  loadStatusWord(x, image[0] >>> 16);
  const abridged = image[1] & 0xff;
  let ftw = 0;
  for (let p = 0; p < 8; p++) if ((abridged & (1 << p)) === 0) ftw |= 3 << (2 * p);
  x.ftw = ftw;
  x.fop = (image[1] >>> 16) & 0x7ff;
  x.fipLo = image[2];
  x.fdpLo = image[4];
  if (rexW) {
    x.fipHi = image[3];
    x.fdpHi = image[5];
  } else {
    x.fipHi = cpu.mode64 ? 0 : image[3] & 0xffff;
    x.fdpHi = 0;
  }
  for (let i = 0; i < 8; i++) {
    const p = (x.top + i) & 7;
    for (let k = 0; k < 5; k++) {
      const off = 32 + 16 * i + 2 * k;
      const word = image[off >>> 2];
      x.fpr[5 * p + k] = (off & 2) !== 0 ? word >>> 16 : word & 0xffff;
    }
  }
  if (!sse) return;
  cpu.mxcsr = image[6];
  const n = cpu.mode64 ? 16 : 8;
  for (let r = 0; r < n; r++) for (let w = 0; w < 4; w++) cpu.xmm[4 * r + w] = image[40 + 4 * r + w];
}
