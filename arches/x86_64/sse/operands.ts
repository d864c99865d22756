/**
 * Operand access for the SSE module: a register file shape shared by the CPU's XMM registers
 * and a module scratch area, so one lane routine serves a register, a memory operand (loaded
 * into scratch first) and an MMX register (staged through scratch); 64- and 128-bit memory
 * transfers with the 16-byte alignment check of the aligned forms; the MMX registers, which
 * live in the x87 significands.
 * @module
 */
import { FpVector, type X86FpHost } from '../fp-contract.js';

/** The XMM views of {@link X86FpHost}: element e of slot n at size s bytes is at n*(16/s)+e. */
export type XmmFile = Pick<X86FpHost, 'xmm' | 'xmmBytes' | 'xmmU16' | 'xmmI32' | 'xmmF32' | 'xmmF64'>;

function makeFile(slots: number): XmmFile {
  const buf = new ArrayBuffer(16 * slots);
  return {
    xmm: new Uint32Array(buf),
    xmmBytes: new Uint8Array(buf),
    xmmU16: new Uint16Array(buf),
    xmmI32: new Int32Array(buf),
    xmmF32: new Float32Array(buf),
    xmmF64: new Float64Array(buf),
  };
}

/** Scratch slots: a memory source operand, an instruction's results, two staged MMX operands. */
export const SCR = makeFile(4);
export const MEM = 0;
export const RES = 1;
export const MM_D = 2;
export const MM_S = 3;

/** Copy 16 bytes (four words) between slots of two files. */
export function copySlot(d: XmmFile, dn: number, s: XmmFile, sn: number): void {
  const dw = d.xmm;
  const sw = s.xmm;
  const di = dn << 2;
  const si = sn << 2;
  dw[di] = sw[si];
  dw[di + 1] = sw[si + 1];
  dw[di + 2] = sw[si + 2];
  dw[di + 3] = sw[si + 3];
}

/** The address 8 bytes further (a carry reaches bits 63:32 only in 64-bit mode). */
let nextHi = 0;
function plus8(cpu: X86FpHost, lo: number, hi: number): number {
  const l = (lo + 8) >>> 0;
  nextHi = l >= 8 ? hi : cpu.mode64 ? (hi + 1) >>> 0 : 0;
  return l;
}

/** #GP(0) unless the 16-byte operand at lo is aligned (MOVAPS and every legacy SSE m128 operand but the unaligned forms). */
export function checkAligned(cpu: X86FpHost, lo: number): void {
  if ((lo & 15) !== 0) cpu.raise(FpVector.GP, 0);
}

/** Load 16 bytes into slot `n` of `f`. */
export function load128(cpu: X86FpHost, lo: number, hi: number, f: XmmFile, n: number): void {
  const w = f.xmm;
  const i = n << 2;
  const a = cpu.load64(lo, hi);
  const b = cpu.loadHi;
  const lo2 = plus8(cpu, lo, hi);
  const c = cpu.load64(lo2, nextHi);
  w[i + 3] = cpu.loadHi;
  w[i + 2] = c;
  w[i + 1] = b;
  w[i] = a;
}

/** Load 8 bytes into bits 63:0 of slot `n` (bits 127:64 untouched). */
export function load64Into(cpu: X86FpHost, lo: number, hi: number, f: XmmFile, n: number): void {
  const w = f.xmm;
  const a = cpu.load64(lo, hi);
  w[(n << 2) + 1] = cpu.loadHi;
  w[n << 2] = a;
}

/** Store the 16 bytes of slot `n`, all or nothing. */
export function store128(cpu: X86FpHost, lo: number, hi: number, f: XmmFile, n: number): void {
  const w = f.xmm;
  const i = n << 2;
  // Straddling a page: fault before the first half is written.
  if ((lo & 0xfff) > 0xff0) cpu.probeWrite(lo, hi, 16);
  const a = w[i];
  const b = w[i + 1];
  const c = w[i + 2];
  const d = w[i + 3];
  cpu.store64(lo, hi, a, b);
  const lo2 = plus8(cpu, lo, hi);
  cpu.store64(lo2, nextHi, c, d);
}

/** Store bits 63:0 of slot `n`. */
export function store64From(cpu: X86FpHost, lo: number, hi: number, f: XmmFile, n: number): void {
  cpu.store64(lo, hi, f.xmm[n << 2], f.xmm[(n << 2) + 1]);
}

/**
 * Load a memory source operand of `size` bytes (4, 8 or 16) into the MEM scratch slot, with
 * the alignment check when `aligned`. Bytes above the operand keep stale values: the
 * instruction reads only the low `size` bytes.
 */
export function loadSource(cpu: X86FpHost, lo: number, hi: number, size: number, aligned: boolean): void {
  if (size === 16) {
    if (aligned) checkAligned(cpu, lo);
    load128(cpu, lo, hi, SCR, MEM);
  } else if (size === 8) load64Into(cpu, lo, hi, SCR, MEM);
  else SCR.xmm[MEM << 2] = cpu.load32(lo, hi);
}

// MMX registers: MMi is the 64-bit significand of physical x87 register i (halfwords 5i..5i+3
// of X87Registers.fpr); a write sets the sign/exponent halfword to all ones, as hardware does.

/** Copy MMi into bits 63:0 of slot `n` of `f`. */
export function mmToSlot(cpu: X86FpHost, i: number, f: XmmFile, n: number): void {
  const r = cpu.x87.fpr;
  const h = 5 * i;
  const w = f.xmm;
  w[n << 2] = (r[h] | (r[h + 1] << 16)) >>> 0;
  w[(n << 2) + 1] = (r[h + 2] | (r[h + 3] << 16)) >>> 0;
}

/** Write MMi = hi:lo. */
export function mmWrite(cpu: X86FpHost, i: number, lo: number, hi: number): void {
  const r = cpu.x87.fpr;
  const h = 5 * i;
  r[h] = lo & 0xffff;
  r[h + 1] = lo >>> 16;
  r[h + 2] = hi & 0xffff;
  r[h + 3] = hi >>> 16;
  r[h + 4] = 0xffff;
}

/** Write MMi from bits 63:0 of slot `n` of `f`. */
export function slotToMm(cpu: X86FpHost, i: number, f: XmmFile, n: number): void {
  mmWrite(cpu, i, f.xmm[n << 2], f.xmm[(n << 2) + 1]);
}

/**
 * The x87-to-MMX transition every instruction with an MMX register operand makes: TOP = 0 and
 * every register tagged valid.
 */
export function enterMmx(cpu: X86FpHost): void {
  const x = cpu.x87;
  x.top = 0;
  x.ftw = 0;
}

/** CR4.OSFXSR: SSE instructions with an MMX operand check it themselves (their class is Mmx). */
export const CR4_OSFXSR = 1 << 9;
