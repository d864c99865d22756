import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { CpuEventHook } from '../../api/cpu-events.js';
import type { Machine } from '../../machine/machine.js';
import type { MmioHandler } from '../../memory/mmio.js';
import type { IoPortHandler } from '../../memory/io-port-space.js';
import { CPU_KINDS, DEVICE_KINDS, selectedKinds, unmatchedPatterns, type TraceEventKind, type TracePattern, type TraceSource } from './trace-patterns.js';

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const hexAddress = (n: number): string => `0x${n.toString(16)}`;
/** A value with spaces is quoted, so every line splits on spaces into `key=value` fields. */
const quoted = (v: number | string): string => (typeof v === 'string' && /[\s"]/.test(v) ? JSON.stringify(v) : String(v));

/** Virtual time in picoseconds as microseconds with every digit (exact, so lines diff cleanly). */
export function formatTraceTime(ps: number): string {
  const whole = Math.floor(ps / 1e6);
  return `${whole}.${String(ps - whole * 1e6).padStart(6, '0')}us`;
}

/** Where event lines go: stderr or a file, in chunks. */
export interface TraceLineSink {
  line(text: string): void;
}

/** What was attached, for the `--trace-events` summary and tests. */
export interface TraceEventsAttached {
  /** Source id → the kinds it reports. */
  readonly sources: ReadonlyMap<string, ReadonlySet<TraceEventKind>>;
}

/**
 * Attach `--trace-events` to a built machine before it runs. Which devices and CPUs report what
 * is decided here, once: a device no pattern selects keeps its direct bus handler and a CPU its
 * null hook, so tracing costs nothing where it is off. Each event becomes one line on `sink` and,
 * when a `--trace` timeline listens, an instant on the source's track (line edges are on the
 * timeline already). A pattern that selects nothing on this board is an error naming what exists.
 */
export function attachTraceEvents(machine: Machine, patterns: readonly TracePattern[], sink: TraceLineSink): Either<string, TraceEventsAttached> {
  const sources: TraceSource[] = [
    ...[...machine.devices.values()].map((d) => ({ id: d.spec.id, type: d.plugin.name, kinds: DEVICE_KINDS })),
    ...machine.cpuEntries.map((e) => ({ id: e.cpu.id, type: e.arch.id, kinds: CPU_KINDS })),
  ];
  const unmatched = unmatchedPatterns(patterns, sources);
  if (unmatched.length) {
    const devices = [...machine.devices.values()].map((d) => `${d.spec.id} (${d.plugin.name})`).join(', ');
    const cpus = machine.cpuEntries.map((e) => `${e.cpu.id} (${e.arch.id})`).join(', ');
    return left(
      `--trace-events: ${unmatched.map((p) => `'${p.text}'`).join(', ')} matches nothing on board ${machine.board.name}; ` +
        `devices: ${devices}; CPUs: ${cpus}; kinds: read, write, irq, exception, mode`,
    );
  }
  const now = (): number => machine.scheduler.now();
  const cpuName = (i: number): string => (i >= 0 && i < machine.cpus.length ? machine.cpus[i].id : 'dma');
  const timeline = (source: string, name: string, args: Record<string, number | string>, cpu?: string): void => {
    if (machine.deviceEvents.observed) machine.deviceEvents.next({ device: source, name, time: now(), phase: 'instant', cpu, args });
  };
  const attached = new Map<string, Set<TraceEventKind>>();

  for (const s of sources) {
    const kinds = selectedKinds(patterns, s);
    if (kinds.size === 0) continue;
    attached.set(s.id, kinds);
    const head = `${s.id} ${s.type}`;
    if (kinds.has('irq')) {
      for (const signal of machine.signals) {
        if (!signal.name.startsWith(`${s.id}.`)) continue;
        const line = signal.name.slice(s.id.length + 1);
        signal.changes.subscribe((c) => sink.line(`${formatTraceTime(c.time)} ${head} irq ${line}=${c.level}`));
      }
    }
    const cpu = machine.cpu(s.id);
    if (cpu) {
      if (!kinds.has('exception') && !kinds.has('mode')) continue;
      if (!('eventHook' in cpu)) continue;
      const hook: CpuEventHook = {
        exception: (name, pc, vector, detail) => {
          if (!kinds.has('exception')) return;
          const extra = detail ? Object.entries(detail).map(([k, v]) => ` ${k}=${quoted(v)}`).join('') : '';
          sink.line(`${formatTraceTime(now())} ${head} exception ${name} pc=${hexAddress(pc)} vector=${hexAddress(vector)}${extra}`);
          timeline(s.id, `exception ${name}`, { pc: hexAddress(pc), vector: hexAddress(vector), ...detail }, s.id);
        },
        modeChange: (from, to) => {
          if (!kinds.has('mode')) return;
          sink.line(`${formatTraceTime(now())} ${head} mode ${from}->${to}`);
          timeline(s.id, `mode ${from}->${to}`, { from, to }, s.id);
        },
      };
      cpu.eventHook = hook;
      continue;
    }
    const reads = kinds.has('read');
    const writes = kinds.has('write');
    if (!reads && !writes) continue;
    const wrapMmio = (h: MmioHandler): MmioHandler => ({
      read: (o, size, i) => {
        const v = h.read(o, size, i);
        if (reads) {
          sink.line(`${formatTraceTime(now())} ${head} read offset=${hex(o)} size=${size} value=${hex(v)} cpu=${cpuName(i)}`);
          timeline(s.id, 'read', { offset: hex(o), size, value: hex(v), cpu: cpuName(i) });
        }
        return v;
      },
      write: (o, size, v, i) => {
        if (writes) {
          sink.line(`${formatTraceTime(now())} ${head} write offset=${hex(o)} size=${size} value=${hex(v)} cpu=${cpuName(i)}`);
          timeline(s.id, 'write', { offset: hex(o), size, value: hex(v), cpu: cpuName(i) });
        }
        h.write(o, size, v, i);
      },
    });
    const wrapIo = (h: IoPortHandler, base: number): IoPortHandler => ({
      in: (o, size, i) => {
        const v = h.in(o, size, i);
        if (reads) {
          sink.line(`${formatTraceTime(now())} ${head} read port=${hex(base + o)} size=${size} value=${hex(v)} cpu=${cpuName(i)}`);
          timeline(s.id, 'read', { port: hex(base + o), size, value: hex(v), cpu: cpuName(i) });
        }
        return v;
      },
      out: (o, size, v, i) => {
        if (writes) {
          sink.line(`${formatTraceTime(now())} ${head} write port=${hex(base + o)} size=${size} value=${hex(v)} cpu=${cpuName(i)}`);
          timeline(s.id, 'write', { port: hex(base + o), size, value: hex(v), cpu: cpuName(i) });
        }
        h.out(o, size, v, i);
      },
    });
    for (const e of machine.cpuEntries) e.memory.wrapMmio(s.id, wrapMmio);
    machine.io.wrap(s.id, wrapIo);
  }
  return right({ sources: attached });
}
