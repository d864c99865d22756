import { Either, left, right } from 'fp-ts/lib/Either.js';
import { parseDuration, parseFrequency } from '../time/units.js';
import { formatDuration } from './format-units.js';
import { formatHz } from './schedule/timing-options.js';

/** One axis of the space: a `chimera run` flag and the values it takes. */
export interface Axis {
  /** As the user named it: `quantum`, `clock.cpu1`. */
  readonly name: string;
  /** The run flag and its value for each point of the axis, e.g. ['--quantum', '1us']. */
  readonly values: readonly (readonly [string, string])[];
}

export type Strategy = 'jitter' | 'pct';

/** The space a sweep covers: the product of its axes, times seeds. */
export interface Space {
  readonly axes: readonly Axis[];
  /** 0: no seeded perturbation; N: seeds 1..N of the strategy. */
  readonly seeds: number;
  readonly strategy: Strategy;
  /** --jitter bound in ps. */
  readonly bound: number;
  /** --pct depth. */
  readonly depth: number;
  /** --pct steps; undefined: measured by one unperturbed run per axis combination. */
  readonly steps?: number;
}

/** One point: its position on each axis and its seed (0: none). */
export interface Point {
  readonly index: number;
  /** Index into each axis's values. */
  readonly at: readonly number[];
  readonly seed: number;
}

/**
 * Parse one `--vary` axis: `quantum=100ns,1us,10us`, `clock.cpu1=90MHz..110MHz:5` (5 evenly
 * spaced values, ends included) or `clock.cpu1=90MHz,100MHz`.
 */
export function parseAxis(text: string): Either<string, Axis> {
  const eq = text.indexOf('=');
  if (eq <= 0) return left(`--vary ${text}: write quantum=V,V,... or clock.<cpu>=LOW..HIGH:N`);
  const name = text.slice(0, eq);
  const spec = text.slice(eq + 1);
  if (name === 'quantum') {
    const values = rangeOrList(spec, parseDuration, formatDuration);
    if (values._tag === 'Left') return left(`--vary ${text}: ${values.left}`);
    if (values.right.some((v) => v <= 0)) return left(`--vary ${text}: a quantum must be greater than zero`);
    return right({ name, values: values.right.map((v) => ['--quantum', formatDuration(v)] as const) });
  }
  const clock = /^clock\.(.+)$/.exec(name);
  if (clock) {
    const values = rangeOrList(spec, parseFrequency, formatHz);
    if (values._tag === 'Left') return left(`--vary ${text}: ${values.left}`);
    return right({ name, values: values.right.map((v) => ['--clock', `${clock[1]}=${formatHz(v)}`] as const) });
  }
  return left(`--vary ${text}: unknown axis "${name}"; axes: quantum, clock.<cpu-id> (seeded jitter and PCT come from --seeds and --strategy)`);
}

function rangeOrList(spec: string, parse: (s: string) => Either<string, number>, format: (v: number) => string): Either<string, number[]> {
  const range = /^(.+)\.\.(.+):([0-9]+)$/.exec(spec);
  if (range) {
    const lo = parse(range[1]);
    const hi = parse(range[2]);
    const n = Number(range[3]);
    if (lo._tag === 'Left') return lo;
    if (hi._tag === 'Left') return hi;
    if (n < 2 || n > 10000) return left(`a range needs 2..10000 values, got ${n}`);
    if (hi.right <= lo.right) return left(`the range ${range[1]}..${range[2]} is empty`);
    // Values are rounded so that each one prints exactly and reads back the same.
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(lo.right + Math.round(((hi.right - lo.right) * i) / (n - 1)));
    const distinct = new Set(out.map(format));
    if (distinct.size !== out.length) return left(`the range ${range[1]}..${range[2]} is too narrow for ${n} distinct values`);
    return right(out);
  }
  const items = spec.split(',');
  const out: number[] = [];
  for (const item of items) {
    const v = parse(item);
    if (v._tag === 'Left') return v;
    out.push(v.right);
  }
  if (new Set(out).size !== out.length) return left('a value is listed twice');
  return right(out);
}

/** Every point of the space, in canonical order: the first axis varies slowest, the seed fastest. */
export function enumeratePoints(space: Space): Point[] {
  const sizes = space.axes.map((a) => a.values.length);
  const seeds = space.seeds > 0 ? space.seeds : 1;
  const total = sizes.reduce((a, b) => a * b, 1) * seeds;
  const points: Point[] = [];
  for (let index = 0; index < total; index++) {
    let rest = Math.floor(index / seeds);
    const at: number[] = new Array(sizes.length);
    for (let k = sizes.length - 1; k >= 0; k--) {
      at[k] = rest % sizes[k];
      rest = Math.floor(rest / sizes[k]);
    }
    points.push({ index, at, seed: space.seeds > 0 ? (index % seeds) + 1 : 0 });
  }
  return points;
}

/** The axis flags of a point (without its seeded perturbation). */
export function axisFlags(space: Space, p: Point): string[] {
  return space.axes.flatMap((a, k) => [...a.values[p.at[k]]]);
}

/** The key of a point's axis combination: points that differ only in the seed share it. */
export function comboKey(p: Point): string {
  return p.at.join(',');
}

/** The seeded perturbation flags of a point, given the PCT steps of its combination. */
export function seedFlags(space: Space, p: Point, steps: number | undefined): string[] {
  if (p.seed === 0) return [];
  if (space.strategy === 'jitter') return ['--jitter', `${p.seed}:${formatDuration(space.bound)}`];
  return ['--pct', `${p.seed}:${space.depth}:${Math.max(1, steps ?? space.steps ?? 1)}`];
}
