/** A pending callback at an absolute virtual time. */
export interface TimerHandle {
  readonly time: number;
  readonly label: string;
  /** Set by cancel(); the queue drops cancelled entries when they reach the front. */
  cancelled: boolean;
}

interface Entry extends TimerHandle {
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * Binary min-heap ordered by (time, insertion sequence): events at the same time fire in the
 * order they were scheduled, which keeps runs deterministic.
 */
export class EventQueue {
  private heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, callback: () => void, label: string): TimerHandle {
    const e: Entry = { time, seq: this.seq++, callback, label, cancelled: false };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    return e;
  }

  /** Time of the earliest live event, or Infinity. */
  peekTime(): number {
    this.dropCancelled();
    return this.heap.length ? this.heap[0].time : Infinity;
  }

  /** Remove and return the earliest live event if it is due at or before `time`. */
  popDue(time: number): (TimerHandle & { callback: () => void }) | undefined {
    this.dropCancelled();
    if (!this.heap.length || this.heap[0].time > time) return undefined;
    return this.pop();
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
