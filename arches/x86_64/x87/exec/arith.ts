/**
 * FADD, FMUL, FSUB, FSUBR, FDIV, FDIVR in all their forms, and the FCOM/FUCOM/FICOM family,
 * as kernels the decoder binds to operands: register forms ST(0) op ST(i) (D8), ST(i) op ST(0)
 * (DC, and DE which pops), memory forms ST(0) op m32/m64/m16int/m32int (D8, DC, DA, DE).
 * @module
 */
import type { X86FpHost, X87Registers } from '../../fp-contract.js';
import { addSub, div, mul } from '../f80/arith.js';
import { Rel, compare } from '../f80/compare.js';
import { fenv } from '../f80/fenv.js';
import { defaultNaN } from '../f80/nan.js';
import { packX80 } from '../f80/pack.js';
import type { Parts } from '../f80/parts.js';
import {
  INDEF_HI, INDEF_SE, Sw, begin, isEmpty, loadReg, merge, mergeRounded, phys, pop, recordIp, recordIpDp,
  stackFault, waitCheck, writeReg, writeRes, setValid,
} from '../state.js';
import { A, B, loadMemOperand, type Mem } from './operands.js';

/** Arithmetic operation, by the reg field of D8 (first = ST(0) or the destination, second = the other operand). */
export const enum Op {
  Add = 0,
  Mul = 1,
  Com = 2,
  Comp = 3,
  Sub = 4,
  Subr = 5,
  Div = 6,
  Divr = 7,
}

function compute(op: Op, first: Parts, second: Parts): Parts {
  switch (op) {
    case Op.Add:
      return addSub(first, second, false);
    case Op.Mul:
      return mul(first, second);
    case Op.Sub:
      return addSub(first, second, true);
    case Op.Subr:
      return addSub(second, first, true);
    case Op.Div:
      return div(first, second);
    default:
      return div(second, first);
  }
}

/** Write the real indefinite into physical register p (masked invalid / stack fault response). */
export function writeIndefinite(x: X87Registers, p: number): void {
  writeReg(x, p, INDEF_SE, INDEF_HI, 0);
  setValid(x, p);
}

/** `dst op= src` on registers given as ST indices; first = ST(dst). Pops afterwards when asked. */
export function arithReg(cpu: X86FpHost, op: Op, dst: number, src: number, popAfter: boolean, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const pd = phys(x, dst);
  const ps = phys(x, src);
  if (isEmpty(x, pd) || isEmpty(x, ps)) {
    if (!stackFault(x, false)) return;
    writeIndefinite(x, pd);
  } else {
    begin(x);
    if (loadReg(x, pd, A) && loadReg(x, ps, B)) packX80(compute(op, A, B));
    else packX80(defaultNaN(A));
    writeRes(x, pd);
    mergeRounded(x);
  }
  if (popAfter) pop(x);
  recordIp(cpu, fop);
}

/** ST(0) op= memory operand. */
export function arithMem(cpu: X86FpHost, op: Op, kind: Mem, eaLo: number, eaHi: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  const p0 = phys(x, 0);
  begin(x);
  loadMemOperand(cpu, kind, eaLo, eaHi, B);
  if (isEmpty(x, p0)) {
    merge(x, fenv.exc);
    if (stackFault(x, false)) writeIndefinite(x, p0);
  } else {
    if (loadReg(x, p0, A)) packX80(compute(op, A, B));
    else packX80(defaultNaN(A));
    writeRes(x, p0);
    mergeRounded(x);
  }
  recordIpDp(cpu, fop, eaLo, eaHi);
}

/** C3, C2, C0 of FCOM for each relation; C1 is cleared. */
function setCompareCodes(x: X87Registers, rel: Rel): void {
  let cc = 0;
  if (rel === Rel.Less) cc = Sw.C0;
  else if (rel === Rel.Equal) cc = Sw.C3;
  else if (rel === Rel.Unordered) cc = Sw.C3 | Sw.C2 | Sw.C0;
  x.fsw = (x.fsw & ~Sw.CC) | cc;
}

/** Compare ST(0) with `B` already loaded (true when ST(0) is usable); sets C3/C2/C0. */
function compareSt0(x: X87Registers, quiet: boolean): void {
  const rel = loadReg(x, phys(x, 0), A) ? compare(A, B, quiet) : Rel.Unordered;
  setCompareCodes(x, rel);
  merge(x, fenv.exc);
}

/** FCOM/FCOMP/FCOMPP/FUCOM/FUCOMP/FUCOMPP ST(i): `pops` is 0, 1 or 2. */
export function compareReg(cpu: X86FpHost, src: number, quiet: boolean, pops: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  if (isEmpty(x, phys(x, 0)) || isEmpty(x, phys(x, src))) {
    // The codes say "unordered" even when the fault is unmasked; only then nothing is popped.
    const masked = stackFault(x, false);
    setCompareCodes(x, Rel.Unordered);
    if (!masked) {
      recordIp(cpu, fop);
      return;
    }
  } else {
    begin(x);
    if (loadReg(x, phys(x, src), B)) compareSt0(x, quiet);
    else {
      setCompareCodes(x, Rel.Unordered);
      merge(x, fenv.exc);
    }
  }
  for (let k = 0; k < pops; k++) pop(x);
  recordIp(cpu, fop);
}

/** FCOM/FCOMP/FICOM/FICOMP with a memory operand. */
export function compareMem(cpu: X86FpHost, kind: Mem, popAfter: boolean, eaLo: number, eaHi: number, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  begin(x);
  loadMemOperand(cpu, kind, eaLo, eaHi, B);
  if (isEmpty(x, phys(x, 0))) {
    merge(x, fenv.exc);
    const masked = stackFault(x, false);
    setCompareCodes(x, Rel.Unordered);
    if (!masked) {
      recordIpDp(cpu, fop, eaLo, eaHi);
      return;
    }
  } else {
    compareSt0(x, false);
  }
  if (popAfter) pop(x);
  recordIpDp(cpu, fop, eaLo, eaHi);
}

/** FCOMI/FCOMIP/FUCOMI/FUCOMIP: EFLAGS.ZF/PF/CF from comparing ST(0) with ST(i). */
export function compareEflags(cpu: X86FpHost, src: number, quiet: boolean, popAfter: boolean, fop: number): void {
  waitCheck(cpu);
  const x = cpu.x87;
  let rel = Rel.Unordered;
  let masked = true;
  if (isEmpty(x, phys(x, 0)) || isEmpty(x, phys(x, src))) {
    // EFLAGS say "unordered" even when the fault is unmasked; only then nothing is popped.
    masked = stackFault(x, false);
  } else {
    begin(x);
    if (loadReg(x, phys(x, 0), A) && loadReg(x, phys(x, src), B)) rel = compare(A, B, quiet);
    // C1 is left alone (as the hardware does; QEMU too).
    merge(x, fenv.exc);
  }
  if (rel === Rel.Less) cpu.setFcomiFlags(0, 0, 1);
  else if (rel === Rel.Equal) cpu.setFcomiFlags(1, 0, 0);
  else if (rel === Rel.Greater) cpu.setFcomiFlags(0, 0, 0);
  else cpu.setFcomiFlags(1, 1, 1);
  if (popAfter && masked) pop(x);
  recordIp(cpu, fop);
}
