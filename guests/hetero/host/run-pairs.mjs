#!/usr/bin/env node
// Runs the pairs of ../pairs.json under Chimera and compares stdout and exit status with
// expected/<name>.out.
//   node host/run-pairs.mjs [--update] [--repeat N] [name...]
// --update rewrites the expected files (after checking the exit status); --repeat N runs each
// pair N times and fails unless every run prints the same bytes (determinism).
// Run from anywhere; Chimera must be built (npx tsc -p tsconfig.json at the repository root).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(here, '../..');
const manifest = JSON.parse(readFileSync(join(here, 'pairs.json'), 'utf8'));

const args = process.argv.slice(2);
const update = args.includes('--update');
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 1;
const names = args.filter((a, i) => !a.startsWith('--') && !(repeatAt >= 0 && i === repeatAt + 1));

function runPair(pair) {
  const loads = Object.entries(pair.load).flatMap(([cpu, elf]) => ['--load', `${cpu}=${join(here, elf)}`]);
  const argv = ['bin/chimera.js', 'run', manifest.board, ...loads, ...(pair.chimeraArgs ?? []), '--max-time', '60s'];
  const r = spawnSync(process.execPath, argv, { cwd: root, encoding: 'latin1', timeout: (manifest.timeoutSeconds ?? 120) * 1000 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, command: `node ${argv.join(' ')}` };
}

let failed = 0;
for (const pair of manifest.pairs) {
  if (names.length && !names.includes(pair.name)) continue;
  const expectedPath = join(here, pair.expected ?? `expected/${pair.name}.out`);
  const runs = Array.from({ length: Math.max(1, repeat) }, () => runPair(pair));
  const first = runs[0];
  const problems = [];
  if (first.status !== (pair.exitCode ?? 0)) problems.push(`exit status ${first.status}, expected ${pair.exitCode ?? 0}`);
  if (runs.some((r) => r.stdout !== first.stdout)) problems.push(`output differs between ${runs.length} runs`);
  if (update && problems.length === 0) {
    mkdirSync(dirname(expectedPath), { recursive: true });
    writeFileSync(expectedPath, first.stdout, 'latin1');
  } else if (!existsSync(expectedPath)) {
    problems.push('no expected file (use --update)');
  } else if (readFileSync(expectedPath, 'latin1') !== first.stdout) {
    const want = readFileSync(expectedPath, 'latin1').split('\n');
    const got = first.stdout.split('\n');
    const k = want.findIndex((line, i) => line !== got[i]);
    problems.push(`output differs at line ${k + 1}: expected ${JSON.stringify(want[k])}, got ${JSON.stringify(got[k])}`);
  }
  if (problems.length) {
    failed++;
    console.log(`FAIL ${pair.name}: ${problems.join('; ')}\n  ${first.command}\n${first.stderr.trim().replace(/^/gm, '  ')}`);
  } else {
    console.log(`${update ? 'updated' : 'ok'}   ${pair.name}${repeat > 1 ? ` (${repeat} identical runs)` : ''}`);
  }
}
process.exit(failed ? 1 : 0);
