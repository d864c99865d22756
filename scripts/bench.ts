/**
 * `npm run bench`: the fixed-work benchmark guests (entries with "bench": true in
 * guests/<dir>/guests.json) under Chimera and, when installed, under QEMU, on the same ELF.
 * Prints instructions retired, guest MIPS, wall time, QEMU's wall time and the ratio, as medians
 * of several runs (shared machines are noisy), and checks each run's output against QEMU's.
 *
 *   npm run bench -- [--runs N] [--board NAME] [--no-qemu] [--json FILE] [--linux | --no-linux] [--in-process]
 *
 * Each Chimera run is a fresh Node process (timing its run loop only), so a run never reuses code
 * an earlier run compiled; `--in-process` runs them all in this process instead (warm runs).
 *
 * When Debian's arm64 kernel is in the cache (`npm run linux` puts it there; `--linux` fetches it
 * with apt), the bench also boots it with a busybox initramfs to /init on virt-aarch64 and reports
 * the wall and CPU time to the /init marker against QEMU's, as medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OutputRouter } from '../src/output/output-router.js';
import { buildSimulation } from '../src/runtime/simulation.js';
import { createSimulationContainer } from '../src/runtime/simulation-container.js';
import { parseRunArgs } from '../src/cli/run-args.js';
import { packageRoot } from '../src/util/package-root.js';
import type { GuestEntry, GuestManifest } from './diff-qemu.js';
import { bootOnce, type BootResult } from './linux/boot-linux.js';
import { cacheDir } from './linux/cache.js';
import { cachedDebianLinux, fetchDebianLinux } from './linux/debian.js';
import { buildInitramfs } from './linux/initramfs.js';

interface Sample {
  seconds: number;
  /** User + system CPU time of this process during the run (GC threads included). */
  cpuSeconds: number;
  instructions: number;
  ok: boolean;
}

interface Row {
  board: string;
  guest: string;
  instructions: number;
  chimeraSeconds: number;
  mips: number;
  cpuSeconds: number;
  cpuMips: number;
  qemuSeconds?: number;
  ratio?: number;
  outputMatches: boolean;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function runChimera(m: GuestManifest, dir: string, g: GuestEntry, expected: string): Promise<Sample> {
  const args = parseRunArgs([m.board, '--kernel', join(dir, g.elf), '--max-time', '600s', ...(g.chimeraArgs ?? [])]);
  if (args._tag === 'Left') throw new Error(args.left.message);
  const a = args.right;
  const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board: a.board, set: a.set, images: a.images });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const machine = built.right;
  const chunks: Buffer[] = [];
  const router = new OutputRouter(machine, a.serial, (c) => chunks.push(c));
  const t0 = process.hrtime.bigint();
  const u0 = process.cpuUsage();
  machine.run(a.maxTime!, () => router.flush());
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const u = process.cpuUsage(u0);
  router.close();
  return { seconds, cpuSeconds: (u.user + u.system) / 1e6, instructions: machine.instructions(), ok: Buffer.concat(chunks).toString('latin1') === expected };
}

/**
 * One Chimera sample in a fresh Node process (`bench.js --one <dir> <guest>`), so no sample
 * reuses code another one compiled: the figures are those of a cold start, as QEMU's are.
 * The child still times only its run loop.
 */
function runChimeraFresh(d: string, g: GuestEntry): Sample {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', d, g.name], { encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench --one ${d} ${g.name} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Sample;
}

/** The child's side of {@link runChimeraFresh}: one run, its sample as JSON on stdout. */
async function runOne(d: string, name: string): Promise<number> {
  const dir = join(packageRoot(), 'guests', d);
  const m = JSON.parse(readFileSync(join(dir, 'guests.json'), 'utf8')) as GuestManifest;
  const g = m.guests.find((x) => x.name === name);
  if (!g) throw new Error(`no guest ${name} in guests/${d}/guests.json`);
  const expected = readFileSync(join(dir, g.expected ?? `expected/${g.name}.out`), 'latin1');
  process.stdout.write(JSON.stringify(await runChimera(m, dir, g, expected)) + '\n');
  return 0;
}

