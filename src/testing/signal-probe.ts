import type { Signal, TimeSource } from '../signals/signal.js';

/** One level a line took, and when (ps of virtual time). */
export interface LevelChange {
  readonly time: number;
  readonly level: number;
}

/**
 * Watches a line: its level now, and every change it went through with its virtual time. The
 * level it had when the probe was attached is not a change.
 */
export class SignalProbe {
  /** Every change, in order. */
  readonly changes: LevelChange[] = [];
  /** The levels alone, in order (the same changes; an array a test may also clear). */
  readonly levels: number[] = [];

  constructor(readonly signal: Signal, time: TimeSource) {
    let attached = false;
    signal.connect((level) => {
      if (!attached) return;
      this.changes.push({ time: time.now(), level });
      this.levels.push(level);
    });
    attached = true;
  }

  get level(): number {
    return this.signal.level;
  }

  /** Forget the changes seen so far. */
  clear(): void {
    this.changes.length = 0;
    this.levels.length = 0;
  }
}
