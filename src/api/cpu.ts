import type { Observable } from 'rxjs';
import type { AddressSpace } from '../memory/address-space.js';
import type { IoPortSpace } from '../memory/io-port-space.js';
import type { Signal, SignalSink } from '../signals/signal.js';
import type { CpuDebug } from './debug.js';
import type { Logger } from './logger.js';
import type { MachineControl } from './machine-control.js';
import type { Scheduler } from './scheduler.js';
import type { SyncEvents } from './sync-events.js';
import type { CpuEventHook } from './cpu-events.js';
import type { SavedState } from './device-state.js';

/** running: executes instructions. idle: waits for an interrupt (WFI, HLT, power-down). stopped: off or halted. */
export type CpuRunState = 'running' | 'idle' | 'stopped';

export interface CpuStateChange {
  readonly cpu: string;
  readonly state: CpuRunState;
  readonly time: number;
}

/**
 * A virtual CPU. The scheduler calls `run` with a budget of cycles; the core executes
 * instructions until the budget is spent, it goes idle or stops, or `requestExit` is called.
 * Everything inside `run` is the hot path: no rxjs, no Promise, no allocation per instruction.
 *
 * The budget is a hard limit: `run` never executes an instruction that would end after it. A
 * core that executes blocks of instructions must end or split a block that does not fit in
 * what is left (and count a block cut short by an exception exactly). This is what lets the
 * scheduler promise that no CPU runs more than one quantum ahead of the others.
 */
export interface Cpu {
  readonly id: string;
  /** Position in the board's CPU list; the `initiator` of its bus accesses. */
  readonly index: number;
  readonly arch: string;
  readonly model: string;
  readonly littleEndian: boolean;
  readonly state: CpuRunState;
  /** Total cycles executed since reset. The scheduler derives local time from it. */
  readonly cycles: number;
  /** Instructions retired since reset. */
  readonly instructions: number;

  /**
   * Execute up to `budget` cycles and return the cycles actually used, never more than
   * `budget` (an instruction that does not fit waits for the next call). `cycles` must have
   * grown by exactly the value returned.
   */
  run(budget: number): number;
  /**
   * Make `run` return at the next instruction boundary. The scheduler calls it when a device
   * event falls inside the running CPU's slice; inside `run`, only the core's own accesses
   * (devices, system registers) can cause it, so a core checks after those.
   */
  requestExit(): void;
  /** Architectural reset. Leaves the CPU running or stopped as `start` says. */
  reset(start: boolean): void;
  /** Set the program counter after reset (ELF entry). */
  setEntry(pc: number): void;
  /** Power on a stopped core (PSCI CPU_ON, IRQMP MPSTAT); arch-specific arguments. */
  powerOn(entry?: number, context?: number): void;
  /** Power the core off (PSCI CPU_OFF). */
  powerOff(): void;

  /** Interrupt inputs by name (aarch64: irq, fiq; SPARC: irl). */
  input(name: string): SignalSink | undefined;
  /** Outputs by name (aarch64: the generic timer lines). */
  output(name: string): Signal | undefined;

  /** Register access for debuggers and traces: not the hot path, so values are BigInt. */
  readonly registers: RegisterFile;
  /** Program counter as a Number (trace). */
  readonly pc: number;

  /** State changes for traces; emits only when observed. */
  readonly stateChanges: Observable<CpuStateChange>;

  /**
   * Where the core reports exceptions and mode changes (`--trace-events`); null when nobody
   * listens. Cores that report nothing may leave it out.
   */
  eventHook?: CpuEventHook | null;

  /**
   * Snapshots: every bit of architectural state the core needs to continue exactly (registers,
   * modes, inputs, sleep, counters, its timers with their pending event times). Translation
   * caches are not state; `restoreState` drops them. Called between time slices. A core without
   * them cannot be snapshotted, and a snapshot says so naming the CPU and its arch.
   */
  saveState?(): SavedState;
  restoreState?(state: SavedState): void;
  /** Debugger control (breakpoints, single-step, address translation); absent if the core offers none. */
  readonly debugControl?: CpuDebug;
}

export interface RegisterInfo {
  readonly name: string;
  readonly bits: number;
}

export interface RegisterFile {
  list(): readonly RegisterInfo[];
  read(name: string): bigint | undefined;
  write(name: string, value: bigint): boolean;
}

/** Everything a core receives when the runtime builds it. */
export interface CpuContext {
  readonly id: string;
  readonly index: number;
  readonly model: string;
  /** Clock frequency in Hz. */
  readonly frequency: number;
  /** This CPU's view of the bus, already in its byte order. */
  readonly memory: AddressSpace;
  /** The x86 I/O port space; arches without one ignore it. */
  readonly io: IoPortSpace;
  readonly scheduler: Scheduler;
  readonly machine: MachineControl;
  readonly log: Logger;
  /** Arch-specific options from the board's `cpus[].options`. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Create a named output line of this CPU, e.g. a timer interrupt. */
  output(name: string): Signal;
  /** The runtime's hook for run-state changes (the scheduler keeps local time with it). */
  readonly onStateChange?: (cpu: Cpu, state: CpuRunState) => void;
  /** Where the core reports barriers, atomics and taken interrupts (see `SyncObserver`). */
  readonly sync?: SyncEvents;
}
