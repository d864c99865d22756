import type { CpuDebug, DebugStopKind } from '../../src/api/index.js';

/** What the debugger needs of the SPARC core. */
export interface SparcDebugHost {
  debugActive: boolean;
}

/**
 * Debugger control of a SPARC core (the gdb stub). While a breakpoint is set or a step is asked
 * for, the core runs its interpreter one instruction at a time and checks the PC before each
 * (`SparcCpu.runDebug`): the interpreter and its decoded-instruction cache stay untouched, and
 * nothing is checked at all while no breakpoint is set. Watchpoints need nothing here: a watched
 * page takes the bus slow path, after which the interpreter already leaves its inner loop.
 */
export class SparcDebug implements CpuDebug {
  private readonly addresses = new Set<number>();
  private skip = false;
  private step = false;
  private single = false;
  onStop: ((kind: DebugStopKind) => void) | null = null;

  constructor(private readonly cpu: SparcDebugHost) {}

  setBreakpoints(addresses: readonly bigint[]): void {
    this.addresses.clear();
    for (const a of addresses) if (a >= 0n && a < 1n << 32n) this.addresses.add(Number(a));
    this.update();
  }

  get stepping(): boolean {
    return this.step;
  }
  set stepping(on: boolean) {
    this.step = on;
    this.update();
  }

  /** The interpreter leaves its loop after every slow-path access, so it is always precise. */
  get precise(): boolean {
    return this.single;
  }
  set precise(on: boolean) {
    this.single = on;
  }

  skipBreakpointOnce(): void {
    this.skip = true;
  }

  /** LEON3 here runs with physical addressing (no SRMMU): virtual is physical. */
  translate(address: bigint): number {
    return address >= 0n && address < 1n << 32n ? Number(address) : -1;
  }

  private update(): void {
    this.cpu.debugActive = this.step || this.addresses.size > 0;
  }

  /** Before an instruction at `pc`: true if the core must stop here (a breakpoint). */
  stopsBefore(pc: number): boolean {
    if (this.skip) {
      this.skip = false;
      return false;
    }
    if (!this.addresses.has(pc >>> 0)) return false;
    this.onStop?.('breakpoint');
    return true;
  }

  /** After an instruction: true if the core must stop now (a completed step). */
  stopsAfter(): boolean {
    if (!this.step) return false;
    this.onStop?.('step');
    return true;
  }
}
