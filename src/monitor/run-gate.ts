/**
 * Holds the run between time slices while a monitor (or debugger) has the machine stopped. The
 * run loop asks `paused` at every slice boundary and, when it is set, waits for `resumed()`;
 * virtual time does not move while it waits.
 */
export class RunGate {
  private waiting: (() => void)[] = [];
  private _paused: boolean;
  private listeners: ((paused: boolean) => void)[] = [];

  constructor(paused = false) {
    this._paused = paused;
  }

  get paused(): boolean {
    return this._paused;
  }

  pause(): void {
    if (this._paused) return;
    this._paused = true;
    for (const l of this.listeners) l(true);
  }

  resume(): void {
    if (!this._paused) return;
    this._paused = false;
    const w = this.waiting;
    this.waiting = [];
    for (const r of w) r();
    for (const l of this.listeners) l(false);
  }

  /** Resolves at once when running, else when resumed. */
  resumed(): Promise<void> {
    return this._paused ? new Promise((r) => this.waiting.push(r)) : Promise.resolve();
  }

  /** Hear pauses and resumptions (the monitor sends STOP and RESUME events). */
  onChange(listener: (paused: boolean) => void): void {
    this.listeners.push(listener);
  }
}
