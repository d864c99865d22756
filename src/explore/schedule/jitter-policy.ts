import type { Cpu } from '../../api/cpu.js';
import type { SchedulePolicy, Turn } from '../../time/schedule-hooks.js';
import { SeededRandom } from './random.js';

/**
 * `--jitter SEED:BOUND`: in every slice each CPU's turn ends a seeded random 0..BOUND ps before
 * the slice end (the CPU lags and catches up in its next turn, so each slice of work is
 * lengthened or shortened by up to BOUND), and every event fires a seeded random 0..BOUND ps
 * late. Events of one source keep their order (the scheduler sees to that), so a FIFO's words
 * never overtake each other; only timing changes. Skew between CPUs stays below quantum + BOUND.
 */
export class JitterPolicy implements SchedulePolicy {
  private readonly slices: SeededRandom;
  private readonly events: SeededRandom;
  private readonly list: Turn[] = [];

  constructor(readonly seed: number, readonly bound: number) {
    this.slices = new SeededRandom(seed, 1);
    this.events = new SeededRandom(seed, 2);
  }

  turns(_slice: number, _start: number, end: number, cpus: readonly Cpu[]): readonly Turn[] {
    const list = this.list;
    while (list.length < cpus.length) list.push({ cpu: list.length, until: 0 });
    list.length = cpus.length;
    for (let i = 0; i < cpus.length; i++) {
      list[i].cpu = i;
      list[i].until = end - this.slices.intInclusive(this.bound);
    }
    return list;
  }

  eventDelay(): number {
    return this.events.intInclusive(this.bound);
  }
}
