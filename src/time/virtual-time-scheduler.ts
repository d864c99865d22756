import type { Cpu, CpuRunState } from '../api/cpu.js';
import type { Scheduler, TimerHandle } from '../api/scheduler.js';
import type { StopReason } from '../api/machine-control.js';
import { EventQueue, type PendingEvent } from './event-queue.js';

/** The scheduler's part of a snapshot. */
export interface SchedulerState {
  readonly globalTime: number;
  readonly cpuTimes: readonly number[];
  readonly nextSeq: number;
  readonly pending: readonly PendingEvent[];
}
import type { ScheduleObserver, SchedulePolicy } from './schedule-hooks.js';
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
  /** Turn order and event delays (--jitter, --pct); null: board order, events on time. */
  private policy: SchedulePolicy | null = null;
  /** The last event each label scheduled, so a policy's delays never reorder one source's events. */
  private readonly lastOfLabel = new Map<string, TimerHandle>();
  private sliceCount = 0;
  /** Debugger pause (see `requestPause`): asked for, and a slice left unfinished by one. */
  private pauseRequested = false;
  private sliceOpen = false;
  private openTurns: readonly { cpu: number; until: number }[] | null = null;
  private openTurn = 0;
  /** Causality observer (the race detector); null costs one test per event. */
  observer: ScheduleObserver | null = null;

  constructor(public quantum: number) {}

  /** Install a schedule policy before the run starts (see `SchedulePolicy`). */
  setPolicy(policy: SchedulePolicy | null): void {
    this.policy = policy;
  }

  /** The CPU whose slice is running, or null between slices (device events, set-up). */
  get runningCpu(): Cpu | null {
    return this.current === null ? null : this.current.cpu;
  }

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

  at(time: number, callback: () => void, label = 'event', owner?: string): TimerHandle {
    const now = this.now();
    let t = Math.max(Math.round(time), now);
    if (this.policy !== null) t = this.delayed(t, label);
    // An event inside the running slice shortens it, so the event fires on time for the CPUs after
    // this one. (A CPU that lags behind global time under a policy cannot pull the slice back.)
    const cut = Math.max(t, this.globalTime);
    if (this.current !== null && cut < this.sliceEnd) {
      this.sliceEnd = cut;
      this.current.cpu.requestExit();
    }
    const handle = this.queue.push(t, callback, label, owner);
    if (this.policy !== null) this.lastOfLabel.set(label, handle);
    if (this.observer !== null) this.observer.eventScheduled(handle);
    return handle;
  }

  /** The policy's delay, but never before a still pending event of the same label (FIFO per source). */
  private delayed(t: number, label: string): number {
    const d = this.policy!.eventDelay(t, label);
    let at = t + (d > 0 ? Math.round(d) : 0);
    const last = this.lastOfLabel.get(label);
    if (last !== undefined && !last.cancelled && last.time > at) at = last.time;
    return at;
  }

  after(delay: number, callback: () => void, label = 'event'): TimerHandle {
    return this.at(this.now() + Math.max(0, Math.round(delay)), callback, label);
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle) handle.cancelled = true;
  }

  /** Whether a schedule policy (--jitter, --pct) is installed: its state is not part of a snapshot. */
  get hasPolicy(): boolean {
    return this.policy !== null;
  }

  /** Virtual time, each CPU's local time and the pending events, between slices (snapshots). */
  saveState(): SchedulerState {
    return { globalTime: this.globalTime, cpuTimes: this.slots.map((s) => s.time), nextSeq: this.queue.nextSeq, pending: this.queue.pending() };
  }

  /**
   * Start restoring: times are put back and the queue emptied; CPUs and devices then re-arm their
   * events, which take back their saved order. `endRestore` returns the events nobody re-armed.
   */
  beginRestore(state: SchedulerState): void {
    this.globalTime = state.globalTime;
    state.cpuTimes.forEach((t, i) => (this.slots[i].time = t));
    this.stop = null;
    this.stopTime = undefined;
    this.queue.beginRestore(state.pending, state.nextSeq);
  }

  endRestore(): PendingEvent[] {
    return this.queue.endRestore();
  }

  /**
   * A debugger stopped the machine (a breakpoint, a step, a watchpoint): `runSlices` returns
   * undefined right after the running CPU returns, without letting the other CPUs run their part
   * of the slice or time advance. The next `runSlices` finishes that slice where it left off.
   */
  requestPause(): void {
    this.pauseRequested = true;
    this.current?.cpu.requestExit();
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
    return this.runSlices(maxTime, onSlice, () => false)!;
  }

  /**
   * `run`, but it also returns — with undefined, between two slices or before skipping idle time —
   * when `pause(time)` says so, so the host can handle input and signals or let the wall clock
   * catch up; `time` is where virtual time is about to go. Calling it again resumes exactly where
   * it left off.
   */
  runSlices(maxTime: number, onSlice: ((time: number) => void) | undefined, pause: (time: number) => boolean): StopReason | undefined {
    const limit = Math.min(maxTime, MAX_VIRTUAL_TIME_PS);
    while (this.stop === null) {
      if (this.sliceOpen) this.sliceOpen = false; // a debugger paused this slice: finish it first
      else {
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
          if (pause(nextEvent)) return undefined;
          this.globalTime = nextEvent; // every CPU waits: skip ahead
          for (const s of this.slots) if (s.time < nextEvent) s.time = nextEvent;
          continue;
        }
        if (this.globalTime >= limit) return (this.stop = { kind: 'max-time', time: limit });

        this.sliceEnd = Math.min(this.globalTime + this.quantum, nextEvent, limit);
        if (this.sliceEnd <= this.globalTime) this.sliceEnd = this.globalTime + 1;
      }
      if (this.policy === null) {
        for (const s of this.slots) {
          this.runSlot(s);
          if (this.stop !== null || this.pauseRequested) break;
        }
      } else this.runTurns(this.policy);
      this.current = null;
      if (this.pauseRequested) {
        this.pauseRequested = false;
        this.sliceOpen = true;
        return undefined;
      }
      // Idle CPUs have waited through the slice; running ones stand at their last instruction
      // boundary at or before its end.
      this.globalTime = this.sliceEnd;
      for (const s of this.slots) if (s.cpu.state !== 'running' && s.time < this.globalTime) s.time = this.globalTime;
      onSlice?.(this.globalTime);
      if (pause(this.globalTime)) return undefined;
    }
    return this.stop;
  }

  private runSlot(s: Slot): void {
    this.runUntil(s, Infinity);
  }

  /**
   * Run a CPU up to `until` or the slice end, whichever is first, in whole cycles that end by
   * it: a CPU never runs past it. A CPU that an event stopped early (the event shortened the
   * slice) runs on up to the new end.
   */
  private runUntil(s: Slot, until: number): void {
    const cpu = s.cpu;
    // A debugger pause ends the turn at once; the next runSlices finishes the slice from here.
    while (cpu.state === 'running' && this.stop === null && !this.pauseRequested) {
      const end = Math.min(until, this.sliceEnd);
      const budget = Math.floor((end - s.time) / s.period);
      if (budget <= 0) break;
      this.current = s;
      s.runStartTime = s.time;
      s.runStartCycles = cpu.cycles;
      const used = cpu.run(budget);
      this.current = null;
      if (used > budget || cpu.cycles - s.runStartCycles !== used) {
        throw new Error(`${cpu.id}: run(${budget}) used ${used} cycles (counted ${cpu.cycles - s.runStartCycles}): Cpu.run must never exceed its budget`);
      }
      s.time = s.runStartTime + used * s.period;
      if (used === 0 && Math.min(until, this.sliceEnd) === end) break; // the core stopped for a reason of its own
    }
    if (cpu.state !== 'running' && s.time < this.sliceEnd) s.time = this.sliceEnd;
  }

  /** A slice under a policy: the CPUs' turns in the policy's order, each up to its own end. */
  private runTurns(policy: SchedulePolicy): void {
    // A slice a debugger paused resumes at the turn it stopped in, with the same turns.
    const turns = this.openTurns ?? policy.turns(this.sliceCount++, this.globalTime, this.sliceEnd, this.cpuList);
    let i = this.openTurns === null ? 0 : this.openTurn;
    this.openTurns = null;
    for (; i < turns.length; i++) {
      this.runTurn(this.slots[turns[i].cpu], turns[i].until);
      if (this.stop !== null) break;
      if (this.pauseRequested) {
        this.openTurns = turns;
        this.openTurn = i;
        break;
      }
    }
  }

  private cpuListCache: Cpu[] | null = null;
  private get cpuList(): readonly Cpu[] {
    if (this.cpuListCache === null || this.cpuListCache.length !== this.slots.length) this.cpuListCache = this.slots.map((s) => s.cpu);
    return this.cpuListCache;
  }

  /**
   * One turn: run from the CPU's own time up to `until` (or the slice end, if an event cut the
   * slice), with the same exact budgets as a slot. A CPU whose turn ended early keeps its lag
   * and catches up in its next turn.
   */
  private runTurn(s: Slot, until: number): void {
    this.runUntil(s, until);
  }

  private fireDue(): void {
    for (;;) {
      const e = this.queue.popDue(this.globalTime);
      if (!e) return;
      if (e.time > this.globalTime) this.globalTime = e.time;
      if (this.observer === null) e.callback();
      else {
        this.observer.eventFiring(e);
        e.callback();
        this.observer.eventDone(e);
      }
      if (this.stop !== null) return;
    }
  }
}
