import type { Subscription } from 'rxjs';
import type { Machine } from '../machine/machine.js';

/** One Chrome Trace Event (the JSON Perfetto UI and chrome://tracing open). */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  cat: string;
  dur?: number;
  s?: string;
  id?: number;
  bp?: string;
  args?: Record<string, unknown>;
}

const PID = 1;
/**
 * Chrome traces count microseconds; virtual time counts picoseconds. Times are rounded to
 * multiples of 2^-12 us (0.24 ns), which doubles hold exactly, so `ts + dur` of one span is
 * exactly the `ts` of the next and readers that compare them see spans touch, not overlap.
 */
const GRID = 4096;
const us = (ps: number): number => Math.round((ps * GRID) / 1e6) / GRID;
/** Metadata events' category, as Chrome writes it (some readers require every event to have one). */
const METADATA = '__metadata';

/**
 * Records a run as Chrome Trace Event JSON: a track per CPU with running/idle spans, a track per
 * device with interrupt changes, serial lines as instants, and device flows (mailbox messages)
 * as arrows between CPU tracks. Timestamps are virtual time, so the file is deterministic.
 */
export class ChromeTraceRecorder {
  private readonly events: TraceEvent[] = [];
  private readonly subs: Subscription[] = [];
  private readonly tids = new Map<string, number>();
  private readonly openSpan = new Map<string, { state: string; since: number }>();

  constructor(private readonly machine: Machine) {
    for (const c of machine.cpus) this.tid(c.id);
    for (const id of machine.devices.keys()) this.tid(id);
    for (const cpu of machine.cpus) {
      this.openSpan.set(cpu.id, { state: cpu.state, since: 0 });
      this.subs.push(cpu.stateChanges.subscribe((c) => this.span(c.cpu, c.state, c.time)));
    }
    for (const s of machine.signals) {
      const owner = s.name.slice(0, s.name.indexOf('.'));
      this.subs.push(
        s.changes.subscribe((c) =>
          this.events.push({ name: `${c.signal} ${c.level ? 'raise' : 'clear'}`, cat: 'irq', ph: 'i', s: 't', ts: us(c.time), pid: PID, tid: this.tid(owner), args: { level: c.level } }),
        ),
      );
    }
    for (const ch of machine.serial.values()) {
      this.subs.push(ch.lines.subscribe((l) => this.events.push({ name: l.text, cat: 'serial', ph: 'i', s: 't', ts: us(l.time), pid: PID, tid: this.tid(l.device), args: { device: l.device } })));
    }
    this.subs.push(
      machine.deviceEvents.subscribe((e) => {
        const tid = this.tid(e.cpu ?? e.device);
        const base = { name: e.name, cat: e.device, ts: us(e.time), pid: PID, tid, args: e.args ? { ...e.args } : undefined };
        if (e.phase === 'instant') this.events.push({ ...base, ph: 'i', s: 't' });
        else {
          // A flow arrow binds to an enclosing slice, so give each end a slice of its own: of zero
          // length, so it nests inside the CPU's running span however close to its end it lies.
          this.events.push({ ...base, ph: 'X', dur: 0 });
          this.events.push({ ...base, name: e.device, ph: e.phase === 'flow-start' ? 's' : 'f', id: e.flowId, bp: e.phase === 'flow-end' ? 'e' : undefined });
        }
      }),
    );
  }

  private tid(name: string): number {
    let t = this.tids.get(name);
    if (t === undefined) this.tids.set(name, (t = this.tids.size + 1));
    return t;
  }

  /**
   * A CPU changed state at `time`. A CPU woken by another is stamped with the waker's local time,
   * which may lie behind its own; it resumes where its own time stands (the scheduler keeps the
   * later of the two), so spans on one track never go back in time and never overlap.
   */
  private span(cpu: string, state: string, time: number): void {
    const open = this.openSpan.get(cpu)!;
    const at = Math.max(time, open.since);
    if (open.state !== 'stopped' && at > open.since) {
      const ts = us(open.since);
      this.events.push({ name: open.state, cat: 'cpu', ph: 'X', ts, dur: us(at) - ts, pid: PID, tid: this.tid(cpu) });
    }
    this.openSpan.set(cpu, { state, since: at });
  }

  /** Close open spans at `endTime` and return the JSON text. */
  finish(endTime: number): string {
    for (const cpu of this.machine.cpus) this.span(cpu.id, 'stopped', endTime);
    for (const s of this.subs) s.unsubscribe();
    const meta: TraceEvent[] = [{ name: 'process_name', cat: METADATA, ph: 'M', ts: 0, pid: PID, tid: 0, args: { name: `chimera ${this.machine.board.name}` } }];
    for (const [name, tid] of this.tids) {
      meta.push({ name: 'thread_name', cat: METADATA, ph: 'M', ts: 0, pid: PID, tid, args: { name } });
      meta.push({ name: 'thread_sort_index', cat: METADATA, ph: 'M', ts: 0, pid: PID, tid, args: { sort_index: tid } });
    }
    // In time order (CPUs report up to a quantum apart), an enclosing slice before what it encloses:
    // readers that build slice stacks as they go need no sort of their own. The sort is stable.
    const events = [...this.events].sort((a, b) => a.ts - b.ts || (b.ph === 'X' && a.ph === 'X' ? b.dur! - a.dur! : 0));
    const body = [...meta, ...events].map((e) => JSON.stringify(e)).join(',\n');
    return `{"displayTimeUnit":"ns","otherData":{"timeUnit":"virtual time, microseconds"},"traceEvents":[\n${body}\n]}\n`;
  }
}
