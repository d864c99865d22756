import { Either, left, right } from 'fp-ts/lib/Either.js';
import { formatDuration } from '../format-units.js';
import { parseDuration, parseFrequency } from '../../time/units.js';
import type { SchedulePolicy } from '../../time/schedule-hooks.js';
import { JitterPolicy } from './jitter-policy.js';
import { PctPolicy } from './pct-policy.js';

/** Schedule perturbations given to `chimera run`; each one changes timing only. */
export interface TimingOptions {
  /** CPU id → clock in Hz (--clock cpu1=95MHz), replacing the board's. */
  readonly clocks: Readonly<Record<string, number>>;
  /** --jitter SEED:BOUND (BOUND in ps). */
  readonly jitter?: { readonly seed: number; readonly bound: number };
  /** --pct SEED:DEPTH[:STEPS]. */
  readonly pct?: { readonly seed: number; readonly depth: number; readonly steps: number };
}

/** Change points are spread over this many slices when --pct does not say. */
export const DEFAULT_PCT_STEPS = 1000;

export const TIMING_USAGE = `  --clock C=F     run CPU C at clock F instead of the board's, e.g. --clock cpu1=95MHz
  --jitter S:B    seeded jitter: each CPU's slice end and every event moved by 0..B (e.g. 7:1us)
  --pct S:D[:K]   PCT scheduling: seeded priorities, D-1 change points among the first K slices
                  (default K ${DEFAULT_PCT_STEPS}); see docs/timing-research.md`;

/** The `parseArgs` declarations of the timing flags. */
export const TIMING_FLAGS = {
  clock: { type: 'string', multiple: true },
  jitter: { type: 'string' },
  pct: { type: 'string' },
} as const;

/** Parse the timing flags; every problem names its flag. */
export function parseTimingOptions(values: { clock?: string[]; jitter?: string; pct?: string }): Either<string[], TimingOptions> {
  const errors: string[] = [];
  const clocks: Record<string, number> = {};
  for (const c of values.clock ?? []) {
    const eq = c.indexOf('=');
    if (eq <= 0) {
      errors.push(`--clock ${c}: write <cpu-id>=<frequency>, e.g. cpu1=95MHz`);
      continue;
    }
    const f = parseFrequency(c.slice(eq + 1));
    if (f._tag === 'Left') errors.push(`--clock ${c}: ${f.left}`);
    else if (f.right > 100e9) errors.push(`--clock ${c}: above 100 GHz the clock period is under 10 ps and loses precision`);
    else clocks[c.slice(0, eq)] = f.right;
  }
  let jitter: TimingOptions['jitter'];
  if (values.jitter !== undefined) {
    const m = /^([0-9]+):(.+)$/.exec(values.jitter);
    const seed = m ? seedOf(m[1]) : undefined;
    const bound = m ? parseDuration(m[2]) : undefined;
    if (!m || seed === undefined) errors.push(`--jitter ${values.jitter}: write SEED:BOUND, a seed 0..4294967295 and a duration, e.g. 7:1us`);
    else if (bound!._tag === 'Left') errors.push(`--jitter ${values.jitter}: ${bound!.left}`);
    else if (bound!.right <= 0) errors.push(`--jitter ${values.jitter}: the bound must be greater than zero`);
    else jitter = { seed, bound: bound!.right };
  }
  let pct: TimingOptions['pct'];
  if (values.pct !== undefined) {
    const m = /^([0-9]+):([0-9]+)(?::([0-9]+))?$/.exec(values.pct);
    const seed = m ? seedOf(m[1]) : undefined;
    if (!m || seed === undefined) errors.push(`--pct ${values.pct}: write SEED:DEPTH or SEED:DEPTH:STEPS, e.g. 7:3 or 7:3:2000`);
    else {
      const depth = Number(m[2]);
      const steps = m[3] === undefined ? DEFAULT_PCT_STEPS : Number(m[3]);
      if (depth < 1 || depth > 64) errors.push(`--pct ${values.pct}: the depth must be 1..64`);
      else if (steps < 1 || !Number.isSafeInteger(steps)) errors.push(`--pct ${values.pct}: the number of steps must be at least 1`);
      else pct = { seed, depth, steps };
    }
  }
  if (jitter && pct) errors.push('--jitter and --pct: choose one scheduling perturbation per run');
  return errors.length ? left(errors) : right({ clocks, jitter, pct });
}

function seedOf(text: string): number | undefined {
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 0 && n <= 0xffffffff ? n : undefined;
}

/** The schedule policy the options ask for, or null for board order. */
export function schedulePolicy(t: TimingOptions): SchedulePolicy | null {
  if (t.jitter) return new JitterPolicy(t.jitter.seed, t.jitter.bound);
  if (t.pct) return new PctPolicy(t.pct.seed, t.pct.depth, t.pct.steps);
  return null;
}

/** The options as `chimera run` flags (canonical order), for reproduction command lines. */
export function timingFlags(t: TimingOptions): string[] {
  const out: string[] = [];
  for (const id of Object.keys(t.clocks).sort()) out.push('--clock', `${id}=${formatHz(t.clocks[id])}`);
  if (t.jitter) out.push('--jitter', `${t.jitter.seed}:${formatDuration(t.jitter.bound)}`);
  if (t.pct) out.push('--pct', `${t.pct.seed}:${t.pct.depth}:${t.pct.steps}`);
  return out;
}

/** Hz as the shortest exact text parseFrequency reads back: 95MHz, 1GHz, 97.5MHz, 12345Hz. */
export function formatHz(hz: number): string {
  for (const [unit, f] of [['GHz', 1e9], ['MHz', 1e6], ['kHz', 1e3]] as const) {
    const v = hz / f;
    if (v >= 1 && Number.isFinite(v) && parseFloat(v.toPrecision(12)) * f === hz) return `${parseFloat(v.toPrecision(12))}${unit}`;
  }
  return `${hz}Hz`;
}
