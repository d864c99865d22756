/**
 * kvm-unit-tests for arm64 under QEMU TCG (the reference) and under Chimera, test by test.
 * Not part of `npm test`: it builds a third-party suite in the cache folder (never committed).
 *
 *   npm run kvm-unit-tests -- [--source DIR] [--groups selftest,psci,timer,gic,pmu,debug]
 *                              [--smp N] [--no-qemu] [--qemu-cpu MODEL] [--timeout S] [--json FILE] [TEST ...]
 *     --source DIR   a kvm-unit-tests checkout (default: .cache/kvm-unit-tests, cloned from
 *                    https://gitlab.com/kvm-unit-tests/kvm-unit-tests.git when missing)
 *     --groups LIST  unittests.cfg groups to run (default: the six the issue names; from `gic`
 *                    only the GICv2 tests, the board has no GICv3)
 *     --smp N        what $MAX_SMP means (default 4)
 *     --qemu-cpu M   QEMU's -cpu for the reference (default cortex-a57, the core Chimera models;
 *                    kvm-unit-tests' own runner uses max under TCG)
 *
 * Both emulators get the same .flat file, -smp, -m and -append: QEMU as
 * `qemu-system-aarch64 -M virt -cpu cortex-a57` (the core Chimera models), Chimera as
 * `chimera run virt-aarch64`. A test passes when it prints `EXIT: STATUS=1` (kvm-unit-tests'
 * encoding of exit(0)) and no FAIL line; `STATUS=77` means every check was skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../../src/util/package-root.js';
import { cacheDir } from './cache.js';

const CHIMERA = join(packageRoot(), 'bin', 'chimera.js');
const REPOSITORY = 'https://gitlab.com/kvm-unit-tests/kvm-unit-tests.git';
const DEFAULT_GROUPS = ['selftest', 'psci', 'timer', 'gic', 'pmu', 'debug'];

/** One [section] of arm/unittests.cfg. */
export interface UnitTest {
  name: string;
  file: string;
  smp: number;
  args: string;
  memoryMiB?: number;
  groups: string[];
  /** Why it is left out here (KVM only, GICv3, migration, another arch). */
  skip?: string;
}

/** Evaluate the cfg's tiny shell arithmetic for smp: N, $MAX_SMP, $((($MAX_SMP < 8)?$MAX_SMP:8)). */
function smpValue(text: string, maxSmp: number): number {
  const t = text.replace(/\$MAX_SMP/g, String(maxSmp)).trim();
  const m = /^\$\(\(\(?(\d+)\s*<\s*(\d+)\)?\s*\?\s*(\d+)\s*:\s*(\d+)\)\)$/.exec(t);
  if (m) return Number(m[1]) < Number(m[2]) ? Number(m[3]) : Number(m[4]);
  return Number(t) || 1;
}

/** Parse arm/unittests.cfg. */
export function parseUnitTests(text: string, maxSmp: number): UnitTest[] {
  const tests: UnitTest[] = [];
  let cur: Record<string, string> | undefined;
  let name = '';
  const flush = (): void => {
    if (!cur) return;
    const params = cur.qemu_params ?? '';
    const mem = /-m\s+(\d+)/.exec(params);
    const groups = (cur.groups ?? '').split(/\s+/).filter(Boolean);
    let skip: string | undefined;
    if (cur.accel === 'kvm') skip = 'KVM only';
    else if (cur.arch && cur.arch !== 'arm64') skip = `arch ${cur.arch}`;
    else if (/gic-version=3/.test(params) || /^(gicv3|its)/.test(name)) skip = 'needs a GICv3 (virt-aarch64 has a GICv2)';
    else if (groups.includes('migration')) skip = 'migration';
    else if (/-icount/.test(params)) skip = 'needs -icount';
    tests.push({ name, file: cur.file, smp: smpValue(cur.smp ?? '1', maxSmp), args: (cur.test_args ?? '').replace(/^'|'$|^"|"$/g, ''), memoryMiB: mem ? Number(mem[1]) : undefined, groups, skip });
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      flush();
      name = section[1];
      cur = {};
      continue;
    }
    const kv = /^([a-z_]+)\s*=\s*(.*)$/.exec(line);
    if (kv && cur) cur[kv[1]] = kv[2];
  }
  flush();
  return tests;
}

