import type { Cpu, CpuRunState } from '../api/cpu.js';
import type { Scheduler, TimerHandle } from '../api/scheduler.js';
import type { StopReason } from '../api/machine-control.js';
import { EventQueue } from './event-queue.js';
import { MAX_VIRTUAL_TIME_PS, periodPs } from './units.js';

/** A CPU as the scheduler tracks it. */
interface Slot {
  readonly cpu: Cpu;
  readonly period: number;
  /** The CPU's local virtual time in ps. */
  time: number;
  /** While it runs: its local time and cycle count when `run` was called. */
  runStartTime: number;
  runStartCycles: number;
}

/**
 * Deterministic virtual time. Global time advances in slices of at most one quantum; a slice
 * ends at the quantum end or the next device event, whichever is first. Within a slice each CPU
 * runs in board order for the whole instructions that fit before the slice end: `Cpu.run` never
 * uses more than its budget, so no CPU's local time passes the slice end, and no CPU runs more
 * than one quantum ahead of the others (see docs/virtual-time.md). A CPU keeps the part of a
 * cycle that did not fit for the next slice. Device events fire between CPU slices, in (time,
 * scheduling order). When every CPU is idle, time jumps to the next event.
 *
 * Time is an integer number of picoseconds in a Number, exact to 2^53 ps (about 2.5 hours of
 * virtual time); a run that would pass that stops with a max-time result instead of losing
 * precision.
 */
export class VirtualTimeScheduler implements Scheduler {
  private readonly queue = new EventQueue();
  private readonly slots: Slot[] = [];
  private readonly slotOf = new Map<Cpu, Slot>();
  private globalTime = 0;
  private current: Slot | null = null;
  private sliceEnd = 0;
  private stop: StopReason | null = null;
  private stopTime: number | undefined;

  constructor(public quantum: number) {}

  addCpu(cpu: Cpu, frequency: number): void {
    const slot: Slot = { cpu, period: periodPs(frequency), time: 0, runStartTime: 0, runStartCycles: 0 };
    this.slots.push(slot);
    this.slotOf.set(cpu, slot);
  }

  /** The hook CPUs call on state changes: a CPU that wakes resumes at the waker's time. */
  readonly onStateChange = (cpu: Cpu, state: CpuRunState): void => {
    const slot = this.slotOf.get(cpu);
    if (!slot || slot === this.current) return;
    if (state === 'running') slot.time = Math.max(slot.time, this.now());
  };

  now(): number {
    const s = this.current;
    if (s === null) return this.globalTime;
    return s.runStartTime + (s.cpu.cycles - s.runStartCycles) * s.period;
  }

  at(time: number, callback: () => void, label = 'event'): TimerHandle {
    const now = this.now();
    const t = Math.max(Math.round(time), now);
    // An event inside the running slice shortens it, so the event fires on time for the CPUs after this one.
    if (this.current !== null && t < this.sliceEnd) {
      this.sliceEnd = t;
      this.current.cpu.requestExit();
    }
    return this.queue.push(t, callback, label);
  }

  after(delay: number, callback: () => void, label = 'event'): TimerHandle {
    return this.at(this.now() + Math.max(0, Math.round(delay)), callback, label);
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle) handle.cancelled = true;
  }

  /** Ask the loop to stop after the current instruction. The first reason given wins. */
  requestStop(reason: StopReason): void {
    if (this.stop === null) {
      this.stop = reason;
      this.stopTime = this.now();
    }
    this.current?.cpu.requestExit();
  }

  /** Virtual time at which the run ended: when the stop was requested, or where time stood. */
  get endTime(): number {
    return this.stopTime ?? this.globalTime;
  }

  get stopReason(): StopReason | null {
    return this.stop;
  }

  /** Local time of a CPU (for traces and tests). */
  cpuTime(cpu: Cpu): number {
    const s = this.slotOf.get(cpu);
    if (!s) return this.globalTime;
    return s === this.current ? this.now() : s.time;
  }

  /**
   * Run until a stop is requested, every CPU is stopped, `maxTime` passes, or nothing can
   * happen any more. `onSlice` is called between slices (progress display); it must not
   * touch simulation state.
   */
  run(maxTime: number, onSlice?: (time: number) => void): StopReason {
    const limit = Math.min(maxTime, MAX_VIRTUAL_TIME_PS);
    while (this.stop === null) {
      this.fireDue();
      if (this.stop !== null) break;

      let anyRunning = false;
      let anyAlive = false;
      for (const s of this.slots) {
        if (s.cpu.state === 'running') anyRunning = true;
        if (s.cpu.state !== 'stopped') anyAlive = true;
      }
      const nextEvent = this.queue.peekTime();
      if (!anyAlive && nextEvent === Infinity) return (this.stop = { kind: 'all-stopped' });
      if (!anyRunning) {
        if (nextEvent === Infinity) {
          return (this.stop = anyAlive ? { kind: 'deadlock', time: this.globalTime } : { kind: 'all-stopped' });
        }
        if (nextEvent > limit) return (this.stop = { kind: 'max-time', time: limit });
        this.globalTime = nextEvent; // every CPU waits: skip ahead
        for (const s of this.slots) if (s.time < nextEvent) s.time = nextEvent;
        continue;
      }
      if (this.globalTime >= limit) return (this.stop = { kind: 'max-time', time: limit });

      this.sliceEnd = Math.min(this.globalTime + this.quantum, nextEvent, limit);
      if (this.sliceEnd <= this.globalTime) this.sliceEnd = this.globalTime + 1;
      for (const s of this.slots) {
        this.runSlot(s);
        if (this.stop !== null) break;
      }
      this.current = null;
      // Idle CPUs have waited through the slice; running ones stand at their last instruction
      // boundary at or before its end.
      this.globalTime = this.sliceEnd;
      for (const s of this.slots) if (s.cpu.state !== 'running' && s.time < this.globalTime) s.time = this.globalTime;
      onSlice?.(this.globalTime);
    }
    return this.stop;
  }

  private runSlot(s: Slot): void {
    const cpu = s.cpu;
    // Only whole cycles that end by the slice end: a CPU never runs past it. A CPU that an event
    // stopped early (the event shortened the slice) runs on up to the new slice end.
    while (cpu.state === 'running' && this.stop === null) {
      const budget = Math.floor((this.sliceEnd - s.time) / s.period);
      if (budget <= 0) break;
      const end = this.sliceEnd;
      this.current = s;
      s.runStartTime = s.time;
      s.runStartCycles = cpu.cycles;
      const used = cpu.run(budget);
      this.current = null;
      if (used > budget || cpu.cycles - s.runStartCycles !== used) {
        throw new Error(`${cpu.id}: run(${budget}) used ${used} cycles (counted ${cpu.cycles - s.runStartCycles}): Cpu.run must never exceed its budget`);
      }
      s.time = s.runStartTime + used * s.period;
      if (used === 0 && this.sliceEnd === end) break; // the core stopped for a reason of its own
    }
    if (cpu.state !== 'running' && s.time < this.sliceEnd) s.time = this.sliceEnd;
  }

  private fireDue(): void {
    for (;;) {
      const e = this.queue.popDue(this.globalTime);
      if (!e) return;
      if (e.time > this.globalTime) this.globalTime = e.time;
      e.callback();
      if (this.stop !== null) return;
    }
  }
}
