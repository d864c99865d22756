/**
 * A minimal X86FpHost for the x87 tests: registers and x87 state as the core would allocate
 * them, a flat 64 KiB little-endian memory at linear addresses 0..0xffff (anything else, and
 * any address in `faultPages`, faults), and records of what the module did to the core:
 * exceptions raised, EFLAGS compare writes.
 */
import type { X86FpHost, X87Registers } from '../../../../../arches/x86_64/fp-contract.js';

/** What `raise` throws, standing in for the core's private sentinel. */
export class Raised extends Error {
  constructor(readonly vector: number, readonly errorCode: number | undefined) {
    super(`#${vector}${errorCode === undefined ? '' : `(${errorCode})`}`);
  }
}

/** A page fault from the mock memory. */
export class MemFault extends Error {}

export function newX87(): X87Registers {
  return {
    fpr: new Uint16Array(40),
    fcw: 0x037f,
    fsw: 0,
    top: 0,
    ftw: 0xffff,
    fop: 0,
    fipLo: 0,
    fipHi: 0,
    fdpLo: 0,
    fdpHi: 0,
  };
}

export class MockHost implements X86FpHost {
  readonly r = new Int32Array(32);
  readonly xmm = new Uint32Array(64);
  readonly xmmBytes = new Uint8Array(this.xmm.buffer);
  readonly xmmU16 = new Uint16Array(this.xmm.buffer);
  readonly xmmI32 = new Int32Array(this.xmm.buffer);
  readonly xmmF32 = new Float32Array(this.xmm.buffer);
  readonly xmmF64 = new Float64Array(this.xmm.buffer);
  mxcsr = 0x1f80;
  readonly x87 = newX87();
  mode64 = true;
  /** PE | ET | NE by default. */
  cr0 = 0x31;
  /** OSFXSR | OSXMMEXCPT. */
  cr4 = 0x600;
  ripLo = 0x1000;
  ripHi = 0;
  csSelector = 0x08;
  /** ZF, PF, CF as the core holds them (0/1 each). */
  zf = 0;
  pf = 0;
  cf = 0;
  /** Every setCompareFlags call. */
  readonly compareWrites: [number, number, number][] = [];
  readonly raised: Raised[] = [];
  readonly mem = new Uint8Array(0x10000);
  /** Linear page numbers (4 KiB) that fault on access. */
  readonly faultPages = new Set<number>();
  loadHi = 0;
  private readonly dv = new DataView(this.mem.buffer);

  setFcomiFlags(zf: number, pf: number, cf: number): void {
    this.setCompareFlags(zf, pf, cf);
  }

  setCompareFlags(zf: number, pf: number, cf: number): void {
    this.zf = zf;
    this.pf = pf;
    this.cf = cf;
    this.compareWrites.push([zf, pf, cf]);
  }

  conditionHolds(cc: number): boolean {
    let v: boolean;
    switch (cc >> 1) {
      case 1: v = this.cf === 1; break; // B
      case 2: v = this.zf === 1; break; // E
      case 3: v = this.cf === 1 || this.zf === 1; break; // BE
      case 5: v = this.pf === 1; break; // P
      default: throw new Error(`condition ${cc} not used by the x87`);
    }
    return (cc & 1) !== 0 ? !v : v;
  }

  private at(lo: number, hi: number, size: number): number {
    if (hi !== 0 || lo + size > this.mem.length) throw new MemFault(`fault at ${hi.toString(16)}:${lo.toString(16)}`);
    for (let a = lo; a < lo + size; a += 1) if (this.faultPages.has(a >>> 12)) throw new MemFault(`fault at ${a.toString(16)}`);
    return lo;
  }

  load8(lo: number, hi: number): number { return this.mem[this.at(lo, hi, 1)]; }
  load16(lo: number, hi: number): number { return this.dv.getUint16(this.at(lo, hi, 2), true); }
  load32(lo: number, hi: number): number { return this.dv.getUint32(this.at(lo, hi, 4), true); }
  load64(lo: number, hi: number): number {
    const a = this.at(lo, hi, 8);
    this.loadHi = this.dv.getUint32(a + 4, true);
    return this.dv.getUint32(a, true);
  }
  store8(lo: number, hi: number, v: number): void { this.mem[this.at(lo, hi, 1)] = v; }
  store16(lo: number, hi: number, v: number): void { this.dv.setUint16(this.at(lo, hi, 2), v, true); }
  store32(lo: number, hi: number, v: number): void { this.dv.setUint32(this.at(lo, hi, 4), v >>> 0, true); }
  store64(lo: number, hi: number, vlo: number, vhi: number): void {
    const a = this.at(lo, hi, 8);
    this.dv.setUint32(a, vlo >>> 0, true);
    this.dv.setUint32(a + 4, vhi >>> 0, true);
  }
  probeWrite(lo: number, hi: number, size: number): void {
    this.at(lo, hi, size);
  }

  raise(vector: number, errorCode?: number): never {
    const e = new Raised(vector, errorCode);
    this.raised.push(e);
    throw e;
  }
}
