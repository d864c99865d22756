import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { explore, type ExploreRequest } from '../../src/explore/explorer.js';
import { parseExploreArgs } from '../../src/explore/explore-args.js';
import { ThreadPool } from '../../src/explore/point-pool.js';
import { formatReport, reportJson, shellWord, type ExploreReport } from '../../src/explore/report.js';
import { isPointError, runPoint } from '../../src/explore/run-point.js';
import { enumeratePoints, parseAxis } from '../../src/explore/space.js';
import { packageRoot } from '../../src/util/package-root.js';
import { toyRace, useToyEnv } from './toy-race.js';

const race = toyRace();

function request(extra: string[]): ExploreRequest {
  const a = parseExploreArgs([...race.argv, ...extra]);
  if (a._tag === 'Left') throw new Error(a.left);
  return { runArgv: a.right.runArgv, space: a.right.space, match: a.right.match };
}

// Threads are started once per pool size: starting one costs more than a toy point.
const pools = new Map<number, ThreadPool>();

async function sweep(extra: string[], jobs: number): Promise<ExploreReport> {
  let pool = pools.get(jobs);
  if (!pool) pools.set(jobs, (pool = new ThreadPool(jobs)));
  const r = await explore(request(extra), pool);
  if (r._tag === 'Left') throw new Error(r.left);
  return r.right;
}

const SPACE = ['--vary', 'quantum=200ns,1us', '--vary', 'clock.be=40MHz..60MHz:3', '--seeds', '4'];

