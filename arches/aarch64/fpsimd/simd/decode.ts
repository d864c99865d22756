/**
 * AdvSIMD data processing decode (vector and scalar forms), following the encoding classes
 * of the Arm ARM ("Data Processing -- Scalar Floating-Point and Advanced SIMD").
 * @module
 */
import type { FpExecFn } from '../../fpsimd-contract.js';
import { decodeAcrossLanes, decodeScalarPairwise } from './across.js';
import { decodeCopy, decodeScalarCopy } from './copy.js';
import { decodeIndexed } from './indexed.js';
import { decodeModImm } from './mod-imm.js';
import { decodeExt, decodePermute, decodeTable } from './permute.js';
import { decodeShiftImm } from './shift-imm.js';
import { decodeThreeDiff } from './three-diff.js';
import {
  decodeFpThreeSame,
  decodeIntThreeSame,
  decodeScalarFpThreeSame,
  decodeScalarIntThreeSame,
} from './three-same.js';
import { decodeTwoRegMisc } from './two-reg-misc.js';

const bit = (insn: number, b: number): number => (insn >>> b) & 1;

/** Decode an AdvSIMD data-processing instruction (scalar FP is handled before). */
export function decodeAdvSimd(insn: number): FpExecFn | null {
  if (bit(insn, 31) !== 0) return null;
  const scalar = bit(insn, 28) === 1;
  if (scalar && bit(insn, 30) === 0) return null;
  if (bit(insn, 24) === 1) {
    // x indexed element / shift by immediate / modified immediate
    if (bit(insn, 10) === 0) return decodeIndexed(insn, scalar);
    if (bit(insn, 23) !== 0) return null;
    if (((insn >>> 19) & 15) === 0) return scalar ? null : decodeModImm(insn);
    return decodeShiftImm(insn, scalar);
  }
  if (bit(insn, 21) === 1) {
    if (bit(insn, 10) === 1) {
      const fp = ((insn >>> 11) & 31) >= 24;
      if (scalar) return fp ? decodeScalarFpThreeSame(insn) : decodeScalarIntThreeSame(insn);
      return fp ? decodeFpThreeSame(insn) : decodeIntThreeSame(insn);
    }
    if (bit(insn, 11) === 0) return decodeThreeDiff(insn, scalar);
    const sel = (insn >>> 17) & 15;
    if (sel === 0) return decodeTwoRegMisc(insn, scalar);
    if (sel === 8) return scalar ? decodeScalarPairwise(insn) : decodeAcrossLanes(insn);
    return null;
  }
  if (bit(insn, 15) !== 0) return null; // three-same extra (dot products, ...): not implemented
  const size = (insn >>> 22) & 3;
  if (bit(insn, 10) === 1) {
    if (size !== 0) return null;
    return scalar ? decodeScalarCopy(insn) : decodeCopy(insn);
  }
  if (scalar) return null;
  if (bit(insn, 29) === 1) return size === 0 ? decodeExt(insn) : null;
  if (bit(insn, 11) === 1) return decodePermute(insn);
  return size === 0 ? decodeTable(insn) : null;
}
