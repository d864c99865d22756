/**
 * AdvSIMD structure loads and stores: LD1-LD4 / ST1-ST4 (multiple structures), the
 * single-lane forms, and LD1R-LD4R, each with optional post-index (immediate or Xm).
 * Memory is accessed element by element at the instruction's element size, as the
 * architecture defines (alignment checks apply per element).
 * @module
 */
import type { A64FpHost, FpExecFn } from '../../fpsimd-contract.js';
import { SP_SLOT } from '../../fpsimd-contract.js';

/** Base address of the current instruction, set by `base`. */
let addrLo = 0;
let addrHi = 0;

function base(cpu: A64FpHost, n: number): void {
  const slot = n === 31 ? SP_SLOT : n;
  addrLo = cpu.x[2 * slot] >>> 0;
  addrHi = cpu.x[2 * slot + 1] >>> 0;
}

/** Address base + off (0 <= off < 2^32) as (lo, hi) into `alo`/`ahi`. */
let alo = 0;
let ahi = 0;
function at(off: number): void {
  alo = (addrLo + off) >>> 0;
  ahi = (addrHi + (alo < addrLo ? 1 : 0)) >>> 0;
}

function loadElem(cpu: A64FpHost, size: number, reg: number, e: number): void {
  switch (size) {
    case 0:
      cpu.vbytes[16 * reg + e] = cpu.load8(alo, ahi);
      return;
    case 1:
      cpu.vhalf[8 * reg + e] = cpu.load16(alo, ahi);
      return;
    case 2:
      cpu.vregs[4 * reg + e] = cpu.load32(alo, ahi);
      return;
    default: {
      const lo = cpu.load64(alo, ahi);
      cpu.vregs[4 * reg + 2 * e] = lo;
      cpu.vregs[4 * reg + 2 * e + 1] = cpu.loadHi;
    }
  }
}

function storeElem(cpu: A64FpHost, size: number, reg: number, e: number): void {
  switch (size) {
    case 0:
      cpu.store8(alo, ahi, cpu.vbytes[16 * reg + e]);
      return;
    case 1:
      cpu.store16(alo, ahi, cpu.vhalf[8 * reg + e]);
      return;
    case 2:
      cpu.store32(alo, ahi, cpu.vregs[4 * reg + e]);
      return;
    default:
      cpu.store64(alo, ahi, cpu.vregs[4 * reg + 2 * e], cpu.vregs[4 * reg + 2 * e + 1]);
  }
}

/** Post-index writeback: Xn += (m == 31 ? imm : Xm). */
function writeback(cpu: A64FpHost, n: number, m: number, imm: number): void {
  let lo: number;
  let hi: number;
  if (m === 31) {
    lo = (addrLo + imm) >>> 0;
    hi = (addrHi + (lo < addrLo ? 1 : 0)) >>> 0;
  } else {
    const olo = cpu.x[2 * m] >>> 0;
    const ohi = cpu.x[2 * m + 1] >>> 0;
    const s = addrLo + olo;
    lo = s >>> 0;
    hi = (addrHi + ohi + (s > 0xffffffff ? 1 : 0)) >>> 0;
  }
  if (n === 31) {
    cpu.x[2 * SP_SLOT] = lo;
    cpu.x[2 * SP_SLOT + 1] = hi;
  } else cpu.setX(n, lo, hi);
}

/** opcode -> [rpt, selem] for the multiple-structure forms. */
const MULTI: Record<number, readonly [number, number]> = {
  0: [1, 4],
  2: [4, 1],
  4: [1, 3],
  6: [3, 1],
  7: [1, 1],
  8: [1, 2],
  10: [2, 1],
};

