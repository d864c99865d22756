import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import { redisMissing, startRedis, type TestRedis } from './redis-server.js';
import { toyRace, type ToyRace } from './toy-race.js';

const CHIMERA = join(packageRoot(), 'bin', 'chimera.js');

interface Proc {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function chimera(args: string[], cwd: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [CHIMERA, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const p: Proc = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (d: Buffer) => (p.stdout += d.toString('latin1')));
  child.stderr!.on('data', (d: Buffer) => (p.stderr += d.toString('utf8')));
  return p;
}

async function until(what: string, test: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pair with relative file names, as a user in its folder would type them. */
function relative(r: ToyRace): string[] {
  return [r.board, '--load', `le=${basename(r.le)}`, '--load', `be=${basename(r.be)}`, ...r.argv.slice(5)];
}

describe('chimera explore --queue with chimera worker processes (BullMQ on a real redis-server)', function () {
  this.timeout(240_000);
  let redis: TestRedis | undefined;
  const workers: Proc[] = [];

  before(async function () {
    const missing = redisMissing();
    if (missing) {
      process.stderr.write(`      skipped: ${missing}\n`);
      this.skip();
    }
    redis = await startRedis();
  });

  afterEach(async () => {
    for (const w of workers.splice(0)) {
      if (w.child.exitCode === null) w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  after(async () => {
    await redis?.stop();
  });

  const worker = (dir: string, r: ToyRace): Proc => {
    const w = chimera(['worker', redis!.url, '--lock-ms', '1500'], dir, r.env);
    workers.push(w);
    return w;
  };
  const ready = (w: Proc) => until('a worker to connect', () => /waiting for jobs/.test(w.stderr));

  it('two workers give the same report as one machine, and a worker killed mid-job loses no point', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chimera-queue-'));
    const r = toyRace(120, 30000, '1s', dir);
    const space = ['--vary', 'quantum=1us,5us', '--seeds', '2', '--json', '--no-progress'];
    const local = chimera(['explore', ...relative(r), ...space, '--jobs', '2'], dir, r.env);
    const w1 = worker(dir, r);
    const w2 = worker(dir, r);
    await Promise.all([ready(w1), ready(w2)]);
    const queued = chimera(['explore', ...relative(r), ...space, '--queue', redis!.url], dir, r.env);
    // Kill the first worker as soon as it has started a point: its job must be run again elsewhere.
    await until('worker 1 to start a point', () => /\(point (\d+)\) started/.test(w1.stderr));
    const killed = /\(point (\d+)\) started/.exec(w1.stderr)![1];
    w1.child.kill('SIGKILL');
    expect(await queued.exited, queued.stderr).to.equal(0);
    expect(await local.exited, local.stderr).to.equal(0);
    expect(w1.stderr).to.not.match(new RegExp(`\\(point ${killed}\\) done`));
    expect(w2.stderr, 'the killed point ran again on worker 2').to.match(new RegExp(`\\(point ${killed}\\) done`));
    const report = JSON.parse(queued.stdout) as { runs: number; outcomes: { points: number[] }[] };
    expect(report.runs).to.equal(4);
    expect(report.outcomes.flatMap((o) => o.points).sort()).to.deep.equal([0, 1, 2, 3]);
    expect(queued.stdout).to.equal(local.stdout);
  });

  it('a worker whose files differ refuses the job, and the sweep stops with its reason', async () => {
    const mine = mkdtempSync(join(tmpdir(), 'chimera-queue-'));
    const theirs = mkdtempSync(join(tmpdir(), 'chimera-queue-'));
    const r = toyRace(50, 20, '10ms', mine);
    const other = toyRace(50, 21, '10ms', theirs); // same names, other programs
    const w = worker(theirs, other);
    await ready(w);
    const queued = chimera(['explore', ...relative(r), '--vary', 'quantum=1us,2us', '--queue', redis!.url, '--no-progress'], mine, r.env);
    const status = await queued.exited;
    expect(status).to.equal(2);
    expect(queued.stderr).to.match(/worker refused point \d: different files than the explorer's: program \S*le\.elf: sha256 [0-9a-f]{16}… here, [0-9a-f]{16}… on the explorer/);
    expect(w.stderr).to.match(/refused job/);
  });

  it('says so when Redis cannot be reached', async () => {
    const r = toyRace();
    const p = chimera(['explore', ...r.argv, '--queue', 'redis://127.0.0.1:1', '--no-progress'], packageRoot(), r.env);
    expect(await p.exited).to.equal(2);
    expect(p.stderr).to.match(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