function runQemu(m: GuestManifest, dir: string, g: GuestEntry): number | undefined {
  const [cmd, ...base] = m.qemu;
  if (spawnSync('which', [cmd]).status !== 0) return undefined;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, [...base, ...(g.qemuArgs ?? []), m.kernelOption ?? '-kernel', join(dir, g.elf)], { timeout: 600_000 });
  // Guests may end with a status of their own (pc: isa-debug-exit makes a clean exit 1).
  if (r.status !== (g.exitCode ?? 0)) return undefined;
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      one: { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
      board: { type: 'string' },
      'no-qemu': { type: 'boolean', default: false },
      json: { type: 'string' },
      linux: { type: 'boolean', default: false },
      'no-linux': { type: 'boolean', default: false },
    },
  });
  if (values.one) return runOne(positionals[0], positionals[1]);
  const runs = Math.max(1, Number(values.runs) | 0);
  const root = join(packageRoot(), 'guests');
  const rows: Row[] = [];
  for (const d of readdirSync(root).sort()) {
    const file = join(root, d, 'guests.json');
    if (!existsSync(file)) continue;
    const m = JSON.parse(readFileSync(file, 'utf8')) as GuestManifest;
    if (values.board && m.board !== values.board) continue;
    for (const g of m.guests.filter((x) => x.bench && !x.skipChimera)) {
      const dir = join(root, d);
      const expected = readFileSync(join(dir, g.expected ?? `expected/${g.name}.out`), 'latin1');
      const samples: Sample[] = [];
      const qemu: number[] = [];
      for (let i = 0; i < runs; i++) {
        samples.push(values['in-process'] ? await runChimera(m, dir, g, expected) : runChimeraFresh(d, g));
        if (!values['no-qemu']) {
          const q = runQemu(m, dir, g);
          if (q !== undefined) qemu.push(q);
        }
        process.stderr.write(`  ${m.board} ${g.name}: run ${i + 1}/${runs}: ${samples[i].seconds.toFixed(3)} s (CPU ${samples[i].cpuSeconds.toFixed(3)} s)${qemu[i] !== undefined ? `, QEMU ${qemu[i].toFixed(3)} s` : ''}\n`);
      }
      const chimeraSeconds = median(samples.map((s) => s.seconds));
      const qemuSeconds = qemu.length ? median(qemu) : undefined;
      rows.push({
        board: m.board,
        guest: g.name,
        instructions: samples[0].instructions,
        chimeraSeconds,
        mips: median(samples.map((s) => s.instructions / s.seconds / 1e6)),
        cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
        cpuMips: median(samples.map((s) => s.instructions / s.cpuSeconds / 1e6)),
        qemuSeconds,
        ratio: qemuSeconds ? chimeraSeconds / qemuSeconds : undefined,
        outputMatches: samples.every((s) => s.ok),
      });
    }
  }
  const header = ['board', 'guest', 'instructions', 'Chimera s', 'guest MIPS', 'CPU s', 'MIPS (CPU)', 'QEMU s', 'Chimera/QEMU', 'output'];
  const table = rows.map((r) => [
    r.board,
    r.guest,
    String(r.instructions),
    r.chimeraSeconds.toFixed(3),
    r.mips.toFixed(1),
    r.cpuSeconds.toFixed(3),
    r.cpuMips.toFixed(1),
    r.qemuSeconds === undefined ? 'n/a' : r.qemuSeconds.toFixed(3),
    r.ratio === undefined ? 'n/a' : `${r.ratio.toFixed(2)}x`,
    r.outputMatches ? 'matches QEMU' : 'MISMATCH',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const how = values['in-process'] ? 'in this process (later runs reuse compiled code)' : 'each run in a fresh process, nothing compiled before';
  process.stdout.write(`medians of ${runs} run(s); Chimera: wall and CPU time of the run loop, ${how}; QEMU: wall time of the whole process, start-up included\n`);
  process.stdout.write(line(header) + '\n' + table.map(line).join('\n') + '\n');
  const wantLinux = !values['no-linux'] && (!values.board || values.board === 'virt-aarch64');
  const linux = wantLinux ? await benchLinux(runs, values.linux, !values['no-qemu']) : undefined;
  if (values.json) writeFileSync(values.json, JSON.stringify({ runs, rows, linux }, null, 2) + '\n');
  if (linux?.failed) return 1;
  return rows.length === 0 ? 2 : rows.every((r) => r.outputMatches) ? 0 : 1;
}

/** Boot Debian's kernel to /init on virt-aarch64 (1 CPU) under Chimera and QEMU, `runs` times each. */
async function benchLinux(runs: number, fetch: boolean, withQemu: boolean): Promise<{ chimera: Summary; qemu?: Summary; failed: boolean } | undefined> {
  const debian = fetch ? fetchDebianLinux((l) => process.stderr.write(`bench: ${l}\n`)) : cachedDebianLinux();
  if (!debian) {
    process.stdout.write('\nLinux boot: skipped (no Debian kernel in the cache; `npm run linux` or `npm run bench -- --linux` fetches it)\n');
    return undefined;
  }
  const initrd = buildInitramfs(debian, cacheDir('linux'));
  const results: Record<'chimera' | 'qemu', BootResult[]> = { chimera: [], qemu: [] };
  for (let i = 0; i < runs; i++) {
    for (const emulator of withQemu ? (['qemu', 'chimera'] as const) : (['chimera'] as const)) {
      const r = await bootOnce(emulator, debian, initrd, { cpus: 1, devices: false, powerKey: false, timeoutSeconds: 1800 });
      results[emulator].push(r);
      process.stderr.write(`  linux boot ${emulator}: run ${i + 1}/${runs}: /init after ${r.toInit?.toFixed(2) ?? 'never'} s (${r.cpuToInit?.toFixed(2) ?? '?'} s CPU)${r.problems.length ? ` — ${r.problems.join('; ')}` : ''}\n`);
    }
  }
  const chimera = summarise(results.chimera);
  const qemu = withQemu ? summarise(results.qemu) : undefined;
  const ratio = (a?: number, b?: number): string => (a && b ? `${(a / b).toFixed(1)}x` : 'n/a');
  process.stdout.write(`\nLinux boot to /init (${debian.kernel.split('/').pop()}, busybox initramfs, 1 CPU, medians of ${runs}):\n`);
  process.stdout.write(`  Chimera ${chimera.wall?.toFixed(2) ?? 'n/a'} s wall, ${chimera.cpu?.toFixed(2) ?? 'n/a'} s CPU\n`);
  if (qemu) process.stdout.write(`  QEMU    ${qemu.wall?.toFixed(2) ?? 'n/a'} s wall, ${qemu.cpu?.toFixed(2) ?? 'n/a'} s CPU\n  Chimera/QEMU: ${ratio(chimera.wall, qemu.wall)} wall, ${ratio(chimera.cpu, qemu.cpu)} CPU\n`);
  return { chimera, qemu, failed: [...results.chimera, ...results.qemu].some((r) => r.problems.length > 0) };
}

interface Summary {
  wall?: number;
  cpu?: number;
}

function summarise(rs: BootResult[]): Summary {
  const walls = rs.map((r) => r.toInit).filter((x): x is number => x !== undefined);
  const cpus = rs.map((r) => r.cpuToInit).filter((x): x is number => x !== undefined);
  return { wall: walls.length ? median(walls) : undefined, cpu: cpus.length ? median(cpus) : undefined };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exit(2);
  },
);
