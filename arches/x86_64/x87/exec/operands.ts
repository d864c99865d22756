/**
 * Second operands of the arithmetic and compare instructions, unpacked into `B` the way QEMU
 * forms its FT0: memory reals are converted to floatx80 at the current precision (a float64 is
 * rounded when PC selects 24 bits; flags count), memory integers too but with their flags
 * dropped (QEMU's `fildl_FT0` does not merge them).
 * @module
 */
import type { X86FpHost } from '../../fp-contract.js';
import { fenv, Pc } from '../f80/fenv.js';
import { returnNaN } from '../f80/nan.js';
import { fromInt32, packX80, res, unpackF32, unpackF64, unpackX80 } from '../f80/pack.js';
import { Cls, Parts } from '../f80/parts.js';

/** Scratch operands: A is the first (usually ST(0)), B the second, C a spare. */
export const A = new Parts();
export const B = new Parts();
export const C = new Parts();

/** Memory operand kinds of the D8..DF arithmetic groups. */
export const enum Mem {
  F32 = 0,
  I32 = 1,
  F64 = 2,
  I16 = 3,
}

/** Load the memory operand into `into`, converted as QEMU converts FT0. */
export function loadMemOperand(cpu: X86FpHost, kind: Mem, eaLo: number, eaHi: number, into: Parts): void {
  switch (kind) {
    case Mem.F32:
      unpackF32(into, cpu.load32(eaLo, eaHi));
      if (into.cls >= Cls.QNaN) returnNaN(into);
      return;
    case Mem.F64: {
      const lo = cpu.load64(eaLo, eaHi);
      unpackF64(into, cpu.loadHi, lo);
      if (into.cls >= Cls.QNaN) returnNaN(into);
      else if (into.cls === Cls.Normal && fenv.pc === Pc.Single) reround(into, false);
      return;
    }
    case Mem.I32:
      fromInt32(into, cpu.load32(eaLo, eaHi) | 0);
      if (fenv.pc !== Pc.Extended) reround(into, true);
      return;
    default:
      fromInt32(into, (cpu.load16(eaLo, eaHi) << 16) >> 16);
      if (fenv.pc !== Pc.Extended) reround(into, true);
  }
}

/** Round a value through floatx80 at the current precision, as QEMU's FT0 conversion does. */
function reround(p: Parts, dropFlags: boolean): void {
  const exc = fenv.exc;
  packX80(p);
  unpackX80(p, res.se, res.hi, res.lo);
  if (dropFlags) fenv.exc = exc;
}
