import type { TimerHandle } from '../time/event-queue.js';
export type { TimerHandle } from '../time/event-queue.js';

/**
 * Virtual time as devices and CPU cores see it. Times are integer picoseconds.
 * While a CPU runs, `now()` is that CPU's local time, so a device register written mid-quantum
 * schedules relative to the instruction that wrote it.
 */
export const Scheduler = Symbol('Scheduler');
export interface Scheduler {
  now(): number;
  /** Run `callback` at absolute time `time` (clamped to now). Ties fire in scheduling order. */
  at(time: number, callback: () => void, label?: string): TimerHandle;
  /** Run `callback` `delay` picoseconds from now. */
  after(delay: number, callback: () => void, label?: string): TimerHandle;
  cancel(handle: TimerHandle | undefined): void;
}
