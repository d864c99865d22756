/**
 * A stand-in for the x86-64 core, enough to run the SSE module's exec functions alone:
 * registers in typed arrays, a small flat memory, compare flags, and a record of the exceptions
 * raised (each `raise` throws {@link Raised}, as the core throws its sentinel).
 */
import type { X86FpHost, X87Registers } from '../../../../../arches/x86_64/fp-contract.js';

/** What `raise` throws. */
export class Raised extends Error {
  constructor(readonly vector: number, readonly errorCode: number | undefined) {
    super(`exception ${vector}${errorCode === undefined ? '' : ` (${errorCode})`}`);
  }
}

export const CR0_PE = 1;
export const CR0_NE = 1 << 5;
export const CR4_OSFXSR = 1 << 9;
export const CR4_OSXMMEXCPT = 1 << 10;

export class MockHost implements X86FpHost {
  readonly r = new Int32Array(32);
  private readonly buf = new ArrayBuffer(256);
  readonly xmm = new Uint32Array(this.buf);
  readonly xmmBytes = new Uint8Array(this.buf);
  readonly xmmU16 = new Uint16Array(this.buf);
  readonly xmmI32 = new Int32Array(this.buf);
  readonly xmmF32 = new Float32Array(this.buf);
  readonly xmmF64 = new Float64Array(this.buf);
  mxcsr = 0x1f80;
  readonly x87: X87Registers = {
    fpr: new Uint16Array(40),
    fcw: 0x37f,
    fsw: 0,
    top: 0,
    ftw: 0xffff,
    fop: 0,
    fipLo: 0,
    fipHi: 0,
    fdpLo: 0,
    fdpHi: 0,
  };
  mode64 = true;
  cr0 = CR0_PE | CR0_NE;
  cr4 = CR4_OSFXSR | CR4_OSXMMEXCPT;
  readonly ripLo = 0x400000;
  readonly ripHi = 0;
  readonly csSelector = 8;
  /** Flags written by setCompareFlags (-1: never written). */
  zf = -1;
  pf = -1;
  cf = -1;
  /** Memory: addresses 0 .. mem.length - 1; anything else faults with #PF. */
  readonly mem = new Uint8Array(0x4000);
  loadHi = 0;
  /** Every exception raised, in order. */
  readonly raised: Raised[] = [];
  /** Count of memory accesses (to check that faulting instructions wrote nothing). */
  stores = 0;

  setFcomiFlags(zf: number, pf: number, cf: number): void {
    this.setCompareFlags(zf, pf, cf);
  }

  setCompareFlags(zf: number, pf: number, cf: number): void {
    this.zf = zf;
    this.pf = pf;
    this.cf = cf;
  }
  conditionHolds(): boolean {
    throw new Error('not used by the SSE module');
  }

  raise(vector: number, errorCode?: number): never {
    const e = new Raised(vector, errorCode);
    this.raised.push(e);
    throw e;
  }

  private check(lo: number, hi: number, size: number): number {
    if (hi !== 0 || lo + size > this.mem.length) this.raise(14, 0);
    return lo;
  }
  load8(lo: number, hi: number): number {
    return this.mem[this.check(lo, hi, 1)];
  }
  load16(lo: number, hi: number): number {
    const a = this.check(lo, hi, 2);
    return this.mem[a] | (this.mem[a + 1] << 8);
  }
  load32(lo: number, hi: number): number {
    const a = this.check(lo, hi, 4);
    return (this.mem[a] | (this.mem[a + 1] << 8) | (this.mem[a + 2] << 16) | (this.mem[a + 3] << 24)) >>> 0;
  }
  load64(lo: number, hi: number): number {
    this.check(lo, hi, 8);
    const v = this.load32(lo, 0);
    this.loadHi = this.load32(lo + 4, 0);
    return v;
  }
  store8(lo: number, hi: number, v: number): void {
    this.mem[this.check(lo, hi, 1)] = v;
    this.stores++;
  }
  store16(lo: number, hi: number, v: number): void {
    const a = this.check(lo, hi, 2);
    this.mem[a] = v;
    this.mem[a + 1] = v >>> 8;
    this.stores++;
  }
  store32(lo: number, hi: number, v: number): void {
    const a = this.check(lo, hi, 4);
    for (let i = 0; i < 4; i++) this.mem[a + i] = v >>> (8 * i);
    this.stores++;
  }
  store64(lo: number, hi: number, vlo: number, vhi: number): void {
    this.check(lo, hi, 8);
    this.store32(lo, 0, vlo);
    this.store32(lo + 4, 0, vhi);
  }
  probeWrite(lo: number, hi: number, size: number): void {
    this.check(lo, hi, size);
  }
}
