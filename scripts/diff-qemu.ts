/**
 * Differential test against QEMU: runs every guest listed in `guests/<arch>/guests.json` under
 * QEMU (the reference) and under Chimera, compares the guest output byte for byte and prints a
 * table plus `N passed, M failed`. Exit status: 0 all matched, 1 a mismatch, 2 bad usage or
 * nothing could run.
 *
 *   npm run diff:qemu -- [options] [guest-name ...]
 *     --board <name>        only manifests for this board (e.g. virt-aarch64, leon3)
 *     --update-expected     write QEMU's output to each guest's expected file (no Chimera run)
 *     --no-qemu             do not run QEMU; compare Chimera with the committed expected files
 *     --qemu-only           do not run Chimera; check QEMU against the expected files
 *     --skip-bench          leave out guests marked "bench"
 *     --timeout <seconds>   wall-clock limit per run (default: manifest timeoutSeconds, else 60;
 *                           Chimera gets 10x that, it is an interpreter)
 *     --max-time <t>        virtual-time limit passed to chimera run (default 60s)
 *
 * Guest names may be exact names or substrings. Outputs of failed runs are written to
 * dist/diff-qemu/<board>/<guest>.{qemu,chimera}.out for inspection.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One guest program of a manifest (see guests/README.md for the meaning of each field). */
export interface GuestEntry {
  name: string;
  elf: string;
  expected?: string;
  description?: string;
  qemuArgs?: string[];
  chimeraArgs?: string[];
  /** Which QEMU stream carries the guest's output: the serial port (stdout) or semihosting (stderr). */
  qemuOutput?: 'stdout' | 'stderr';
  /** Exit status both emulators must end with (default 0). */
  exitCode?: number;
  /** Reason this guest cannot run on Chimera yet; it is then checked against QEMU only. */
  skipChimera?: string;
  /**
   * Reason QEMU cannot run this guest (e.g. more CPUs than the QEMU machine supports); Chimera
   * is then compared with the committed expected file, which --update-expected leaves alone.
   */
  skipQemu?: string;
  bench?: boolean;
}

/** The contents of guests/<arch>/guests.json. */
export interface GuestManifest {
  board: string;
  arch?: string;
  qemu: string[];
  kernelOption?: string;
  timeoutSeconds?: number;
  guests: GuestEntry[];
}

interface Options {
  board?: string;
  filters: string[];
  updateExpected: boolean;
  runQemu: boolean;
  runChimera: boolean;
  skipBench: boolean;
  timeoutSeconds?: number;
  maxTime: string;
}

interface RunResult {
  /** ok = exited by itself; timeout = killed by us; error = could not start. */
  status: 'ok' | 'timeout' | 'error';
  exitCode: number | null;
  stdout: Buffer;
  stderr: Buffer;
  seconds: number;
  error?: string;
}

interface Row {
  board: string;
  guest: string;
  qemu: string;
  chimera: string;
  match: 'yes' | 'NO' | 'skip' | 'n/a';
  note: string;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHIMERA_BIN = join(ROOT, 'bin', 'chimera.js');
const FAILED_OUTPUT_DIR = join(ROOT, 'dist', 'diff-qemu');

function usage(message?: string): never {
  if (message) process.stderr.write(`diff-qemu: ${message}\n`);
  process.stderr.write(
    'usage: npm run diff:qemu -- [--board NAME] [--update-expected] [--no-qemu] [--qemu-only]\n' +
      '                            [--skip-bench] [--timeout SECONDS] [--max-time T] [GUEST ...]\n',
  );
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  const o: Options = { filters: [], updateExpected: false, runQemu: true, runChimera: true, skipBench: false, maxTime: '60s' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--board': o.board = value(); break;
      case '--update-expected': o.updateExpected = true; o.runChimera = false; break;
      case '--no-qemu': o.runQemu = false; break;
      case '--qemu-only': o.runChimera = false; break;
      case '--skip-bench': o.skipBench = true; break;
      case '--timeout': {
        const t = Number(value());
        if (!(t > 0)) usage('--timeout needs a positive number of seconds');
        o.timeoutSeconds = t;
        break;
      }
      case '--max-time': o.maxTime = value(); break;
      case '--help':
      case '-h':
        return usage();
      default:
        if (arg.startsWith('-')) usage(`unknown option ${arg}`);
        o.filters.push(arg);
    }
  }
  if (o.updateExpected && !o.runQemu) usage('--update-expected needs QEMU; drop --no-qemu');
  return o;
}

