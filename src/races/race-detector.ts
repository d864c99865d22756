import type { Cpu } from '../api/cpu.js';
import { SYNC_ACQUIRE, SYNC_RELEASE, type SyncObserver } from '../api/sync-events.js';
import type { MemoryAccessObserver } from '../memory/address-space.js';
import { PAGE_MASK, type MemoryBacking } from '../memory/memory-backing.js';
import type { TimerHandle } from '../time/event-queue.js';
import type { ScheduleObserver } from '../time/schedule-hooks.js';
import { ShadowMemory } from './shadow-memory.js';
import { join, joined, newClock, snapshot, type VectorClock } from './vector-clock.js';

/** One side of a race: who accessed, from where, when. */
export interface RaceSide {
  /** Board index of the CPU. */
  readonly cpu: number;
  readonly pc: number;
  /** The CPU's local virtual time of the access, in ps. */
  readonly time: number;
  readonly write: boolean;
}

/**
 * Two accesses to the same bytes of shared memory from different CPUs, at least one a write,
 * that no synchronisation orders. `first` is the earlier one (in the run), `second` the access
 * that found it unordered. Pairs with the same two PCs and CPUs are reported once, counted.
 */
export interface Race {
  readonly backing: string;
  /** First racing byte, as an offset in the backing. */
  readonly offset: number;
  /** Width of the second access. */
  readonly size: number;
  readonly first: RaceSide;
  readonly second: RaceSide;
  /** Accesses that raced like this one (same CPUs, PCs and kinds). */
  count: number;
}

/** The scheduler as the detector needs it: the running CPU and its local time. */
export interface DetectorClock {
  readonly runningCpu: Cpu | null;
  now(): number;
}

interface Tracked {
  readonly number: number;
  readonly shadow: ShadowMemory;
}

/**
 * A happens-before race detector over shared memory (vector clocks, FastTrack-style epochs per
 * byte, one "thread" per CPU). Synchronisation it understands:
 * - **messages** through devices (a mailbox push happens before its pop);
 * - **interrupts**: whatever raised a CPU's interrupt input (a CPU, or an event a CPU caused)
 *   happens before that CPU's next taken interrupt;
 * - **atomics and exclusives**: an acquire access joins the location's release clock, a release
 *   access publishes the CPU's clock there;
 * - **barriers**: a barrier publishes the CPU's clock for its following plain stores (a release
 *   fence), and acquires what its plain loads since the previous barrier read (an acquire fence).
 * Causality also flows through the event queue: an event carries the clock of whoever scheduled
 * it. Everything else — a flag polled with plain loads and no barrier, device registers other
 * than messages — orders nothing, so such handshakes are reported (docs/timing-research.md).
 */
export class RaceDetector implements MemoryAccessObserver, SyncObserver, ScheduleObserver {
  private readonly n: number;
  private readonly clocks: VectorClock[];
  /** Each CPU's clock at its last barrier: the release its following plain stores carry. */
  private readonly fences: (VectorClock | null)[];
  /** Releases read by plain loads since the CPU's last barrier (acquired at the next one). */
  private readonly pending: VectorClock[];
  private readonly hasPending: Uint8Array;
  /** The kind of synchronising access each CPU is in (0: plain). */
  private readonly atomicKind: Uint8Array;
  /** Clocks of whoever raised each CPU's interrupt inputs. */
  private readonly irqPending: VectorClock[];
  private readonly messages = new Map<string, VectorClock>();
  /** Per shared word (backing number · 2^32 + offset): the release its last store published. */
  private readonly releases = new Map<number, VectorClock>();
  private readonly tracked = new Map<MemoryBacking, Tracked>();
  private readonly eventClocks = new WeakMap<TimerHandle, VectorClock>();
  private firing: VectorClock | null = null;
  private readonly raceIndex = new Map<string, Race & { lastAccess: number }>();
  private accessNumber = 0;
  /** Races in the order they were found. */
  readonly races: Race[] = [];
  /** Called for every racing access, repeats included (timelines draw each one). */
  onOccurrence: ((backing: MemoryBacking, offset: number, first: RaceSide, second: RaceSide) => void) | null = null;

  constructor(private readonly cpus: readonly Cpu[], private readonly time: DetectorClock) {
    this.n = cpus.length;
    this.clocks = cpus.map((_, i) => {
      const c = newClock(this.n);
      c[i] = 1; // epoch 0 means "never"
      return c;
    });
    this.fences = cpus.map(() => null);
    this.pending = cpus.map(() => newClock(this.n));
    this.hasPending = new Uint8Array(this.n);
    this.atomicKind = new Uint8Array(this.n);
    this.irqPending = cpus.map(() => newClock(this.n));
  }

  /** Follow accesses to `backing` (its views must be observed with this detector). */
  track(backing: MemoryBacking): void {
    if (!this.tracked.has(backing)) this.tracked.set(backing, { number: this.tracked.size, shadow: new ShadowMemory(this.n) });
  }

  /** Accesses checked so far (each of up to 8 bytes). */
  get accessesChecked(): number {
    return this.accessNumber;
  }

  // ---- memory ----

  access(cpu: number, backing: MemoryBacking, offset: number, size: number, write: boolean): void {
    const t = this.tracked.get(backing);
    if (t === undefined || cpu >= this.n) return;
    const keyBase = t.number * 4294967296;
    const kind = this.atomicKind[cpu];
    if (kind !== 0) {
      this.synchronisingAccess(cpu, kind, keyBase, offset, size, write);
      return;
    }
    this.accessNumber++;
    for (let w = offset & ~3; w < offset + size; w += 4) {
      const key = keyBase + w;
      if (write) {
        const f = this.fences[cpu];
        if (f !== null) this.releases.set(key, f);
        else this.releases.delete(key);
      } else {
        const r = this.releases.get(key);
        if (r !== undefined) {
          join(this.pending[cpu], r);
          this.hasPending[cpu] = 1;
        }
      }
    }
    this.check(cpu, backing, t.shadow, offset, size, write);
  }

