import type { CpuDebug, DebugStopKind } from '../../src/api/index.js';
import type { A64Cpu } from './cpu.js';
import { WalkResult, translate } from './mmu.js';

/**
 * Debugger control of an aarch64 core (the gdb stub). While anything is set (a breakpoint, a
 * step, precise mode) the run loop runs one instruction per block and checks the PC before each,
 * so no translated code has to be dropped when a breakpoint is set and guest memory is never
 * written.
 */
export class A64Debug implements CpuDebug {
  /** Breakpoints by the low 32 bits of their address (the run loop's cheap test), then in full. */
  private readonly byLo = new Set<number>();
  private readonly full = new Set<bigint>();
  private skip = false;
  private step = false;
  private single = false;
  private readonly walk = new WalkResult();
  onStop: ((kind: DebugStopKind) => void) | null = null;

  constructor(private readonly cpu: A64Cpu) {}

  setBreakpoints(addresses: readonly bigint[]): void {
    this.byLo.clear();
    this.full.clear();
    for (const a of addresses) {
      const v = BigInt.asUintN(64, a);
      this.full.add(v);
      this.byLo.add(Number(v & 0xffffffffn));
    }
    this.update();
  }

  get stepping(): boolean {
    return this.step;
  }
  set stepping(on: boolean) {
    this.step = on;
    this.update();
  }

  get precise(): boolean {
    return this.single;
  }
  set precise(on: boolean) {
    this.single = on;
    this.update();
  }

  skipBreakpointOnce(): void {
    this.skip = true;
  }

  translate(address: bigint, write: boolean): number {
    const a = BigInt.asUintN(64, address);
    const lo = Number(a & 0xffffffffn);
    const hi = Number(a >> 32n) | 0;
    translate(this.cpu, lo, hi, true, this.walk);
    if (this.walk.fault >= 0 || this.walk.pa === -1) return -1;
    void write; // the debugger writes wherever it can read, as a JTAG probe does
    return (this.walk.pa + (lo & 0xfff)) >>> 0;
  }

  private update(): void {
    this.cpu.debugActive = this.step || this.single || this.byLo.size > 0;
  }

  /** Run loop, before a block at the PC: true if the core must stop here (a breakpoint). */
  stopsBefore(pcLo: number, pcHi: number): boolean {
    if (this.skip) {
      this.skip = false;
      return false;
    }
    if (!this.byLo.has(pcLo) || !this.full.has((BigInt(pcHi >>> 0) << 32n) | BigInt(pcLo >>> 0))) return false;
    this.onStop?.('breakpoint');
    return true;
  }

  /** Run loop, after a block: true if the core must stop now (a completed step). */
  stopsAfter(): boolean {
    if (!this.step) return false;
    this.onStop?.('step');
    return true;
  }
}
