/**
 * aarch64 FP/SIMD decoder: maps an instruction word of the "Data Processing -- Scalar FP and
 * Advanced SIMD" group or of the AdvSIMD structure load/store group to an execute function.
 * Called once per instruction word at translation time; null means unallocated (UNDEFINED).
 * @module
 */
import type { FpExecFn } from '../fpsimd-contract.js';
import { decodeFpDp1, decodeFpDp2, decodeFpDp3 } from './scalar/fp-data.js';
import { decodeFpCompare, decodeFpCondCompare, decodeFpCsel, decodeFpImm } from './scalar/fp-compare.js';
import { decodeFpFixed, decodeFpInt } from './scalar/fp-int.js';
import { decodeAdvSimd } from './simd/decode.js';
import { decodeStructLoadStore } from './ldst/structures.js';

/** Decode an FP/SIMD data-processing or AdvSIMD structure load/store instruction. */
export function decodeFpSimd(insn: number): FpExecFn | null {
  insn >>>= 0;
  if (((insn >>> 25) & 7) !== 7) return decodeStructLoadStore(insn);
  // Scalar floating point: bit 30 = 0, bits 28:24 = 1111x.
  if ((insn & 0x5e000000) === 0x1e000000) return decodeScalarFp(insn);
  return decodeAdvSimd(insn);
}

function decodeScalarFp(insn: number): FpExecFn | null {
  if ((insn & 0x20000000) !== 0) return null; // S = 1
  if ((insn & 0x01000000) !== 0) return insn >>> 31 ? null : decodeFpDp3(insn);
  if ((insn & 0x00200000) === 0) return decodeFpFixed(insn);
  const sfOk = insn >>> 31 === 0;
  switch ((insn >>> 10) & 3) {
    case 1:
      return sfOk ? decodeFpCondCompare(insn) : null;
    case 2:
      return sfOk ? decodeFpDp2(insn) : null;
    case 3:
      return sfOk ? decodeFpCsel(insn) : null;
  }
  if (((insn >>> 10) & 0x3f) === 0) return decodeFpInt(insn);
  if (!sfOk) return null;
  if (((insn >>> 10) & 0x1f) === 0x10) return decodeFpDp1(insn);
  if (((insn >>> 10) & 0xf) === 0x8) return decodeFpCompare(insn);
  if (((insn >>> 10) & 0x7) === 0x4) return decodeFpImm(insn);
  return null;
}