function decodeMultiple(insn: number, post: boolean): FpExecFn | null {
  const q = ((insn >>> 30) & 1) === 1;
  const load = ((insn >>> 22) & 1) === 1;
  const opcode = (insn >>> 12) & 15;
  const size = (insn >>> 10) & 3;
  const t = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  if ((!post && m !== 0) || ((insn >>> 21) & 1) !== 0) return null;
  const shape = MULTI[opcode];
  if (shape === undefined) return null;
  const [rpt, selem] = shape;
  if (size === 3 && !q && selem !== 1) return null;
  const ebytes = 1 << size;
  const elements = (q ? 16 : 8) >> size;
  const total = rpt * selem * elements * ebytes;
  return (cpu) => {
    base(cpu, n);
    let offs = 0;
    for (let rep = 0; rep < rpt; rep++) {
      for (let e = 0; e < elements; e++) {
        let tt = (t + rep) & 31;
        for (let s = 0; s < selem; s++) {
          at(offs);
          if (load) loadElem(cpu, size, tt, e);
          else storeElem(cpu, size, tt, e);
          offs += ebytes;
          tt = (tt + 1) & 31;
        }
      }
    }
    if (load && !q) {
      for (let r = 0; r < rpt * selem; r++) {
        const tt = (t + r) & 31;
        cpu.vregs[4 * tt + 2] = 0;
        cpu.vregs[4 * tt + 3] = 0;
      }
    }
    if (post) writeback(cpu, n, m, total);
  };
}

function decodeSingle(insn: number, post: boolean): FpExecFn | null {
  const q = (insn >>> 30) & 1;
  const load = ((insn >>> 22) & 1) === 1;
  const r = (insn >>> 21) & 1;
  const opcode = (insn >>> 13) & 7;
  const s = (insn >>> 12) & 1;
  let size = (insn >>> 10) & 3;
  const t = insn & 31;
  const n = (insn >>> 5) & 31;
  const m = (insn >>> 16) & 31;
  if (!post && m !== 0) return null;
  const selem = (((opcode & 1) << 1) | r) + 1;
  const scale = opcode >>> 1;
  let index = 0;
  let replicate = false;
  switch (scale) {
    case 0:
      index = (q << 3) | (s << 2) | size;
      size = 0;
      break;
    case 1:
      if (size & 1) return null;
      index = (q << 2) | (s << 1) | (size >>> 1);
      size = 1;
      break;
    case 2:
      if (size & 2) return null;
      if (size === 0) {
        index = (q << 1) | s;
        size = 2;
      } else {
        if (s) return null;
        index = q;
        size = 3;
      }
      break;
    default:
      if (!load || s) return null;
      replicate = true;
  }
  const ebytes = 1 << size;
  const total = selem * ebytes;
  const full = q === 1;
  return (cpu) => {
    base(cpu, n);
    let tt = t;
    let offs = 0;
    for (let k = 0; k < selem; k++) {
      at(offs);
      if (replicate) {
        loadElem(cpu, size, tt, 0);
        replicateLane0(cpu, size, tt, full);
      } else if (load) loadElem(cpu, size, tt, index);
      else storeElem(cpu, size, tt, index);
      offs += ebytes;
      tt = (tt + 1) & 31;
    }
    if (post) writeback(cpu, n, m, total);
  };
}

/** LDnR: copy lane 0 to every lane (64 or 128 bits). */
function replicateLane0(cpu: A64FpHost, size: number, reg: number, full: boolean): void {
  const v = cpu.vregs;
  let w = v[4 * reg];
  if (size === 0) w = (w & 0xff) * 0x01010101;
  else if (size === 1) w = (w & 0xffff) * 0x00010001;
  const hi = size === 3 ? v[4 * reg + 1] : w;
  v[4 * reg] = w >>> 0;
  v[4 * reg + 1] = hi >>> 0;
  v[4 * reg + 2] = full ? w >>> 0 : 0;
  v[4 * reg + 3] = full ? hi >>> 0 : 0;
}

/** Decode LD1-LD4 / ST1-ST4 (multiple and single structure) and LD1R-LD4R. */
export function decodeStructLoadStore(insn: number): FpExecFn | null {
  if ((insn & 0xbe000000) !== 0x0c000000) return null;
  const kind = (insn >>> 23) & 3; // 0 multiple, 1 multiple post, 2 single, 3 single post
  return kind < 2 ? decodeMultiple(insn, kind === 1) : decodeSingle(insn, kind === 3);
}
