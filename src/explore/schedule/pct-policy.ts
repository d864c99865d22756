import type { Cpu } from '../../api/cpu.js';
import type { SchedulePolicy, Turn } from '../../time/schedule-hooks.js';
import { SeededRandom } from './random.js';

/**
 * `--pct SEED:DEPTH[:STEPS]`: probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010)
 * mapped onto quantum scheduling.
 *
 * - A **step** is one slice (one scheduling decision of the quantum scheduler).
 * - A **priority** orders the CPUs' turns inside a slice: the highest runs first, up to the
 *   slice end, then the next, and so on. Every CPU still runs every slice (virtual time cannot
 *   stall), so a priority decides which CPU's accesses of a slice come first, not who starves.
 * - The initial priorities are a seeded random permutation, DEPTH .. DEPTH+n-1.
 * - DEPTH-1 **change points** are distinct random steps in [0, STEPS); change point i carries
 *   priority i (1..DEPTH-1, below every initial one). At a change point the highest-priority
 *   running CPU runs only a seeded random part of the slice, drops to that priority, and the
 *   others run before it finishes the slice: a preemption at a random point.
 *
 * Events are not delayed. See docs/timing-research.md for what this keeps of PCT's guarantee.
 */
export class PctPolicy implements SchedulePolicy {
  private readonly rng: SeededRandom;
  private priority: number[] = [];
  /** Change-point step → the priority it assigns. */
  private readonly changes = new Map<number, number>();
  private readonly order: number[] = [];
  private readonly list: Turn[] = [];
  private readonly byPriority = (a: number, b: number): number => this.priority[b] - this.priority[a];

  constructor(readonly seed: number, readonly depth: number, readonly steps: number) {
    this.rng = new SeededRandom(seed, 3);
    const points = Math.min(depth - 1, steps);
    for (let i = 1; i <= points; i++) {
      let step: number;
      do step = this.rng.intInclusive(steps - 1);
      while (this.changes.has(step));
      this.changes.set(step, i);
    }
  }

  turns(slice: number, start: number, end: number, cpus: readonly Cpu[]): readonly Turn[] {
    const n = cpus.length;
    if (this.priority.length !== n) this.initialPriorities(n);
    const order = this.order;
    order.length = 0;
    for (let i = 0; i < n; i++) order.push(i);
    order.sort(this.byPriority);
    const list = this.list;
    list.length = 0;
    const change = this.changes.get(slice);
    if (change !== undefined) {
      let top = -1;
      for (const i of order) {
        if (cpus[i].state === 'running') {
          top = i;
          break;
        }
      }
      if (top >= 0) {
        const cut = start + this.rng.intInclusive(Math.max(0, end - start - 1));
        list.push({ cpu: top, until: cut });
        this.priority[top] = change;
        order.sort(this.byPriority);
      }
    }
    for (const i of order) list.push({ cpu: i, until: end });
    return list;
  }

  eventDelay(): number {
    return 0;
  }

  /** A seeded random permutation (Fisher–Yates) of DEPTH .. DEPTH+n-1. */
  private initialPriorities(n: number): void {
    const p = Array.from({ length: n }, (_, i) => this.depth + i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.rng.intInclusive(i);
      [p[i], p[j]] = [p[j], p[i]];
    }
    this.priority = p;
  }

  /** The change points, for tests and the docs: step → priority. */
  get changePoints(): ReadonlyMap<number, number> {
    return this.changes;
  }
}
