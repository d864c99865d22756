/**
 * Messages between the playground page and its Web Worker. The worker owns the machine; the
 * page only draws what it is told. Times are picoseconds of virtual time.
 */

/** A board as the page needs it: its CPUs (to pick programs and draw tracks) and its serial devices. */
export interface BoardShape {
  readonly board: string;
  readonly description: string;
  readonly quantumPs: number;
  readonly cpus: readonly { id: string; arch: string; elfMachines: readonly number[]; littleEndian: boolean }[];
  readonly serial: readonly string[];
}

/** A program for one CPU: its name (for messages) and bytes. */
export interface ProgramImage {
  readonly cpu: string;
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

export type ToWorker =
  | { readonly type: 'describe'; readonly board: string }
  | { readonly type: 'run'; readonly board: string; readonly quantum?: string; readonly maxTime: string; readonly set: Readonly<Record<string, string>>; readonly images: readonly ProgramImage[] };

/** A CPU's state over [from, to). */
export interface Span {
  readonly cpu: string;
  readonly state: 'running' | 'idle' | 'stopped';
  readonly from: number;
  readonly to: number;
}

/** The state a CPU is in since `since`, not yet ended. */
export interface OpenState {
  readonly cpu: string;
  readonly state: 'running' | 'idle' | 'stopped';
  readonly since: number;
}

/** One end of a device flow (a mailbox message pushed by one CPU and popped by another). */
export interface FlowEnd {
  readonly id: number;
  readonly end: 'start' | 'end';
  readonly cpu: string;
  readonly time: number;
  readonly device: string;
}

export interface RunSummary {
  readonly stop: string;
  readonly endTimePs: number;
  readonly quantumPs: number;
  readonly instructions: Readonly<Record<string, number>>;
  /** Host time spent in the run loop alone (ms), for guest MIPS. */
  readonly runMs: number;
}

export type FromWorker =
  | { readonly type: 'described'; readonly shape: BoardShape }
  | { readonly type: 'serial'; readonly device: string; readonly text: string }
  | { readonly type: 'timeline'; readonly now: number; readonly spans: readonly Span[]; readonly open: readonly OpenState[]; readonly flows: readonly FlowEnd[] }
  | { readonly type: 'done'; readonly summary: RunSummary; readonly trace: string }
  | { readonly type: 'error'; readonly message: string };
