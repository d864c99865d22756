/**
 * The x87 register stack and status word as exec functions use them: ST(i) ↔ physical
 * registers, tags (only "empty" is authoritative, see `docs/arch-x86_64.md#x87`), stack faults,
 * merging soft-float flags into the status word (ES and B when an unmasked flag is set), the
 * pending-exception check of waiting instructions (#MF) and the instruction/data pointers.
 * @module
 */
import type { X86FpHost, X87Registers } from '../fp-contract.js';
import { Exc, fenv, setControl } from './f80/fenv.js';
import { res, unpackX80Words } from './f80/pack.js';
import type { Parts } from './f80/parts.js';

/** Status word bits (TOP lives in `X87Registers.top`). */
export const enum Sw {
  SF = 0x0040,
  ES = 0x0080,
  C0 = 0x0100,
  C1 = 0x0200,
  C2 = 0x0400,
  C3 = 0x4000,
  B = 0x8000,
  /** C3, C2, C1, C0. */
  CC = 0x4700,
}

/** CR0.NE: numeric errors reported through #MF (else they are only recorded here). */
const CR0_NE = 0x20;
const MF = 16;

/** The real indefinite: what a masked invalid operation or stack fault leaves. */
export const INDEF_SE = 0xffff;
export const INDEF_HI = 0xc0000000;

/** Physical register number of ST(i). */
export function phys(x: X87Registers, i: number): number {
  return (x.top + i) & 7;
}

export function isEmpty(x: X87Registers, p: number): boolean {
  return ((x.ftw >>> (2 * p)) & 3) === 3;
}

export function setEmpty(x: X87Registers, p: number): void {
  x.ftw = (x.ftw | (3 << (2 * p))) & 0xffff;
}

/** Mark a register in use. The tag is 00 ("valid"); FNSTENV/FNSAVE recompute the class. */
export function setValid(x: X87Registers, p: number): void {
  x.ftw &= ~(3 << (2 * p)) & 0xffff;
}

export function regSe(x: X87Registers, p: number): number {
  return x.fpr[5 * p + 4];
}

export function regHi(x: X87Registers, p: number): number {
  const f = x.fpr;
  return (f[5 * p + 2] | (f[5 * p + 3] << 16)) >>> 0;
}

export function regLo(x: X87Registers, p: number): number {
  const f = x.fpr;
  return (f[5 * p] | (f[5 * p + 1] << 16)) >>> 0;
}

/** Write a floatx80 into physical register p (the tag is the caller's business). */
export function writeReg(x: X87Registers, p: number, se: number, hi: number, lo: number): void {
  const f = x.fpr;
  const b = 5 * p;
  f[b] = lo & 0xffff;
  f[b + 1] = lo >>> 16;
  f[b + 2] = hi & 0xffff;
  f[b + 3] = hi >>> 16;
  f[b + 4] = se;
}

/** Write the last packed result (`res`) into physical register p and mark it in use. */
export function writeRes(x: X87Registers, p: number): void {
  writeReg(x, p, res.se, res.hi, res.lo);
  setValid(x, p);
}

/** Copy physical register s to d (bit for bit) and mark d in use. */
export function copyReg(x: X87Registers, d: number, s: number): void {
  const f = x.fpr;
  for (let k = 0; k < 5; k++) f[5 * d + k] = f[5 * s + k];
  setValid(x, d);
}

/** Unpack physical register p into `into`; false for an invalid encoding (IE raised). */
export function loadReg(x: X87Registers, p: number, into: Parts): boolean {
  return unpackX80Words(into, x.fpr, 5 * p);
}

export function pop(x: X87Registers): void {
  setEmpty(x, x.top);
  x.top = (x.top + 1) & 7;
}

/** Start an arithmetic operation: rounding control and precision from FCW, no flags yet. */
export function begin(x: X87Registers): void {
  setControl(x.fcw);
}

/**
 * Merge flags into the status word as QEMU does after an operation: OR them in, then set ES
 * and B when any flag in the status word is unmasked.
 */
export function merge(x: X87Registers, exc: number): void {
  let sw = x.fsw | exc;
  if ((sw & ~x.fcw & 0x3f) !== 0) sw |= Sw.ES | Sw.B;
  x.fsw = sw;
}

/** Merge the soft-float flags and set C1 to the round-up indication. */
export function mergeRounded(x: X87Registers): void {
  x.fsw = fenv.up ? x.fsw | Sw.C1 : x.fsw & ~Sw.C1;
  merge(x, fenv.exc);
}

/**
 * A stack fault: IE and SF, C1 = 1 for overflow, 0 for underflow. Returns true when IE is
 * masked, i.e. when the instruction goes on with the real indefinite as its value; when
 * unmasked, the instruction must leave registers and TOP unchanged (SDM vol. 1 §8.5.1.1).
 */
export function stackFault(x: X87Registers, overflow: boolean): boolean {
  x.fsw = overflow ? x.fsw | Sw.C1 : x.fsw & ~Sw.C1;
  merge(x, Exc.IE | Sw.SF);
  return (x.fcw & Exc.IE) !== 0;
}

/** The wait of every waiting instruction: a pending unmasked exception raises #MF (CR0.NE = 1). */
export function waitCheck(cpu: X86FpHost): void {
  if ((cpu.x87.fsw & Sw.ES) !== 0 && (cpu.cr0 & CR0_NE) !== 0) cpu.raise(MF);
}

/** Record FOP and the instruction pointer (FCS outside 64-bit mode) of a non-control instruction. */
export function recordIp(cpu: X86FpHost, fop: number): void {
  const x = cpu.x87;
  x.fop = fop;
  x.fipLo = cpu.ripLo;
  x.fipHi = cpu.mode64 ? cpu.ripHi : cpu.csSelector;
}

/** Also record the data pointer of a memory operand (FDS is not known to the module: 0). */
export function recordIpDp(cpu: X86FpHost, fop: number, eaLo: number, eaHi: number): void {
  recordIp(cpu, fop);
  const x = cpu.x87;
  x.fdpLo = eaLo;
  x.fdpHi = cpu.mode64 ? eaHi : 0;
}
