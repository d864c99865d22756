/**
 * How fast `chimera explore` runs on this machine: runs per second with --jobs 1 and --jobs 2,
 * and a sweep of N points (default 1000) spread over 1 and then 2 `chimera worker` processes
 * through a throw-away redis-server. Prints a Markdown table for docs/timing-research.md.
 *
 *   node dist/scripts/explore-scaling.js [--points 1000] [--local 40] [--pair endian]
 *
 * Every configuration must print the same report; the script checks that too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRedis } from '../spec/explore/redis-server.js';
import { packageRoot } from '../src/util/package-root.js';

const { values } = parseArgs({ options: { points: { type: 'string', default: '1000' }, local: { type: 'string', default: '40' }, pair: { type: 'string', default: 'endian' } } });
const root = packageRoot();
const chimera = join(root, 'bin', 'chimera.js');
const pair = values.pair!;
const base = ['chimera-soc', '--load', `cpu0=guests/hetero/build/${pair}-a64.elf`, '--load', `cpu1=guests/hetero/build/${pair}-sparc.elf`];

/** A space of exactly n points: 4 quanta × 5 clocks × n/20 seeds (n a multiple of 20). */
function space(n: number): string[] {
  if (n % 20 !== 0) throw new Error('--points and --local must be multiples of 20');
  return ['--vary', 'quantum=100ns,1us,10us,100us', '--vary', 'clock.cpu1=90MHz..110MHz:5', '--seeds', String(n / 20), '--json', '--no-progress'];
}

function explore(args: string[]): { seconds: number; report: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [chimera, 'explore', ...base, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`explore failed: ${r.stderr}`);
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, report: r.stdout };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** Run `body` with n worker processes; returns its result, the points each worker ran and their CPU seconds. */
async function withWorkers<T>(url: string, n: number, body: () => T): Promise<{ result: T; done: number[]; cpu: number[] }> {
  const workers: ChildProcess[] = [];
  const done = new Array<number>(n).fill(0);
  let ready = 0;
  await new Promise<void>((resolve) => {
    for (let i = 0; i < n; i++) {
      const w = spawn(process.execPath, [chimera, 'worker', url], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      w.stderr!.on('data', (d: Buffer) => {
        const text = d.toString();
        done[i] += (text.match(/\) done/g) ?? []).length;
        if (/waiting for jobs/.test(text) && ++ready === n) resolve();
      });
      workers.push(w);
    }
  });
  try {
    const result = body();
    await new Promise((r) => setTimeout(r, 200)); // let the last log lines arrive
    return { result, done, cpu: workers.map((w) => cpuSeconds(w.pid!)) };
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
  }
}

const rows: string[] = [];
const row = (what: string, points: number, seconds: number, ref?: number, note = '') =>
  rows.push(`| ${what} | ${points} | ${seconds.toFixed(1)} s | ${(points / seconds).toFixed(2)} |${ref ? ` ${(ref / seconds).toFixed(2)}×` : ''} | ${note} |`);

const startLoad = loadavg().map((l) => l.toFixed(1)).join(' ');
const local = Number(values.local);
const j1 = explore([...space(local), '--jobs', '1']);
const j2 = explore([...space(local), '--jobs', '2']);
if (j1.report !== j2.report) throw new Error('--jobs 1 and --jobs 2 printed different reports');
row(`explore --jobs 1 (${pair})`, local, j1.seconds);
row(`explore --jobs 2 (${pair})`, local, j2.seconds, j1.seconds);

const points = Number(values.points);
const redis = await startRedis();
try {
  const w1 = await withWorkers(redis.url, 1, () => explore([...space(points), '--queue', redis.url]));
  const w2 = await withWorkers(redis.url, 2, () => explore([...space(points), '--queue', redis.url]));
  if (w1.result.report !== w2.result.report) throw new Error('1 and 2 workers printed different reports');
  const note = (w: { done: number[]; cpu: number[] }) => `points per worker ${w.done.join(' + ')}, worker CPU ${w.cpu.map((c) => `${c.toFixed(0)} s`).join(' + ')}`;
  row(`explore --queue, 1 worker process (${pair})`, points, w1.result.seconds, undefined, note(w1));
  row(`explore --queue, 2 worker processes (${pair})`, points, w2.result.seconds, w1.result.seconds, note(w2));
} finally {
  await redis.stop();
}

process.stdout.write(`host: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n\n`);
process.stdout.write(`load average at the start ${startLoad}\n`);
process.stdout.write('| configuration | points | wall time | runs/s | speed-up | notes |\n|---|---|---|---|---|---|\n' + rows.join('\n') + '\n');