describe('chimera explore', function () {
  this.timeout(120_000);
  let one: ExploreReport;
  let restoreEnv: () => void;
  before(() => (restoreEnv = useToyEnv(race)));
  after(() => restoreEnv());

  before(async () => {
    one = await sweep(SPACE, 1);
  });
  after(async () => {
    for (const p of pools.values()) await p.close();
  });

  it('covers every point of the space once and groups the runs by outcome, most frequent first', () => {
    expect(one.runs).to.equal(2 * 3 * 4);
    const all = one.outcomes.flatMap((o) => o.points).sort((a, b) => a - b);
    expect(all).to.deep.equal([...Array(24).keys()]);
    expect(one.outcomes.length).to.be.greaterThan(1);
    for (let i = 1; i < one.outcomes.length; i++) {
      const [a, b] = [one.outcomes[i - 1], one.outcomes[i]];
      expect(a.points.length > b.points.length || (a.points.length === b.points.length && a.points[0] < b.points[0])).to.equal(true);
    }
  });

  it('prints the same bytes with 1 or 2 jobs and on a second sweep (text and JSON)', async () => {
    const two = await sweep(SPACE, 2);
    expect(formatReport(two)).to.equal(formatReport(one));
    expect(reportJson(two)).to.equal(reportJson(one));
    const again = await sweep(SPACE, 2);
    expect(reportJson(again)).to.equal(reportJson(one));
  });

  it('gives each outcome a chimera run command that reproduces its first point exactly', async () => {
    const points = enumeratePoints(request(SPACE).space);
    for (const o of one.outcomes.slice(0, 3)) {
      expect(o.points[0]).to.equal(Math.min(...o.points));
      const again = await runPoint(o.argv);
      expect(isPointError(again)).to.equal(false);
      if (!isPointError(again)) {
        expect(again.status).to.equal(o.status);
        expect(again.output).to.equal(o.output);
      }
      expect(o.argv).to.include.members(['--jitter', `${points[o.points[0]].seed}:1us`]);
    }
    // And as a real command line, in a shell-free spawn of the CLI.
    const o = one.outcomes[one.outcomes.length - 1];
    const cli = spawnSync(process.execPath, [join(packageRoot(), 'bin', 'chimera.js'), 'run', ...o.argv], { env: { ...process.env, ...race.env }, encoding: 'latin1' });
    expect(cli.status).to.equal(o.status);
    expect(cli.stdout).to.equal(o.output);
  });

  it('shows the lines that tell outcomes apart, and groups by --match instead of the whole output', async () => {
    const text = formatReport(one);
    expect(text).to.match(/^chimera explore .*toy-duo\.yaml: 24 runs, \d+ distinct outcomes\n/);
    expect(text).to.contain('space: quantum (2) × clock.be (3) × seeds 1..4 (jitter, bound 1us)');
    expect(text).to.match(/reproduce: npx chimera run \S+toy-duo\.yaml --load le=\S+ --load be=\S+ --max-time 10ms --quantum \S+ --clock be=\d+MHz --jitter \d:1us/);
    const matched = await sweep(['--vary', 'quantum=200ns,1us', '--seeds', '3', '--match', 'do(n)e'], 1);
    expect(matched.outcomes.every((o) => JSON.stringify(o.matches) === '["n"]')).to.equal(true);
    // Same output everywhere: only the exit status (the counter) separates outcomes.
    expect(new Set(matched.outcomes.map((o) => o.status)).size).to.equal(matched.outcomes.length);
  });

  it('measures PCT steps with an unperturbed run per axis point', async () => {
    const r = await sweep(['--vary', 'quantum=200ns,1us', '--seeds', '2', '--strategy', 'pct', '--depth', '2'], 1);
    expect(Object.keys(r.steps ?? {})).to.deep.equal(['0', '1']);
    const pct = r.outcomes.flatMap((o) => o.argv.filter((w) => /^\d+:2:\d+$/.test(w)));
    expect(pct.length).to.be.greaterThan(0);
    expect(r.steps!['0']).to.be.greaterThan(r.steps!['1']); // a shorter quantum means more slices
  });

  it('refuses contradictory or malformed sweeps, naming the flag', async () => {
    const err = (argv: string[]) => {
      const a = parseExploreArgs([...race.argv, ...argv]);
      return a._tag === 'Left' ? a.left.split('\n')[0] : '';
    };
    expect(err(['--vary', 'speed=1,2'])).to.match(/unknown axis "speed"/);
    expect(err(['--vary', 'quantum=1us,1us'])).to.match(/listed twice/);
    expect(err(['--vary', 'clock.be=60MHz..40MHz:3'])).to.match(/empty/);
    expect(err(['--vary', 'quantum=0ns'])).to.match(/greater than zero/);
    expect(err(['--depth', '3'])).to.match(/only meaningful with --seeds/);
    expect(err(['--seeds', '2', '--depth', '3'])).to.match(/add --strategy pct/);
    expect(err(['--seeds', '2', '--strategy', 'dfs'])).to.match(/choose jitter or pct/);
    expect(err(['--queue', 'http://x'])).to.match(/write redis:\/\/HOST:PORT/);
    expect(err(['--match', '('])).to.match(/not a regular expression/);
    const pool = pools.get(1)!;
    {
      const both = await explore(request(['--quantum', '1us', '--vary', 'quantum=1us,2us']), pool);
      expect(both._tag === 'Left' && both.left).to.match(/--quantum and --vary quantum/);
      const trace = await explore(request(['--trace', '/tmp/x.json']), pool);
      expect(trace._tag === 'Left' && trace.left).to.match(/--trace/);
      const missing = await explore({ ...request([]), runArgv: [race.board, '--load', 'le=/nonexistent.elf'] }, pool);
      expect(missing._tag === 'Left' && missing.left).to.match(/\/nonexistent\.elf: no such file/);
    }
  });

  it('enumerates ranges exactly and quotes reproduction words for a shell', () => {
    const a = parseAxis('clock.cpu1=90MHz..110MHz:5');
    expect(a._tag === 'Right' && a.right.values.map((v) => v[1])).to.deep.equal(['cpu1=90MHz', 'cpu1=95MHz', 'cpu1=100MHz', 'cpu1=105MHz', 'cpu1=110MHz']);
    const q = parseAxis('quantum=100ns,1us,10us');
    expect(q._tag === 'Right' && q.right.values.map((v) => v.join(' '))).to.deep.equal(['--quantum 100ns', '--quantum 1us', '--quantum 10us']);
    expect(shellWord('--load')).to.equal('--load');
    expect(shellWord("it's here")).to.equal(`'it'\\''s here'`);
  });
});