function ensureBuilt(source: string, log: (l: string) => void): void {
  if (!existsSync(join(source, 'configure'))) {
    log(`cloning ${REPOSITORY} into ${source}`);
    const r = spawnSync('git', ['clone', '--depth', '1', REPOSITORY, source], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`git clone failed; fetch kvm-unit-tests yourself and pass --source DIR`);
  }
  if (existsSync(join(source, 'arm', 'selftest.flat'))) return;
  log('building kvm-unit-tests for arm64 (aarch64-linux-gnu-gcc)');
  for (const [cmd, args] of [['./configure', ['--arch=arm64', '--cross-prefix=aarch64-linux-gnu-']], ['make', ['-j2']]] as const) {
    const r = spawnSync(cmd, [...args], { cwd: source, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} failed in ${source}`);
  }
}

interface Outcome {
  pass: boolean;
  /** Everything skipped ("EXIT: STATUS=77"): not a failure, not a pass. */
  skipped: boolean;
  summary: string;
  seconds: number;
  output: string;
}

function runOne(emulator: 'qemu' | 'chimera', source: string, t: UnitTest, timeoutSeconds: number, qemuCpu = 'cortex-a57'): Promise<Outcome> {
  const flat = join(source, 'arm', t.file);
  const mem = t.memoryMiB ?? 128;
  const [cmd, args] =
    emulator === 'qemu'
      ? ['qemu-system-aarch64', ['-M', 'virt', '-cpu', qemuCpu, '-smp', String(t.smp), '-m', String(mem), '-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-kernel', flat, '-append', t.args]]
      : [process.execPath, [CHIMERA, 'run', 'virt-aarch64', '--set', `cpus=${t.smp}`, '--set', `memory=${mem}MiB`, '--kernel', flat, '--append', t.args, '--max-time', '120s']];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('latin1')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.on('close', () => {
      clearTimeout(timer);
      const status = /EXIT: STATUS=(\d+)/.exec(out);
      const summary = /SUMMARY: (.*)/.exec(out)?.[1] ?? (status ? 'no summary' : 'did not finish');
      const pass = status?.[1] === '1' && !/^FAIL/m.test(out);
      resolve({ pass, skipped: status?.[1] === '77', summary, seconds: (performance.now() - t0) / 1000, output: out });
    });
  });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      groups: { type: 'string', default: DEFAULT_GROUPS.join(',') },
      smp: { type: 'string', default: '4' },
      'no-qemu': { type: 'boolean', default: false },
      'qemu-cpu': { type: 'string', default: 'cortex-a57' },
      timeout: { type: 'string', default: '600' },
      json: { type: 'string' },
    },
  });
  const source = values.source ?? join(cacheDir(), 'kvm-unit-tests');
  const log = (l: string): void => void process.stderr.write(`kvm-unit-tests: ${l}\n`);
  ensureBuilt(source, log);
  const groups = values.groups.split(',');
  const all = parseUnitTests(readFileSync(join(source, 'arm', 'unittests.cfg'), 'utf8'), Number(values.smp));
  const chosen = all.filter((t) => t.groups.some((g) => groups.includes(g)) && (!positionals.length || positionals.some((p) => t.name.includes(p))));
  const rows: { name: string; group: string; smp: number; qemu?: Outcome; chimera?: Outcome; skip?: string }[] = [];
  const verdict = (o?: Outcome): string => (o ? (o.pass ? 'pass' : o.skipped ? 'skip' : 'FAIL') : '—');
  for (const t of chosen) {
    const group = t.groups.find((g) => groups.includes(g))!;
    if (t.skip) {
      rows.push({ name: t.name, group, smp: t.smp, skip: t.skip });
      log(`${t.name}: skipped (${t.skip})`);
      continue;
    }
    const qemu = values['no-qemu'] ? undefined : await runOne('qemu', source, t, 120, values['qemu-cpu']);
    const chimera = await runOne('chimera', source, t, Number(values.timeout));
    rows.push({ name: t.name, group, smp: t.smp, qemu, chimera });
    log(`${t.name}: QEMU ${verdict(qemu)}, Chimera ${verdict(chimera)} (${chimera.summary}, ${chimera.seconds.toFixed(1)} s)`);
    if (!chimera.pass) writeFileSync(join(cacheDir('kvm-unit-tests-logs'), `${t.name}.chimera.log`), chimera.output);
    if (qemu && !qemu.pass) writeFileSync(join(cacheDir('kvm-unit-tests-logs'), `${t.name}.qemu.log`), qemu.output);
  }
  process.stdout.write('\n| test | group | CPUs | QEMU TCG | Chimera | Chimera summary |\n|---|---|---|---|---|---|\n');
  for (const r of rows) {
    process.stdout.write(r.skip ? `| ${r.name} | ${r.group} | ${r.smp} | skipped | skipped | ${r.skip} |\n` : `| ${r.name} | ${r.group} | ${r.smp} | ${verdict(r.qemu)} | ${verdict(r.chimera)} | ${r.chimera!.summary} |\n`);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(rows.map(({ qemu, chimera, ...r }) => ({ ...r, qemu: qemu && { pass: qemu.pass, summary: qemu.summary }, chimera: chimera && { pass: chimera.pass, summary: chimera.summary, seconds: chimera.seconds } })), null, 2));
  const regressions = rows.filter((r) => r.qemu?.pass && !r.chimera?.pass).length;
  process.stdout.write(`\n${regressions} test(s) pass on QEMU but not on Chimera (logs in ${cacheDir('kvm-unit-tests-logs')})\n`);
  return regressions ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`kvm-unit-tests: ${e.message}\n`);
      process.exit(2);
    },
  );
}
