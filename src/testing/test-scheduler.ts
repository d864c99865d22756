import type { Scheduler, TimerHandle } from '../api/scheduler.js';
import { EventQueue } from '../time/event-queue.js';
import { parseDuration } from '../time/units.js';

/** A span of virtual time: picoseconds, or a duration such as `'10us'`, `'1.5ms'`. */
export type Duration = number | string;

/** Picoseconds of a Duration; a text that is no duration is a bug in the test, so it throws. */
export function durationPs(d: Duration): number {
  if (typeof d === 'number') return d;
  const ps = parseDuration(d);
  if (ps._tag === 'Left') throw new Error(ps.left);
  return ps.right;
}

/**
 * Virtual time for a device under test: it moves only when the test says so. Events fire at
 * their own times in (time, scheduling order), the order the simulator's scheduler keeps, and
 * an event may schedule further events that fire within the same `advance` when they are due.
 */
export class TestScheduler implements Scheduler {
  private readonly queue = new EventQueue();
  private time = 0;

  now(): number {
    return this.time;
  }

  at(time: number, callback: () => void, label = 'event'): TimerHandle {
    return this.queue.push(Math.max(Math.round(time), this.time), callback, label);
  }

  after(delay: number, callback: () => void, label = 'event'): TimerHandle {
    return this.at(this.time + Math.max(0, Math.round(delay)), callback, label);
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle) handle.cancelled = true;
  }

  /** Time of the next live event, or Infinity when nothing is scheduled. */
  nextEventTime(): number {
    return this.queue.peekTime();
  }

  /** True when a live (not cancelled) event is due at or before `limit` (ps). */
  pendingBefore(limit: number): boolean {
    return this.queue.peekTime() <= limit;
  }

  /** Move time forward by `d`, firing every event due on the way at its own time. */
  advance(d: Duration): void {
    this.advanceTo(this.time + durationPs(d));
  }

  /** Move time to `target` (ps), firing every event due on the way at its own time. */
  advanceTo(target: number): void {
    if (target < this.time) throw new Error(`virtual time cannot go back (now ${this.time} ps, asked for ${target} ps)`);
    for (;;) {
      const e = this.queue.popDue(target);
      if (!e) break;
      this.time = e.time;
      e.callback();
    }
    this.time = target;
  }
}