  /** FastTrack's checks, byte by byte, then the byte's new history. */
  private check(t: number, backing: MemoryBacking, shadow: ShadowMemory, offset: number, size: number, write: boolean): void {
    const C = this.clocks[t];
    const n = this.n;
    const pc = this.cpus[t].pc;
    const now = this.time.now();
    for (let b = offset; b < offset + size; b++) {
      const page = shadow.page(b);
      const i = b & PAGE_MASK;
      const w = page.writer[i] - 1;
      if (w >= 0 && w !== t && page.writeClock[i] > C[w]) {
        this.report(backing, b, size, { cpu: w, pc: page.writePc[i], time: page.writeTime[i], write: true }, t, pc, now, write);
      }
      if (write) {
        for (let u = 0; u < n; u++) {
          const r = i * n + u;
          if (u !== t && page.readClock[r] > C[u]) {
            this.report(backing, b, size, { cpu: u, pc: page.readPc[r], time: page.readTime[r], write: false }, t, pc, now, true);
          }
          page.readClock[r] = 0;
        }
        page.writer[i] = t + 1;
        page.writeClock[i] = C[t];
        page.writePc[i] = pc;
        page.writeTime[i] = now;
      } else {
        const r = i * n + t;
        page.readClock[r] = C[t];
        page.readPc[r] = pc;
        page.readTime[r] = now;
      }
    }
  }

  private synchronisingAccess(t: number, kind: number, keyBase: number, offset: number, size: number, write: boolean): void {
    const C = this.clocks[t];
    for (let w = offset & ~3; w < offset + size; w += 4) {
      const key = keyBase + w;
      if (!write) {
        if (kind & SYNC_ACQUIRE) {
          const r = this.releases.get(key);
          if (r !== undefined) join(C, r);
        }
      } else if (kind & SYNC_RELEASE) {
        this.releases.set(key, joined(this.releases.get(key), C));
        C[t]++;
      }
    }
  }

  private report(backing: MemoryBacking, offset: number, size: number, first: RaceSide, t: number, pc: number, time: number, write: boolean): void {
    const key = `${first.cpu}:${first.pc}:${first.write ? 'w' : 'r'}:${t}:${pc}:${write ? 'w' : 'r'}:${backing.name}`;
    const known = this.raceIndex.get(key);
    if (known !== undefined && known.lastAccess === this.accessNumber) return;
    this.onOccurrence?.(backing, offset, first, { cpu: t, pc, time, write });
    if (known !== undefined) {
      known.count++;
      known.lastAccess = this.accessNumber;
      return;
    }
    const race = { backing: backing.name, offset, size, first, second: { cpu: t, pc, time, write }, count: 1, lastAccess: this.accessNumber };
    this.raceIndex.set(key, race);
    this.races.push(race);
  }

  // ---- synchronisation reported by cores and devices ----

  beginAtomic(cpu: number, kind: number): void {
    if (cpu < this.n) this.atomicKind[cpu] = kind;
  }

  endAtomic(cpu: number): void {
    if (cpu < this.n) this.atomicKind[cpu] = 0;
  }

  barrier(cpu: number): void {
    if (cpu >= this.n) return;
    const C = this.clocks[cpu];
    if (this.hasPending[cpu]) {
      join(C, this.pending[cpu]);
      this.pending[cpu].fill(0);
      this.hasPending[cpu] = 0;
    }
    this.fences[cpu] = this.release(cpu);
  }

  interruptTaken(cpu: number): void {
    if (cpu < this.n) join(this.clocks[cpu], this.irqPending[cpu]);
  }

  messageSent(device: string, message: number, cpu: number): void {
    const c = cpu >= 0 && cpu < this.n ? this.release(cpu) : this.context();
    if (c !== null) this.messages.set(`${device}#${message}`, c);
  }

  messageReceived(device: string, message: number, cpu: number): void {
    const key = `${device}#${message}`;
    const m = this.messages.get(key);
    if (m === undefined || cpu < 0 || cpu >= this.n) return;
    join(this.clocks[cpu], m);
    this.messages.delete(key);
  }

  /** A line into CPU `cpu`'s interrupt input went active: whoever raised it is ordered before the handler. */
  interruptRaised(cpu: number): void {
    const c = this.context();
    if (c !== null && cpu < this.n) join(this.irqPending[cpu], c);
  }

  // ---- causality through the event queue ----

  eventScheduled(handle: TimerHandle): void {
    const c = this.context();
    if (c !== null) this.eventClocks.set(handle, c);
  }

  eventFiring(handle: TimerHandle): void {
    this.firing = this.eventClocks.get(handle) ?? null;
  }

  eventDone(_handle?: TimerHandle): void {
    this.firing = null;
  }

  /** The clock of what is happening now: the running CPU's (as a release), or the firing event's. */
  private context(): VectorClock | null {
    const cpu = this.time.runningCpu;
    if (cpu !== null && cpu.index < this.n) return this.release(cpu.index);
    return this.firing;
  }

  /** A frozen copy of the CPU's clock; the CPU moves to a new epoch. */
  private release(cpu: number): VectorClock {
    const C = this.clocks[cpu];
    const s = snapshot(C);
    C[cpu]++;
    return s;
  }
}
