import type { PointResult } from './run-point.js';

/** A point that ran, with the `chimera run` arguments that reproduce it. */
export interface PointRecord {
  readonly index: number;
  /** `chimera run` arguments (after `run`), exactly as a user would type them. */
  readonly argv: readonly string[];
  readonly result: PointResult;
}

/** Runs that ended alike: same exit status and same output (or same matches of --match). */
export interface Outcome {
  readonly status: number;
  /** stdout of the first run (in point order) with this outcome. */
  readonly output: string;
  /** With --match: what the pattern matched (capture groups if it has any), in order. */
  readonly matches?: readonly string[];
  /** Point indices, ascending. */
  readonly points: readonly number[];
  /** The run arguments of the first of those points. */
  readonly argv: readonly string[];
}

/** What a run's outcome is under an optional pattern: its key and the matched text. */
export function outcomeOf(result: PointResult, match?: RegExp): { key: string; matches?: string[] } {
  if (!match) return { key: JSON.stringify([result.status, result.output]) };
  const matches: string[] = [];
  const global = new RegExp(match.source, match.flags.includes('g') ? match.flags : match.flags + 'g');
  for (const m of result.output.matchAll(global)) {
    matches.push(m.length > 1 ? m.slice(1).map((g) => g ?? '').join(' ') : m[0]);
    if (m[0] === '') global.lastIndex++;
  }
  return { key: JSON.stringify([result.status, matches]), matches };
}

/**
 * Group runs by outcome. Order is canonical, so the same sweep always gives the same list:
 * most runs first, ties broken by the first point that gave the outcome.
 */
export function groupOutcomes(records: readonly PointRecord[], match?: RegExp): Outcome[] {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  const groups = new Map<string, { status: number; output: string; matches?: string[]; points: number[]; argv: readonly string[] }>();
  for (const r of sorted) {
    const o = outcomeOf(r.result, match);
    const g = groups.get(o.key);
    if (g) g.points.push(r.index);
    else groups.set(o.key, { status: r.result.status, output: r.result.output, matches: o.matches, points: [r.index], argv: r.argv });
  }
  return [...groups.values()].sort((a, b) => b.points.length - a.points.length || a.points[0] - b.points[0]);
}

/**
 * The lines of each outcome's output that are not in every outcome's output: what tells the
 * outcomes apart. With a single outcome nothing differs and every list is empty.
 */
export function differingLines(outcomes: readonly Outcome[]): string[][] {
  const lineSets = outcomes.map((o) => new Set(lines(o.output)));
  return outcomes.map((o) => lines(o.output).filter((l) => !lineSets.every((s) => s.has(l))));
}

export function lines(text: string): string[] {
  const out = text.split('\n');
  if (out.length && out[out.length - 1] === '') out.pop();
  return out;
}
