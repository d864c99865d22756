/**
 * AdvSIMD permute (UZP1/2, TRN1/2, ZIP1/2), EXT and table lookup (TBL/TBX).
 * @module
 */
import type { FpExecFn } from '../../fpsimd-contract.js';
import { commitTmp, getLane, setTmp, tmpB } from './lanes.js';

/** `0 Q 0 01110 size 0 Rm 0 opcode 10 Rn Rd`. */
export function decodePermute(insn: number): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const size = (insn >>> 22) & 3;
  const opcode = (insn >>> 12) & 7;
  if (opcode === 0 || opcode === 4 || (size === 3 && !q)) return null;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  const part = opcode >>> 2; // 0: *1, 1: *2
  const kind = opcode & 3; // 1 UZP, 2 TRN, 3 ZIP
  const lanes = (q ? 16 : 8) >> size;
  const half = lanes >> 1;
  // 64-bit lanes move as two 32-bit words.
  const s = size === 3 ? 2 : size;
  const k = size === 3 ? 2 : 1;
  return (cpu) => {
    for (let e = 0; e < lanes; e++) {
      let src: number;
      let idx: number;
      if (kind === 1) {
        // UZP: even (part 0) or odd elements of n:m
        const j = 2 * e + part;
        src = j < lanes ? n : m;
        idx = j < lanes ? j : j - lanes;
      } else if (kind === 2) {
        // TRN: n[2i+part], m[2i+part] interleaved
        const i = e >> 1;
        src = e & 1 ? m : n;
        idx = 2 * i + part;
      } else {
        // ZIP: n[base+i], m[base+i] interleaved, base = part * half
        const i = (e >> 1) + part * half;
        src = e & 1 ? m : n;
        idx = i;
      }
      for (let w = 0; w < k; w++) setTmp(s, e * k + w, getLane(cpu, s, src, idx * k + w));
    }
    commitTmp(cpu, d, q);
  };
}

/** EXT: `0 Q 1 01110 00 0 Rm 0 imm4 0 Rn Rd`. */
export function decodeExt(insn: number): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const pos = (insn >>> 11) & 15;
  if (!q && pos >= 8) return null;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  const bytes = q ? 16 : 8;
  return (cpu) => {
    const b = cpu.vbytes;
    for (let i = 0; i < bytes; i++) {
      const j = i + pos;
      tmpB[i] = j < bytes ? b[16 * n + j] : b[16 * m + j - bytes];
    }
    commitTmp(cpu, d, q);
  };
}

/** TBL/TBX: `0 Q 0 01110 00 0 Rm 0 len op 00 Rn Rd`. */
export function decodeTable(insn: number): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const regs = ((insn >>> 13) & 3) + 1;
  const tbx = ((insn >>> 12) & 1) === 1;
  const d = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  const bytes = q ? 16 : 8;
  return (cpu) => {
    const b = cpu.vbytes;
    for (let i = 0; i < bytes; i++) {
      const idx = b[16 * m + i];
      if (idx < 16 * regs) tmpB[i] = b[16 * ((n + (idx >>> 4)) & 31) + (idx & 15)];
      else tmpB[i] = tbx ? b[16 * d + i] : 0;
    }
    commitTmp(cpu, d, q);
  };
}