/** Reads and checks one manifest; throws with a message naming the file on malformed input. */
export function parseManifest(text: string, file: string): GuestManifest {
  const fail = (what: string): never => { throw new Error(`${file}: ${what}`); };
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON: ${(e as Error).message}`);
  }
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const man = m as Partial<GuestManifest>;
  if (typeof man !== 'object' || man === null) fail('must be a JSON object');
  if (typeof man.board !== 'string') fail('"board" must be a string');
  if (!isStrings(man.qemu) || man.qemu.length === 0) fail('"qemu" must be a non-empty array of strings');
  if (!Array.isArray(man.guests)) fail('"guests" must be an array');
  const seen = new Set<string>();
  for (const g of man.guests as Partial<GuestEntry>[]) {
    if (typeof g.name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(g.name)) fail(`guest name ${JSON.stringify(g.name)} is not a plain word`);
    if (seen.has(g.name as string)) fail(`guest "${g.name}" is listed twice`);
    seen.add(g.name as string);
    if (typeof g.elf !== 'string') fail(`guest "${g.name}": "elf" must be a string`);
    if (g.skipQemu !== undefined && g.skipChimera !== undefined) fail(`guest "${g.name}": skipQemu and skipChimera leave nothing to compare`);
    for (const k of ['qemuArgs', 'chimeraArgs'] as const) {
      if (g[k] !== undefined && !isStrings(g[k])) fail(`guest "${g.name}": "${k}" must be an array of strings`);
    }
    if (g.qemuOutput !== undefined && g.qemuOutput !== 'stdout' && g.qemuOutput !== 'stderr') {
      fail(`guest "${g.name}": "qemuOutput" must be "stdout" or "stderr"`);
    }
  }
  return man as GuestManifest;
}

function findManifests(): { dir: string; manifest: GuestManifest }[] {
  const guestsDir = join(ROOT, 'guests');
  if (!existsSync(guestsDir)) return [];
  const found: { dir: string; manifest: GuestManifest }[] = [];
  for (const entry of readdirSync(guestsDir, { withFileTypes: true })) {
    const file = join(guestsDir, entry.name, 'guests.json');
    if (entry.isDirectory() && existsSync(file)) {
      found.push({ dir: join(guestsDir, entry.name), manifest: parseManifest(readFileSync(file, 'utf8'), relative(ROOT, file)) });
    }
  }
  return found;
}

function run(cmd: string, args: string[], timeoutSeconds: number): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let child;
    try {
      child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolvePromise({ status: 'error', exitCode: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), seconds: 0, error: (e as Error).message });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolvePromise({ status: 'error', exitCode: null, stdout: Buffer.concat(out), stderr: Buffer.concat(err), seconds: 0, error: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({
        status: timedOut ? 'timeout' : 'ok',
        exitCode: code,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
  });
}

function describe(r: RunResult, expectedExit: number): string {
  if (r.status === 'error') return 'cannot start';
  if (r.status === 'timeout') return `timeout ${r.seconds.toFixed(0)}s`;
  const exit = r.exitCode === expectedExit ? 'ok' : `exit ${r.exitCode}`;
  return `${exit} ${r.seconds.toFixed(2)}s`;
}

/** Line number and the two lines where a and b first differ, for the table's note. */
function firstDifference(a: Buffer, b: Buffer): string {
  const la = a.toString('latin1').split('\n');
  const lb = b.toString('latin1').split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      const show = (s: string | undefined): string => (s === undefined ? '<end>' : JSON.stringify(s.length > 60 ? s.slice(0, 60) + '…' : s));
      return `line ${i + 1}: ref ${show(la[i])} chimera ${show(lb[i])}`;
    }
  }
  return 'same lines, different bytes';
}

function qemuAvailable(binary: string): boolean {
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

function saveOutputs(board: string, guest: string, ref: Buffer | undefined, chimera: Buffer | undefined): void {
  const dir = join(FAILED_OUTPUT_DIR, board);
  mkdirSync(dir, { recursive: true });
  if (ref) writeFileSync(join(dir, `${guest}.qemu.out`), ref);
  if (chimera) writeFileSync(join(dir, `${guest}.chimera.out`), chimera);
}

function selected(g: GuestEntry, o: Options): boolean {
  if (o.skipBench && g.bench) return false;
  return o.filters.length === 0 || o.filters.some((f) => g.name === f || g.name.includes(f));
}

async function checkGuest(dir: string, man: GuestManifest, g: GuestEntry, o: Options, qemuOk: boolean): Promise<Row> {
  const row: Row = { board: man.board, guest: g.name, qemu: '-', chimera: '-', match: 'n/a', note: '' };
  const elf = join(dir, g.elf);
  const expectedFile = join(dir, g.expected ?? `expected/${g.name}.out`);
  const expectedExit = g.exitCode ?? 0;
  const timeout = o.timeoutSeconds ?? man.timeoutSeconds ?? 60;
  if (!existsSync(elf)) {
    row.match = 'NO';
    row.note = `missing ${relative(ROOT, elf)} (run make in ${relative(ROOT, dir)})`;
    return row;
  }
  const committed = existsSync(expectedFile) ? readFileSync(expectedFile) : undefined;

  let reference: Buffer | undefined = committed;
  if (g.skipQemu) {
    row.qemu = committed ? 'expected file' : 'none';
    if (o.updateExpected || !o.runChimera) {
      row.match = 'skip';
      row.note = `not run on QEMU: ${g.skipQemu}`;
      return row;
    }
  } else if (o.runQemu && qemuOk) {
    const [bin, ...base] = man.qemu;
    const q = await run(bin, [...base, ...(g.qemuArgs ?? []), man.kernelOption ?? '-kernel', elf], timeout);
    row.qemu = describe(q, expectedExit);
    const output = g.qemuOutput === 'stderr' ? q.stderr : q.stdout;
    if (q.status !== 'ok' || q.exitCode !== expectedExit) {
      row.match = 'NO';
      const why = q.error ?? q.stderr.toString('utf8').trim().split('\n').pop() ?? '';
      row.note = `QEMU run failed${why ? ': ' + why : ''}`;
      saveOutputs(man.board, g.name, output, undefined);
      return row;
    }
    reference = output;
    if (o.updateExpected) {
      mkdirSync(dirname(expectedFile), { recursive: true });
      writeFileSync(expectedFile, output);
      row.note = committed?.equals(output) ? 'expected unchanged' : `wrote ${relative(ROOT, expectedFile)}`;
      row.match = 'n/a';
      return row;
    }
    if (!committed) row.note = 'no expected file (use --update-expected)';
    else if (!committed.equals(output)) row.note = 'QEMU output differs from the expected file';
  } else {
    row.qemu = committed ? 'expected file' : 'none';
  }

  if (!o.runChimera) {
    row.match = o.runQemu && qemuOk ? (committed?.equals(reference ?? Buffer.alloc(0)) ? 'yes' : 'NO') : 'n/a';
    return row;
  }
  if (g.skipChimera) {
    row.chimera = 'skipped';
    row.match = 'skip';
    row.note = row.note || g.skipChimera;
    return row;
  }
  if (!reference) {
    row.match = 'NO';
    row.note = 'no reference output: QEMU unavailable and no expected file';
    return row;
  }
  const c = await run(process.execPath, [CHIMERA_BIN, 'run', man.board, '--kernel', elf, ...(g.chimeraArgs ?? []), '--max-time', o.maxTime], timeout * 10);
  row.chimera = describe(c, expectedExit);
  const same = c.stdout.equals(reference);
  const exitOk = c.status === 'ok' && c.exitCode === expectedExit;
  row.match = same && exitOk ? 'yes' : 'NO';
  const notes: string[] = [];
  if (!exitOk) {
    const lastErr = c.error ?? c.stderr.toString('utf8').trim().split('\n').pop() ?? '';
    notes.push(same ? `output matches but the run did not end cleanly: ${lastErr}` : lastErr);
  }
  if (!same && c.stdout.length > 0) notes.push(firstDifference(reference, c.stdout));
  if (!same && c.stdout.length === 0 && exitOk) notes.push('no output');
  row.note = notes.filter((n) => n).join('; ');
  if (row.match === 'NO') saveOutputs(man.board, g.name, reference, c.stdout);
  return row;
}

function printTable(rows: Row[]): void {
  const head: Row = { board: 'board', guest: 'guest', qemu: 'QEMU', chimera: 'Chimera', match: 'match' as Row['match'], note: 'note' };
  const cols: (keyof Row)[] = ['board', 'guest', 'qemu', 'chimera', 'match'];
  const width = (k: keyof Row): number => Math.max(...[head, ...rows].map((r) => r[k].length));
  const line = (r: Row): string => cols.map((k) => r[k].padEnd(width(k))).join('  ') + (r.note ? '  ' + r.note : '');
  process.stdout.write(line(head) + '\n');
  process.stdout.write(cols.map((k) => '-'.repeat(width(k))).join('  ') + '\n');
  for (const r of rows) process.stdout.write(line(r) + '\n');
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  let manifests;
  try {
    manifests = findManifests().filter((m) => !o.board || m.manifest.board === o.board);
  } catch (e) {
    process.stderr.write(`diff-qemu: ${(e as Error).message}\n`);
    return 2;
  }
  if (manifests.length === 0) {
    process.stderr.write(`diff-qemu: no guests/*/guests.json${o.board ? ` for board ${o.board}` : ''}\n`);
    return 2;
  }
  if (o.runChimera && !existsSync(CHIMERA_BIN)) {
    process.stderr.write(`diff-qemu: ${relative(ROOT, CHIMERA_BIN)} not found; use --qemu-only to check QEMU alone\n`);
    return 2;
  }

  const rows: Row[] = [];
  for (const { dir, manifest } of manifests) {
    const qemuOk = o.runQemu && qemuAvailable(manifest.qemu[0]);
    if (o.runQemu && !qemuOk) {
      const msg = `${manifest.qemu[0]} is not installed (Debian: apt-get install qemu-system-arm qemu-system-sparc qemu-system-x86)`;
      if (o.updateExpected || !o.runChimera) {
        process.stderr.write(`diff-qemu: ${msg}\n`);
        return 2;
      }
      process.stderr.write(`diff-qemu: ${msg}; comparing with the committed expected files instead\n`);
    }
    for (const g of manifest.guests.filter((x) => selected(x, o))) {
      const row = await checkGuest(dir, manifest, g, o, qemuOk);
      rows.push(row);
      if (process.stderr.isTTY) process.stderr.write(`  ${manifest.board}/${g.name}: ${row.match}\n`);
    }
  }
  if (rows.length === 0) {
    process.stderr.write(`diff-qemu: no guest matches ${o.filters.join(' ')}\n`);
    return 2;
  }
  printTable(rows);
  if (o.updateExpected) {
    const unchanged = rows.filter((r) => r.note === 'expected unchanged').length;
    const failedRuns = rows.filter((r) => r.match === 'NO').length;
    const notRun = rows.filter((r) => r.match === 'skip').length;
    const written = rows.length - unchanged - failedRuns - notRun;
    process.stdout.write(`${written} expected files written, ${unchanged} unchanged, ${failedRuns} failed${notRun ? `, ${notRun} not run on QEMU` : ''}\n`);
    return failedRuns > 0 ? 1 : 0;
  }
  const passed = rows.filter((r) => r.match === 'yes').length;
  const failed = rows.filter((r) => r.match === 'NO').length;
  const skipped = rows.filter((r) => r.match === 'skip').length;
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  if (failed > 0) process.stdout.write(`outputs of failed runs: ${relative(ROOT, FAILED_OUTPUT_DIR)}/\n`);
  return failed > 0 ? 1 : 0;
}

// Run only when executed, so tests can import parseManifest without side effects.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
