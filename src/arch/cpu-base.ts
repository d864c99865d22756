import { Subject } from 'rxjs';
import type { Cpu, CpuContext, CpuRunState, CpuStateChange, RegisterFile } from '../api/cpu.js';
import type { CpuEventHook } from '../api/cpu-events.js';
import type { Signal, SignalSink } from '../signals/signal.js';

/**
 * Shared bookkeeping for CPU cores: run state, state-change stream, named inputs and outputs,
 * and the exit request flag. Cores extend it and implement `run` and the architecture.
 */
export abstract class CpuBase implements Cpu {
  cycles = 0;
  instructions = 0;
  /** Checked by `run` loops at least at every block end; set by `requestExit`. */
  exitRequested = false;
  /** Exceptions and mode changes for `--trace-events`; null unless a pattern selects this CPU. */
  eventHook: CpuEventHook | null = null;
  readonly stateChanges = new Subject<CpuStateChange>();
  protected readonly inputs = new Map<string, SignalSink>();
  protected readonly outputs = new Map<string, Signal>();
  private _state: CpuRunState = 'stopped';

  constructor(protected readonly ctx: CpuContext, readonly arch: string, readonly littleEndian: boolean) {}

  get id(): string {
    return this.ctx.id;
  }
  get index(): number {
    return this.ctx.index;
  }
  get model(): string {
    return this.ctx.model;
  }
  get state(): CpuRunState {
    return this._state;
  }

  abstract readonly registers: RegisterFile;
  abstract readonly pc: number;
  abstract run(budget: number): number;
  abstract reset(start: boolean): void;
  abstract setEntry(pc: number): void;
  abstract powerOn(entry?: number, context?: number): void;

  powerOff(): void {
    this.setState('stopped');
  }

  requestExit(): void {
    this.exitRequested = true;
  }

  input(name: string): SignalSink | undefined {
    return this.inputs.get(name);
  }

  output(name: string): Signal | undefined {
    return this.outputs.get(name);
  }

  /** Create an output line owned by this CPU (a timer interrupt, say). */
  protected createOutput(name: string): Signal {
    const s = this.ctx.output(name);
    this.outputs.set(name, s);
    return s;
  }

  /** Counters and run state, for a core's `saveState`. */
  protected saveRunState(): { cycles: number; instructions: number; runState: CpuRunState } {
    return { cycles: this.cycles, instructions: this.instructions, runState: this._state };
  }

  /** Put counters and run state back without announcing a change (a restore is not an event of the guest). */
  protected restoreRunState(state: Readonly<Record<string, unknown>>): void {
    this.cycles = state.cycles as number;
    this.instructions = state.instructions as number;
    this._state = state.runState as CpuRunState;
    this.exitRequested = false;
  }

  /** Change run state; leaving `running` ends the current `run` call. */
  protected setState(state: CpuRunState): void {
    if (state === this._state) return;
    this._state = state;
    if (state !== 'running') this.requestExit();
    this.ctx.onStateChange?.(this, state);
    if (this.stateChanges.observed) this.stateChanges.next({ cpu: this.id, state, time: this.ctx.scheduler.now() });
  }
}
