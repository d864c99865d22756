/**
 * A minimal A64FpHost for unit tests: registers, flags and a flat 64 KiB little-endian memory
 * at virtual addresses 0..0xffff (anything else faults by throwing).
 */
import type { A64FpHost, FpExecFn } from '../../../../../arches/aarch64/fpsimd-contract.js';
import { decodeFpSimd } from '../../../../../arches/aarch64/fpsimd/index.js';

export class GuestFault extends Error {}

export class MockHost implements A64FpHost {
  readonly x = new Int32Array(68);
  readonly vregs = new Uint32Array(128);
  readonly vbytes = new Uint8Array(this.vregs.buffer);
  readonly vhalf = new Uint16Array(this.vregs.buffer);
  readonly vf32 = new Float32Array(this.vregs.buffer);
  readonly vf64 = new Float64Array(this.vregs.buffer);
  fpcr = 0;
  fpsr = 0;
  nf = 0;
  zf = 0;
  cf = 0;
  vf = 0;
  pcLo = 0x1000;
  pcHi = 0;
  loadHi = 0;
  readonly mem = new Uint8Array(0x10000);
  private readonly dv = new DataView(this.mem.buffer);

  setX(n: number, lo: number, hi: number): void {
    if (n === 31) return;
    this.x[2 * n] = lo;
    this.x[2 * n + 1] = hi;
  }
  setW(n: number, lo: number): void {
    this.setX(n, lo, 0);
  }
  /** X register as an unsigned BigInt (tests only). */
  getX(n: number): bigint {
    return (BigInt(this.x[2 * n + 1] >>> 0) << 32n) | BigInt(this.x[2 * n] >>> 0);
  }
  putX(n: number, v: bigint): void {
    this.x[2 * n] = Number(v & 0xffffffffn);
    this.x[2 * n + 1] = Number((v >> 32n) & 0xffffffffn);
  }
  /** V register as a 128-bit unsigned BigInt. */
  getV(n: number): bigint {
    let r = 0n;
    for (let w = 3; w >= 0; w--) r = (r << 32n) | BigInt(this.vregs[4 * n + w]);
    return r;
  }
  putV(n: number, v: bigint): void {
    for (let w = 0; w < 4; w++) this.vregs[4 * n + w] = Number((v >> BigInt(32 * w)) & 0xffffffffn);
  }
  conditionHolds(cond: number): boolean {
    let r: boolean;
    switch (cond >> 1) {
      case 0: r = this.zf === 1; break;
      case 1: r = this.cf === 1; break;
      case 2: r = this.nf === 1; break;
      case 3: r = this.vf === 1; break;
      case 4: r = this.cf === 1 && this.zf === 0; break;
      case 5: r = this.nf === this.vf; break;
      case 6: r = this.nf === this.vf && this.zf === 0; break;
      default: r = true;
    }
    return (cond & 1) === 1 && cond !== 15 ? !r : r;
  }
  private addr(lo: number, hi: number, size: number): number {
    if (hi !== 0 || lo + size > this.mem.length) throw new GuestFault(`fault at ${hi}:${lo}`);
    return lo;
  }
  load8(lo: number, hi: number): number { return this.mem[this.addr(lo, hi, 1)]; }
  load16(lo: number, hi: number): number { return this.dv.getUint16(this.addr(lo, hi, 2), true); }
  load32(lo: number, hi: number): number { return this.dv.getUint32(this.addr(lo, hi, 4), true); }
  load64(lo: number, hi: number): number {
    const a = this.addr(lo, hi, 8);
    this.loadHi = this.dv.getUint32(a + 4, true);
    return this.dv.getUint32(a, true);
  }
  store8(lo: number, hi: number, v: number): void { this.mem[this.addr(lo, hi, 1)] = v; }
  store16(lo: number, hi: number, v: number): void { this.dv.setUint16(this.addr(lo, hi, 2), v, true); }
  store32(lo: number, hi: number, v: number): void { this.dv.setUint32(this.addr(lo, hi, 4), v >>> 0, true); }
  store64(lo: number, hi: number, vlo: number, vhi: number): void {
    const a = this.addr(lo, hi, 8);
    this.dv.setUint32(a, vlo >>> 0, true);
    this.dv.setUint32(a + 4, vhi >>> 0, true);
  }
  load128(lo: number, hi: number, reg: number): void {
    const a = this.addr(lo, hi, 16);
    for (let w = 0; w < 4; w++) this.vregs[4 * reg + w] = this.dv.getUint32(a + 4 * w, true);
  }
  store128(lo: number, hi: number, reg: number): void {
    const a = this.addr(lo, hi, 16);
    for (let w = 0; w < 4; w++) this.dv.setUint32(a + 4 * w, this.vregs[4 * reg + w], true);
  }
  undefinedInstruction(): never {
    throw new Error('UNDEFINED');
  }

  /** Decode and execute one instruction word (throws if unallocated). */
  exec(insn: number): void {
    const fn: FpExecFn | null = decodeFpSimd(insn >>> 0);
    if (fn === null) throw new Error(`unallocated ${(insn >>> 0).toString(16)}`);
    fn(this, insn >>> 0);
  }
}
