/**
 * FNSTENV/FLDENV and FNSAVE/FRSTOR in their four layouts (SDM vol. 1 §8.1.10, figures 8-9 to
 * 8-12): 16- or 32-bit operand size (the 0x66 prefix), protected or real-address mode (CR0.PE).
 * The tag word is stored in full form, each non-empty register's class computed from its
 * contents; loading keeps only empty/non-empty. FNSTENV then masks every exception, as the SDM
 * specifies (QEMU 7.2 does not). Saves check the whole area first, restores read it all before
 * changing anything, so a fault leaves no half-done state.
 * @module
 */
import type { X86FpHost, X87Registers } from '../../fp-contract.js';
import { Sw, regHi, regLo, regSe, waitCheck } from '../state.js';
import { statusWord, fninit } from './control.js';
import { add, carryHi } from './transfer.js';

const CR0_PE = 1;

/** The full tag word, 2 bits per physical register: 00 valid, 01 zero, 10 special, 11 empty. */
export function fullTagWord(x: X87Registers): number {
  let tw = 0;
  for (let p = 7; p >= 0; p--) {
    tw <<= 2;
    const t = (x.ftw >>> (2 * p)) & 3;
    if (t === 3) {
      tw |= 3;
      continue;
    }
    const e = regSe(x, p) & 0x7fff;
    const hi = regHi(x, p);
    const lo = regLo(x, p);
    if (e === 0 && hi === 0 && lo === 0) tw |= 1;
    else if (e === 0 || e === 0x7fff || (hi & 0x80000000) === 0) tw |= 2;
  }
  return tw;
}

/** Tag word as loaded: only "empty" (11) survives. */
export function loadTagWord(x: X87Registers, tw: number): void {
  let ftw = 0;
  for (let p = 0; p < 8; p++) if (((tw >>> (2 * p)) & 3) === 3) ftw |= 3 << (2 * p);
  x.ftw = ftw;
}

/** Set FSW and TOP from a stored status word; B follows ES. */
export function loadStatusWord(x: X87Registers, sw: number): void {
  x.top = (sw >>> 11) & 7;
  let s = sw & ~0x3800 & ~Sw.B & 0xffff;
  if (s & Sw.ES) s |= Sw.B;
  x.fsw = s;
}

function store16At(cpu: X86FpHost, lo: number, hi: number, off: number, v: number): void {
  cpu.store16(add(lo, off), carryHi(lo, hi, off), v & 0xffff);
}

function store32At(cpu: X86FpHost, lo: number, hi: number, off: number, v: number): void {
  cpu.store32(add(lo, off), carryHi(lo, hi, off), v >>> 0);
}

/** Store the environment; returns its size (14 or 28). */
function storeEnv(cpu: X86FpHost, op16: boolean, lo: number, hi: number): number {
  const x = cpu.x87;
  const real = (cpu.cr0 & CR0_PE) === 0;
  const sw = statusWord(x);
  const tw = fullTagWord(x);
  const fop = x.fop & 0x7ff;
  const fcs = cpu.mode64 ? 0 : x.fipHi & 0xffff;
  // Real mode: 20/32-bit linear instruction pointer from CS:IP.
  const fipLin = real ? ((x.fipHi & 0xffff) * 16 + x.fipLo) >>> 0 : x.fipLo >>> 0;
  const fdp = x.fdpLo >>> 0;
  if (op16) {
    store16At(cpu, lo, hi, 0, x.fcw);
    store16At(cpu, lo, hi, 2, sw);
    store16At(cpu, lo, hi, 4, tw);
    store16At(cpu, lo, hi, 6, fipLin);
    store16At(cpu, lo, hi, 8, real ? ((fipLin >>> 16) & 0xf) << 12 | fop : fcs);
    store16At(cpu, lo, hi, 10, fdp);
    store16At(cpu, lo, hi, 12, real ? ((fdp >>> 16) & 0xf) << 12 : 0);
    return 14;
  }
  store32At(cpu, lo, hi, 0, x.fcw);
  store32At(cpu, lo, hi, 4, sw);
  store32At(cpu, lo, hi, 8, tw);
  if (real) {
    store32At(cpu, lo, hi, 12, fipLin & 0xffff);
    store32At(cpu, lo, hi, 16, ((fipLin >>> 16) << 12) | fop);
    store32At(cpu, lo, hi, 20, fdp & 0xffff);
    store32At(cpu, lo, hi, 24, (fdp >>> 16) << 12);
  } else {
    store32At(cpu, lo, hi, 12, fipLin);
    store32At(cpu, lo, hi, 16, fcs | (fop << 16));
    store32At(cpu, lo, hi, 20, fdp);
    store32At(cpu, lo, hi, 24, 0);
  }
  return 28;
}

