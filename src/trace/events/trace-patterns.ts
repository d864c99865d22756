import { Either, left, right } from 'fp-ts/lib/Either.js';

/** What `--trace-events` can report. */
export const TRACE_EVENT_KINDS = {
  read: 'a device register read (offset or port, size, value, initiating CPU)',
  write: 'a device register write (offset or port, size, value, initiating CPU)',
  irq: "an edge on one of a device's or CPU's output lines (interrupt requests, timer lines)",
  exception: 'a CPU took an exception, trap or interrupt (name, pc, vector)',
  mode: 'a CPU changed privilege mode (aarch64 EL0/EL1, SPARC user/supervisor)',
} as const;

export type TraceEventKind = keyof typeof TRACE_EVENT_KINDS;
export const KIND_NAMES = Object.keys(TRACE_EVENT_KINDS) as TraceEventKind[];
/** Kinds a device can report, and kinds a CPU can report. */
export const DEVICE_KINDS: readonly TraceEventKind[] = ['read', 'write', 'irq'];
export const CPU_KINDS: readonly TraceEventKind[] = ['exception', 'mode', 'irq'];

/** One comma-separated item: `GLOB` (a source or a kind) or `SOURCE:KIND`. */
export interface TracePattern {
  readonly text: string;
  /** Matches a source's id or its plugin or arch name. */
  readonly source: RegExp;
  /** Kinds this item selects from matching sources; undefined: a bare glob (see `selectedKinds`). */
  readonly kinds?: readonly TraceEventKind[];
  /** For a bare glob: the kinds its text names, selected on every source. */
  readonly namedKinds: readonly TraceEventKind[];
}

/** A source of events as the patterns see it: a device (id, plugin) or a CPU (id, arch). */
export interface TraceSource {
  readonly id: string;
  /** The device's plugin or the CPU's arch. */
  readonly type: string;
  readonly kinds: readonly TraceEventKind[];
}

const GLOB = /^[A-Za-z0-9_.\-*?[\]]+$/;

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|\\[\]-]/g, '\\$&');
  return new RegExp(`^${re}$`);
}

/**
 * Parse `--trace-events`: comma-separated globs (`*` any run of characters, `?` one) over device
 * ids, plugin names, CPU ids, arch names and event kinds. `pl011*` selects every event of the
 * devices whose id or plugin matches; `exception` every CPU's exceptions; `gic:irq` only the GIC's
 * line edges. A kind glob that names no kind is an error naming the kinds.
 */
export function parseTracePatterns(spec: string): Either<string, TracePattern[]> {
  const out: TracePattern[] = [];
  const items = spec.split(',').map((s) => s.trim());
  for (const item of items) {
    if (item === '') return left(`--trace-events ${JSON.stringify(spec)}: an empty pattern (write globs separated by commas, e.g. 'pl011*,gic*')`);
    const colon = item.indexOf(':');
    const sourceText = colon < 0 ? item : item.slice(0, colon);
    const kindText = colon < 0 ? undefined : item.slice(colon + 1);
    for (const [what, g] of [['source', sourceText], ['kind', kindText]] as const) {
      if (g === undefined) continue;
      if (!GLOB.test(g)) return left(`--trace-events ${item}: ${what} pattern ${JSON.stringify(g)} may hold letters, digits, '_', '.', '-' and the wildcards '*' and '?'`);
    }
    const source = globToRegExp(sourceText);
    if (kindText === undefined) {
      out.push({ text: item, source, namedKinds: KIND_NAMES.filter((k) => source.test(k)) });
      continue;
    }
    const k = globToRegExp(kindText);
    const kinds = KIND_NAMES.filter((n) => k.test(n));
    if (kinds.length === 0) return left(`--trace-events ${item}: unknown event kind "${kindText}"; kinds: ${describeKinds()}`);
    out.push({ text: item, source, kinds, namedKinds: [] });
  }
  return right(out);
}

/** The kinds, each with what it reports, for error messages and `--help`. */
export function describeKinds(): string {
  return KIND_NAMES.map((k) => `${k} (${TRACE_EVENT_KINDS[k]})`).join(', ');
}

/** The kinds the patterns select from one source. */
export function selectedKinds(patterns: readonly TracePattern[], s: TraceSource): Set<TraceEventKind> {
  const on = new Set<TraceEventKind>();
  for (const p of patterns) {
    const sourceMatches = p.source.test(s.id) || p.source.test(s.type);
    const kinds = p.kinds ?? (sourceMatches ? s.kinds : p.namedKinds);
    if (p.kinds && !sourceMatches) continue;
    for (const k of kinds) if (s.kinds.includes(k)) on.add(k);
  }
  return on;
}

/** Patterns that select nothing from any of the sources: each is a likely typo. */
export function unmatchedPatterns(patterns: readonly TracePattern[], sources: readonly TraceSource[]): TracePattern[] {
  return patterns.filter((p) => !sources.some((s) => selectedKinds([p], s).size > 0));
}
