/** A pending event as a snapshot records it: when, in which order, and who armed it for what. */
export interface PendingEvent {
  readonly time: number;
  readonly seq: number;
  readonly label: string;
  readonly owner?: string;
}

/** A pending callback at an absolute virtual time. */
export interface TimerHandle {
  readonly time: number;
  readonly label: string;
  /** Set by cancel(); the queue drops cancelled entries when they reach the front. */
  cancelled: boolean;
}

interface Entry extends TimerHandle {
  seq: number;
  /** Who scheduled it (a device id; undefined for CPUs), so a restore can tell same-time events apart. */
  readonly owner?: string;
  readonly callback: () => void;
}

/**
 * Binary min-heap ordered by (time, insertion sequence): events at the same time fire in the
 * order they were scheduled, which keeps runs deterministic.
 */
export class EventQueue {
  private heap: Entry[] = [];
  private seq = 0;
  /** While a snapshot is restored: the saved pending events, matched as their owners re-arm them. */
  private restoring: PendingEvent[] | null = null;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, callback: () => void, label: string, owner?: string): TimerHandle {
    const e: Entry = { time, seq: this.restoring ? this.restoredSeq(time, label, owner) : this.seq++, callback, label, owner, cancelled: false };
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

  /** The live pending events, in firing order (for snapshots). */
  pending(): PendingEvent[] {
    return this.heap
      .filter((e) => !e.cancelled)
      .sort((a, b) => (before(a, b) ? -1 : 1))
      .map((e) => ({ time: e.time, seq: e.seq, label: e.label, ...(e.owner !== undefined && { owner: e.owner }) }));
  }

  /** The next sequence number (for snapshots). */
  get nextSeq(): number {
    return this.seq;
  }

  /**
   * Start a restore: the queue empties, and until `endRestore` each event pushed takes the
   * sequence number of the saved event with the same owner, label and time, so events due at the
   * same time fire in the order they had when the snapshot was taken.
   */
  beginRestore(saved: readonly PendingEvent[], nextSeq: number): void {
    this.heap = [];
    this.restoring = saved.map((e) => ({ ...e }));
    this.seq = nextSeq;
  }

  /** End a restore; returns the saved events nobody re-armed (each a missing piece of state). */
  endRestore(): PendingEvent[] {
    const left = (this.restoring ?? []).filter((e) => e.seq >= 0);
    this.restoring = null;
    return left;
  }

  private restoredSeq(time: number, label: string, owner: string | undefined): number {
    const r = this.restoring!;
    const i = r.findIndex((e) => e.seq >= 0 && e.time === time && e.label === label && e.owner === owner);
    if (i < 0) return this.seq++; // not in the snapshot: after every saved event, as a new one would be
    const seq = r[i].seq;
    r[i] = { ...r[i], seq: -1 };
    return seq;
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
