import { differingLines, lines, type Outcome } from './outcomes.js';
import { formatDuration } from './format-units.js';
import type { Space } from './space.js';

/** A finished sweep: everything in it follows from the inputs, nothing from the host. */
export interface ExploreReport {
  readonly board: string;
  readonly runs: number;
  readonly space: Space;
  readonly match?: string;
  readonly outcomes: readonly Outcome[];
  /** Per axis combination (index into the product of the axes): PCT steps used, when measured. */
  readonly steps?: Readonly<Record<string, number>>;
}

/** Quote a word for a POSIX shell when it needs it. */
export function shellWord(w: string): string {
  return /^[A-Za-z0-9_./=:@,+%-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** The command that reproduces a point. */
export function reproduction(argv: readonly string[]): string {
  return ['npx', 'chimera', 'run', ...argv].map(shellWord).join(' ');
}

function describeSpace(space: Space): string {
  const parts = space.axes.map((a) => `${a.name} (${a.values.length})`);
  if (space.seeds > 0) {
    const how = space.strategy === 'jitter' ? `jitter, bound ${formatDuration(space.bound)}` : `pct, depth ${space.depth}${space.steps ? `, ${space.steps} steps` : ', steps measured per combination'}`;
    parts.push(`seeds 1..${space.seeds} (${how})`);
  }
  return parts.length ? parts.join(' × ') : 'a single point';
}

const MAX_LINES = 12;

/** The terminal report: one row per outcome with the lines that tell it apart and its reproduction. */
export function formatReport(r: ExploreReport): string {
  const out: string[] = [];
  out.push(`chimera explore ${r.board}: ${r.runs} run${r.runs === 1 ? '' : 's'}, ${r.outcomes.length} distinct outcome${r.outcomes.length === 1 ? '' : 's'}`);
  out.push(`space: ${describeSpace(r.space)}`);
  if (r.match) out.push(`outcome: exit status and the matches of /${r.match}/`);
  else out.push('outcome: exit status and the whole output');
  out.push('');
  const differ = differingLines(r.outcomes);
  const header = `${'#'.padStart(3)}  ${'runs'.padStart(5)}  ${'share'.padStart(6)}  ${'exit'.padStart(4)}  ${r.match ? 'matches' : r.outcomes.length > 1 ? 'output lines that differ between outcomes' : 'output'}`;
  out.push(header);
  out.push('-'.repeat(Math.max(header.length, 60)));
  const indent = ' '.repeat(3 + 2 + 5 + 2 + 6 + 2 + 4 + 2);
  r.outcomes.forEach((o, i) => {
    const share = `${((100 * o.points.length) / r.runs).toFixed(1)}%`;
    let text = o.matches ? o.matches.map((m) => JSON.stringify(m)) : r.outcomes.length > 1 ? differ[i] : lines(o.output);
    if (text.length === 0) text = [o.matches ? '(no match)' : o.output === '' ? '(no output)' : r.outcomes.some((x) => x !== o && x.output === o.output) ? '(the same output as another outcome; the exit status differs)' : '(the same lines as another outcome, in another order or number)'];
    const shown = text.length > MAX_LINES ? [...text.slice(0, MAX_LINES), `... ${text.length - MAX_LINES} more lines`] : text;
    shown.forEach((l, k) => {
      out.push(k === 0 ? `${String(i + 1).padStart(3)}  ${String(o.points.length).padStart(5)}  ${share.padStart(6)}  ${String(o.status).padStart(4)}  ${l}` : `${indent}${l}`);
    });
    out.push(`${indent}reproduce: ${reproduction(o.argv)}`);
  });
  return out.join('\n') + '\n';
}

/** The report for tools (`--json`): full outputs, every point of every outcome. */
export function reportJson(r: ExploreReport): string {
  const differ = differingLines(r.outcomes);
  return (
    JSON.stringify(
      {
        board: r.board,
        runs: r.runs,
        space: {
          axes: r.space.axes.map((a) => ({ name: a.name, values: a.values.map((v) => v[1]) })),
          seeds: r.space.seeds,
          ...(r.space.seeds > 0 ? { strategy: r.space.strategy } : {}),
          ...(r.space.seeds > 0 && r.space.strategy === 'jitter' ? { bound: formatDuration(r.space.bound) } : {}),
          ...(r.space.seeds > 0 && r.space.strategy === 'pct' ? { depth: r.space.depth, steps: r.space.steps ?? r.steps ?? null } : {}),
        },
        ...(r.match ? { match: r.match } : {}),
        outcomes: r.outcomes.map((o, i) => ({
          runs: o.points.length,
          status: o.status,
          ...(o.matches ? { matches: o.matches } : {}),
          differingLines: differ[i],
          output: o.output,
          reproduce: reproduction(o.argv),
          argv: o.argv,
          points: o.points,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}