/** Everything FLDENV/FRSTOR read, gathered before any of it takes effect. */
const env = { fcw: 0, fsw: 0, ftw: 0, fipLo: 0, fipHi: 0, fop: 0, fdpLo: 0 };
const regs = new Uint16Array(40);

/** The operand address of the FLDENV/FRSTOR being read (an object: module `let`s holding doubles would box on every write). */
const envAt = { lo: 0, hi: 0 };

function w(cpu: X86FpHost, off: number): number {
  return cpu.load16(add(envAt.lo, off), carryHi(envAt.lo, envAt.hi, off));
}

function d(cpu: X86FpHost, off: number): number {
  return cpu.load32(add(envAt.lo, off), carryHi(envAt.lo, envAt.hi, off));
}

function readEnv(cpu: X86FpHost, op16: boolean, lo: number, hi: number): number {
  const real = (cpu.cr0 & CR0_PE) === 0;
  envAt.lo = lo;
  envAt.hi = hi;
  if (op16) {
    env.fcw = w(cpu, 0);
    env.fsw = w(cpu, 2);
    env.ftw = w(cpu, 4);
    const ip = w(cpu, 6);
    const csOrHigh = w(cpu, 8);
    const dp = w(cpu, 10);
    const dsOrHigh = w(cpu, 12);
    if (real) {
      env.fipLo = (((csOrHigh >>> 12) << 16) | ip) >>> 0;
      env.fipHi = 0;
      env.fop = csOrHigh & 0x7ff;
      env.fdpLo = (((dsOrHigh >>> 12) << 16) | dp) >>> 0;
    } else {
      env.fipLo = ip;
      env.fipHi = csOrHigh;
      env.fop = 0;
      env.fdpLo = dp;
    }
    return 14;
  }
  env.fcw = w(cpu, 0);
  env.fsw = w(cpu, 4);
  env.ftw = w(cpu, 8);
  if (real) {
    const ipHigh = d(cpu, 16);
    env.fipLo = ((((ipHigh >>> 12) & 0xffff) << 16) | (d(cpu, 12) & 0xffff)) >>> 0;
    env.fipHi = 0;
    env.fop = ipHigh & 0x7ff;
    env.fdpLo = ((((d(cpu, 24) >>> 12) & 0xffff) << 16) | (d(cpu, 20) & 0xffff)) >>> 0;
  } else {
    env.fipLo = d(cpu, 12);
    const csop = d(cpu, 16);
    env.fipHi = csop & 0xffff;
    env.fop = (csop >>> 16) & 0x7ff;
    env.fdpLo = d(cpu, 20);
  }
  return 28;
}

function applyEnv(cpu: X86FpHost): void {
  const x = cpu.x87;
  x.fcw = env.fcw;
  loadStatusWord(x, env.fsw);
  loadTagWord(x, env.ftw);
  x.fipLo = env.fipLo;
  x.fipHi = cpu.mode64 ? 0 : env.fipHi;
  x.fop = env.fop;
  x.fdpLo = env.fdpLo;
  x.fdpHi = 0;
}

/** FNSTENV: store the environment, then mask all exceptions. Not a waiting instruction. */
export function fnstenv(cpu: X86FpHost, op16: boolean, lo: number, hi: number): void {
  cpu.probeWrite(lo, hi, op16 ? 14 : 28);
  storeEnv(cpu, op16, lo, hi);
  cpu.x87.fcw |= 0x3f;
}

export function fldenv(cpu: X86FpHost, op16: boolean, lo: number, hi: number): void {
  waitCheck(cpu);
  readEnv(cpu, op16, lo, hi);
  applyEnv(cpu);
}

/** FNSAVE: environment and ST(0)..ST(7), then the state of FNINIT. */
export function fnsave(cpu: X86FpHost, op16: boolean, lo: number, hi: number): void {
  const x = cpu.x87;
  const base = op16 ? 14 : 28;
  cpu.probeWrite(lo, hi, base + 80);
  storeEnv(cpu, op16, lo, hi);
  for (let i = 0; i < 8; i++) {
    const p = (x.top + i) & 7;
    const off = base + 10 * i;
    for (let k = 0; k < 5; k++) store16At(cpu, lo, hi, off + 2 * k, x.fpr[5 * p + k]);
  }
  fninit(x);
}

/** FRSTOR: environment, then ST(0)..ST(7) relative to the loaded TOP. */
export function frstor(cpu: X86FpHost, op16: boolean, lo: number, hi: number): void {
  waitCheck(cpu);
  const base = readEnv(cpu, op16, lo, hi);
  for (let i = 0; i < 40; i++) regs[i] = cpu.load16(add(lo, base + 2 * i), carryHi(lo, hi, base + 2 * i));
  applyEnv(cpu);
  const x = cpu.x87;
  for (let i = 0; i < 8; i++) {
    const p = (x.top + i) & 7;
    for (let k = 0; k < 5; k++) x.fpr[5 * p + k] = regs[5 * i + k];
  }
}
