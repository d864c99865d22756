import type { DebugStopKind } from '../api/debug.js';
import type { StopReason } from '../api/machine-control.js';
import type { Machine, MachineCpu } from '../machine/machine.js';
import { PAGE_SHIFT } from '../memory/memory-backing.js';

/** gdb's Z-packet kinds: 0 software and 1 hardware breakpoint, 2 write, 3 read, 4 access watchpoint. */
export type PointKind = 0 | 1 | 2 | 3 | 4;

/** A watchpoint: gdb's (virtual) address and length, and where that lies on the CPU's bus. */
interface Watchpoint {
  readonly kind: 2 | 3 | 4;
  readonly va: bigint;
  readonly pa: number;
  readonly length: number;
}

/** Why a CPU stopped, as the stop reply tells gdb. */
export type CpuStop =
  | { readonly kind: 'breakpoint'; readonly hardware: boolean }
  | { readonly kind: 'step' }
  | { readonly kind: 'watch'; readonly type: 'watch' | 'rwatch' | 'awatch'; readonly address: bigint }
  | { readonly kind: 'interrupt' };

/** Hears the controller: the machine stopped (which CPUs and why), or the run is over. */
export interface ControllerListener {
  halted(stops: ReadonlyMap<MachineCpu, CpuStop>): void;
  ended(reason: StopReason): void;
  /** The simulation threw (a device plugin failed, a Chimera bug): the run is over. */
  failed?(error: unknown): void;
}

/** How long the machine runs before the event loop gets a turn (gdb's Ctrl-C, other clients). */
const SLICE_MS = 20;

/**
 * All-stop run control in virtual time. The machine is halted until a gdb session resumes it;
 * then every CPU runs. When any CPU stops (breakpoint, watchpoint, finished step) or a session
 * interrupts, the scheduler pauses right after that CPU's instruction: no other CPU runs on and
 * virtual time stands still until the machine is resumed, which finishes the paused slice where
 * it stood (`VirtualTimeScheduler.requestPause`).
 *
 * Breakpoints and watchpoints are kept per CPU. Watchpoints mark their pages on that CPU's bus
 * view (`AddressSpace.watchPages`): only accesses to those pages leave the fast path, and
 * nothing is marked while no watchpoint is set.
 */
export class DebugController {
  private readonly breakpoints = new Map<MachineCpu, Map<bigint, PointKind>>();
  private readonly watchpoints = new Map<MachineCpu, Watchpoint[]>();
  private readonly stops = new Map<MachineCpu, CpuStop>();
  private readonly listeners = new Set<ControllerListener>();
  private interruptAsked = false;
  private looping = false;
  /** Debugger memory accesses must not trigger watchpoints. */
  private muted = false;
  private ended: StopReason | undefined;
  /** What the simulation threw, if it did. */
  failure: unknown;
  running = false;

  constructor(readonly machine: Machine, private readonly maxTime: number, private readonly onSlice?: (time: number) => void) {
    for (const e of machine.cpuEntries) {
      const debug = e.cpu.debugControl;
      if (!debug) continue;
      debug.onStop = (kind) => this.cpuStopped(e, kind);
      e.memory.watchHook = (pa, size, write) => this.access(e, pa, size, write);
    }
  }

  /** The run is over (the guest exited, every CPU stopped, --max-time): why. */
  get endReason(): StopReason | undefined {
    return this.ended;
  }

