import { Subject } from 'rxjs';

/** A receiver of level changes: a CPU interrupt input or an interrupt-controller input. */
export type SignalSink = (level: number) => void;

/** A level change, as published to tracers. `time` is virtual time in picoseconds. */
export interface SignalChange {
  readonly signal: string;
  readonly level: number;
  readonly time: number;
}

/** Source of "now" for stamping signal changes; the scheduler provides it. */
export interface TimeSource {
  now(): number;
}

/**
 * An output line (an interrupt request, a level to a CPU). It holds a number so that
 * multi-bit lines (SPARC's 4-bit interrupt level) work like single wires.
 * Sinks are plain callbacks: raising a line is cheap and synchronous.
 */
export class Signal {
  private sinks: SignalSink[] = [];
  private _level = 0;
  /** Level changes for tracing; nothing is built when nobody subscribes. */
  readonly changes = new Subject<SignalChange>();

  constructor(readonly name: string, private readonly time: TimeSource, readonly width = 1) {}

  get level(): number {
    return this._level;
  }

  set(level: number): void {
    if (level === this._level) return;
    this._level = level;
    for (let i = 0; i < this.sinks.length; i++) this.sinks[i](level);
    if (this.changes.observed) this.changes.next({ signal: this.name, level, time: this.time.now() });
  }

  /** Put back a saved level without telling the sinks (a snapshot restores their state itself). */
  restoreLevel(level: number): void {
    this._level = level;
  }

  raise(): void {
    this.set(1);
  }

  lower(): void {
    this.set(0);
  }

  connect(sink: SignalSink): void {
    this.sinks.push(sink);
    sink(this._level);
  }
}

/** Several outputs driving one input are OR-ed, as on a shared open-drain interrupt line. */
export function wiredOr(target: SignalSink, inputs: number): SignalSink[] {
  return wiredOrGroup(target, inputs).sinks;
}

/**
 * `wiredOr` with a way to put its memory of the inputs back after a snapshot is restored
 * (`resync` with the drivers' levels), without driving the target.
 */
export function wiredOrGroup(target: SignalSink, inputs: number): { sinks: SignalSink[]; resync(levels: readonly number[]): void } {
  const levels = new Array<number>(inputs).fill(0);
  let last = -1;
  const resync = (now: readonly number[]): void => {
    now.forEach((l, i) => (levels[i] = l));
    last = levels.reduce((a, b) => (b > a ? b : a), 0);
  };
  const sinks = levels.map((_, i) => (level: number) => {
    levels[i] = level;
    const merged = levels.reduce((a, b) => (b > a ? b : a), 0);
    if (merged !== last) {
      last = merged;
      target(merged);
    }
  });
  return { sinks, resync };
}
