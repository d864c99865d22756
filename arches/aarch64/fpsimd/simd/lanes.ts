/**
 * Lane access on the V register file by element size (0: 8, 1: 16, 2: 32, 3: 64 bits) and a
 * 128-bit scratch register for operations whose outputs do not line up with their inputs.
 * 64-bit lanes are handled as (lo, hi) word pairs elsewhere.
 * @module
 */
import type { A64FpHost } from '../../fpsimd-contract.js';

/** Element e (size 0..2) of V[r], unsigned. */
export function getLane(cpu: A64FpHost, size: number, r: number, e: number): number {
  switch (size) {
    case 0:
      return cpu.vbytes[r * 16 + e];
    case 1:
      return cpu.vhalf[r * 8 + e];
    default:
      return cpu.vregs[r * 4 + e];
  }
}

/** Write element e (size 0..2) of V[r]; the value is truncated to the lane. */
export function setLane(cpu: A64FpHost, size: number, r: number, e: number, v: number): void {
  switch (size) {
    case 0:
      cpu.vbytes[r * 16 + e] = v;
      return;
    case 1:
      cpu.vhalf[r * 8 + e] = v;
      return;
    default:
      cpu.vregs[r * 4 + e] = v;
  }
}

/** Sign-extend an unsigned lane value of 8 << size bits (size 0..2). */
export function sext(v: number, size: number): number {
  const sh = 32 - (8 << size);
  return sh === 0 ? v | 0 : (v << sh) >> sh;
}

/** Scratch 128-bit register: words, with byte and halfword views. */
export const tmpW = new Uint32Array(8);
export const tmpH = new Uint16Array(tmpW.buffer);
export const tmpB = new Uint8Array(tmpW.buffer);

/** Element e of the scratch register. */
export function getTmp(size: number, e: number): number {
  return size === 0 ? tmpB[e] : size === 1 ? tmpH[e] : tmpW[e];
}
export function setTmp(size: number, e: number, v: number): void {
  if (size === 0) tmpB[e] = v;
  else if (size === 1) tmpH[e] = v;
  else tmpW[e] = v;
}

/** Copy the scratch register into V[d]: all 128 bits, or the low 64 and zero the rest. */
export function commitTmp(cpu: A64FpHost, d: number, q: boolean): void {
  const v = cpu.vregs;
  v[4 * d] = tmpW[0];
  v[4 * d + 1] = tmpW[1];
  v[4 * d + 2] = q ? tmpW[2] : 0;
  v[4 * d + 3] = q ? tmpW[3] : 0;
}
