import type { Cpu } from '../api/cpu.js';
import type { TimerHandle } from './event-queue.js';

/**
 * One CPU's turn within a slice: CPU `cpu` (board order) runs until its local time reaches `until`
 * (never past the slice end). A CPU may have two turns in one slice (a PCT change point splits a
 * turn), and a turn may end before the slice does (jitter): the CPU then lags and catches up in
 * later turns, so nothing it would have executed is lost.
 */
export interface Turn {
  cpu: number;
  until: number;
}

/**
 * Decides which CPU runs, in what order and how far in each slice, and how late events fire.
 * Installed by `chimera run --jitter` / `--pct`; without one the scheduler runs every CPU to the
 * slice end in board order. A policy changes only timing: every CPU still reaches every slice
 * end, and events only ever fire later than asked, never earlier.
 */
export interface SchedulePolicy {
  /**
   * The turns of slice number `slice`, [start, end), for the board's `cpus` (a turn of a CPU
   * that is not running does nothing). The returned array may be reused between calls.
   */
  turns(slice: number, start: number, end: number, cpus: readonly Cpu[]): readonly Turn[];
  /** Extra picoseconds (≥ 0) for an event that `label` asked to fire at `time`. */
  eventDelay(time: number, label: string): number;
}

/**
 * Hears what the scheduler does, for analyses that follow causality (the race detector): which
 * event is scheduled from which context, and when an event's callback runs. Null by default, so
 * it costs one test per scheduled or fired event.
 */
export interface ScheduleObserver {
  eventScheduled(handle: TimerHandle): void;
  eventFiring(handle: TimerHandle): void;
  eventDone(handle: TimerHandle): void;
}
