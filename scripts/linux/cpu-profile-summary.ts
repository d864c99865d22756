/**
 * Where a run's time goes: reads a V8 `.cpuprofile` (from `node --cpu-prof`) and prints the
 * functions with the most self time, and the totals per source file.
 *
 *   node --cpu-prof --cpu-prof-dir=prof bin/chimera.js run virt-aarch64 --kernel ... --initrd ...
 *   node dist/scripts/linux/cpu-profile-summary.js prof/*.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time (µs) per function and per file. */
export function summarise(p: Profile): { functions: [string, number][]; files: [string, number][]; total: number } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const file = f.url ? f.url.replace(/^.*\/dist\//, '').replace(/^file:\/\//, '') : `(${f.functionName || 'program'})`;
    const name = `${f.functionName || '(anonymous)'}  ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    files.set(file, (files.get(file) ?? 0) + us);
    total += us;
  }
  const sort = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);
  return { functions: sort(functions), files: sort(files), total };
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
  const top = Number(values.top);
  for (const file of positionals) {
    const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
    const pct = (us: number): string => `${((100 * us) / s.total).toFixed(1).padStart(5)}%`;
    process.stdout.write(`${file}: ${(s.total / 1e6).toFixed(1)} s sampled\n\nself time by function:\n`);
    for (const [name, us] of s.functions.slice(0, top)) process.stdout.write(`  ${pct(us)}  ${name}\n`);
    process.stdout.write('\nself time by file:\n');
    for (const [name, us] of s.files.slice(0, top)) process.stdout.write(`  ${pct(us)}  ${name}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