  listen(l: ControllerListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  // ---- breakpoints and watchpoints ----

  /** Insert a Z point; returns an error text, or undefined when done. */
  insert(e: MachineCpu, kind: PointKind, address: bigint, length: number): string | undefined {
    if (!e.cpu.debugControl) return 'no debug support in this core';
    if (kind <= 1) {
      const bps = this.breakpoints.get(e) ?? new Map<bigint, PointKind>();
      bps.set(address, kind);
      this.breakpoints.set(e, bps);
      e.cpu.debugControl.setBreakpoints([...bps.keys()]);
      return undefined;
    }
    if (length <= 0 || length > 4096) return 'bad watchpoint length';
    const pa = e.cpu.debugControl.translate(address, kind !== 3);
    if (pa < 0) return 'address is not mapped';
    const list = this.watchpoints.get(e) ?? [];
    list.push({ kind: kind as 2 | 3 | 4, va: address, pa, length });
    this.watchpoints.set(e, list);
    this.updateWatches(e);
    return undefined;
  }

  /** Remove a Z point; false when there was none. */
  remove(e: MachineCpu, kind: PointKind, address: bigint, length: number): boolean {
    if (kind <= 1) {
      const bps = this.breakpoints.get(e);
      if (!bps?.delete(address)) return false;
      e.cpu.debugControl?.setBreakpoints([...bps.keys()]);
      return true;
    }
    const list = this.watchpoints.get(e) ?? [];
    const i = list.findIndex((w) => w.kind === kind && w.va === address && w.length === length);
    if (i < 0) return false;
    list.splice(i, 1);
    this.updateWatches(e);
    return true;
  }

  /** Drop every point of these CPUs (a session detached or went away). */
  clear(cpus: readonly MachineCpu[]): void {
    for (const e of cpus) {
      this.breakpoints.delete(e);
      this.watchpoints.delete(e);
      e.cpu.debugControl?.setBreakpoints([]);
      this.updateWatches(e);
    }
  }

  private updateWatches(e: MachineCpu): void {
    const list = this.watchpoints.get(e) ?? [];
    const pages = new Set<number>();
    for (const w of list) for (let p = w.pa >>> PAGE_SHIFT; p <= (w.pa + w.length - 1) >>> PAGE_SHIFT; p++) pages.add(p);
    e.memory.watchPages(pages);
    // Stop right after the accessing instruction, not at the end of its translated block.
    if (e.cpu.debugControl) e.cpu.debugControl.precise = list.length > 0;
  }

  /** The bus hook of a watched page: record the first matching watchpoint and pause. */
  private access(e: MachineCpu, pa: number, size: number, write: boolean): void {
    if (this.muted || !this.running) return;
    for (const w of this.watchpoints.get(e) ?? []) {
      if (pa + size <= w.pa || pa >= w.pa + w.length) continue;
      if (w.kind === 2 && !write) continue;
      if (w.kind === 3 && write) continue;
      if (!this.stops.has(e)) {
        const address = w.va + BigInt(Math.max(0, pa - w.pa));
        this.stops.set(e, { kind: 'watch', type: w.kind === 2 ? 'watch' : w.kind === 3 ? 'rwatch' : 'awatch', address });
      }
      this.machine.scheduler.requestPause();
      return;
    }
  }

  private cpuStopped(e: MachineCpu, kind: DebugStopKind): void {
    if (!this.stops.has(e)) {
      if (kind === 'step') this.stops.set(e, { kind: 'step' });
      else this.stops.set(e, { kind: 'breakpoint', hardware: this.breakpoints.get(e)?.get(e.cpu.registers.read('pc') ?? -1n) === 1 });
    }
    this.machine.scheduler.requestPause();
  }

  /** Run `fn` with watchpoints muted (the debugger's own memory accesses). */
  quietly<T>(fn: () => T): T {
    this.muted = true;
    try {
      return fn();
    } finally {
      this.muted = false;
    }
  }

  // ---- run control ----

  /**
   * Resume the machine; `step` CPUs execute one instruction and stop. A CPU resumed at the
   * breakpoint it stopped at executes that instruction instead of stopping again.
   */
  resume(step: readonly MachineCpu[] = []): void {
    if (this.ended) {
      queueMicrotask(() => this.emitEnded());
      return;
    }
    if (this.running) return;
    for (const [e, s] of this.stops) if (s.kind === 'breakpoint') e.cpu.debugControl?.skipBreakpointOnce();
    this.stops.clear();
    for (const e of step) if (e.cpu.debugControl) e.cpu.debugControl.stepping = true;
    this.running = true;
    this.interruptAsked = false;
    this.schedule();
  }

  /** Ctrl-C: stop the machine at the next slice boundary. */
  interrupt(): void {
    if (this.running) this.interruptAsked = true;
  }

  private schedule(): void {
    if (this.looping) return;
    this.looping = true;
    setImmediate(() => this.loop());
  }

  private loop(): void {
    this.looping = false;
    if (!this.running) return;
    const start = performance.now();
    let stop: StopReason | undefined;
    try {
      stop = this.machine.runSlices(this.maxTime, this.onSlice, () => this.interruptAsked || this.stops.size > 0 || performance.now() - start > SLICE_MS);
    } catch (e) {
      this.running = false;
      this.ended = { kind: 'exit', status: 70, by: 'a failure' };
      this.failure = e;
      for (const l of this.listeners) l.failed?.(e);
      return;
    }
    if (stop) {
      this.running = false;
      this.ended = stop;
      this.emitEnded();
      return;
    }
    if (this.stops.size > 0 || this.interruptAsked) {
      this.halt();
      return;
    }
    this.schedule();
  }

  private halt(): void {
    this.running = false;
    for (const e of this.machine.cpuEntries) if (e.cpu.debugControl) e.cpu.debugControl.stepping = false;
    const stops = new Map(this.stops);
    if (stops.size === 0) for (const e of this.machine.cpuEntries) stops.set(e, { kind: 'interrupt' });
    this.interruptAsked = false;
    for (const l of this.listeners) l.halted(stops);
  }

  private emitEnded(): void {
    for (const l of this.listeners) l.ended(this.ended!);
  }
}
