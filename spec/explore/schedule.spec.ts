import { expect } from 'chai';
import type { Cpu } from '../../src/api/cpu.js';
import { parseRunArgs } from '../../src/cli/run-args.js';
import { formatDuration } from '../../src/explore/format-units.js';
import { isPointError, runPoint, type PointResult } from '../../src/explore/run-point.js';
import { JitterPolicy } from '../../src/explore/schedule/jitter-policy.js';
import { PctPolicy } from '../../src/explore/schedule/pct-policy.js';
import { SeededRandom } from '../../src/explore/schedule/random.js';
import { formatHz, parseTimingOptions } from '../../src/explore/schedule/timing-options.js';
import { parseDuration, parseFrequency } from '../../src/time/units.js';
import { VirtualTimeScheduler } from '../../src/time/virtual-time-scheduler.js';
import { toyRace, useToyEnv } from './toy-race.js';

const race = toyRace();

async function point(extra: string[]): Promise<PointResult> {
  const r = await runPoint([...race.argv, ...extra]);
  if (isPointError(r)) throw new Error(r.error);
  return r;
}

const running = (n: number): Cpu[] => Array.from({ length: n }, () => ({ state: 'running' }) as Cpu);

describe('schedule perturbations (chimera run --jitter, --pct, --clock)', () => {
  let restoreEnv: () => void;
  before(() => (restoreEnv = useToyEnv(race)));
  after(() => restoreEnv());
  it('the same seed gives the same run; different seeds give different interleavings', async () => {
    for (const flag of ['--jitter', '--pct']) {
      const arg = (s: number) => (flag === '--jitter' ? `${s}:200ns` : `${s}:3:100`);
      const a = await point([flag, arg(1)]);
      const b = await point([flag, arg(1)]);
      expect(b, `${flag} twice`).to.deep.equal(a);
      const statuses = new Set<number>();
      for (let s = 1; s <= 8; s++) statuses.add((await point([flag, arg(s)])).status);
      expect(statuses.size, `${flag}: distinct counters over 8 seeds`).to.be.greaterThan(1);
    }
  });

  it('perturbs timing only: every CPU still runs its whole program', async () => {
    // Each CPU executes the same instructions whatever the schedule, except the busy-wait for the flag.
    const base = await point([]);
    for (const extra of [['--jitter', '3:500ns'], ['--pct', '3:4:50'], ['--clock', 'be=37MHz']]) {
      const r = await point(extra);
      expect(r.output, extra.join(' ')).to.equal(base.output);
      expect(r.status, extra.join(' ')).to.be.within(100, 200);
    }
  });

  it('--clock changes a CPU clock, and an unknown CPU is named in the error', async () => {
    const slow = await point(['--clock', 'be=25MHz']);
    const fast = await point(['--clock', 'be=100MHz']);
    expect(slow.time).to.be.greaterThan(fast.time);
    const bad = await runPoint([...race.argv, '--clock', 'cpu9=1MHz']);
    expect(isPointError(bad) && bad.error).to.match(/--clock cpu9=.*no CPU "cpu9".*CPUs: le, be/);
  });

  it('refuses malformed timing flags, naming the flag', () => {
    const errors = (argv: string[]) => {
      const r = parseTimingOptions({ clock: [], ...Object.fromEntries(argv.map((a) => a.split('#'))) } as never);
      return r._tag === 'Left' ? r.left.join('\n') : '';
    };
    expect(errors(['jitter#7'])).to.match(/--jitter 7: write SEED:BOUND/);
    expect(errors(['jitter#7:0ns'])).to.match(/greater than zero/);
    expect(errors(['jitter#99999999999:1us'])).to.match(/--jitter/);
    expect(errors(['pct#1:0'])).to.match(/depth must be 1\.\.64/);
    expect(errors(['pct#1:2:0'])).to.match(/steps must be at least 1/);
    expect(errors(['pct#x:2'])).to.match(/--pct x:2: write SEED:DEPTH/);
    expect(errors(['pct#1:2', 'jitter#1:1us'])).to.match(/choose one/);
    const clock = parseTimingOptions({ clock: ['cpu1', 'cpu1=fast'] });
    expect(clock._tag === 'Left' && clock.left.join('\n')).to.match(/--clock cpu1: write <cpu-id>=<frequency>[\s\S]*--clock cpu1=fast/);
    const run = parseRunArgs(['chimera-soc', '--pct', '1:99']);
    expect(run._tag === 'Left' && run.left.message).to.match(/--pct 1:99/);
  });

  it('prints durations and frequencies exactly, so reproduction flags read back the same value', () => {
    for (const ps of [1, 999, 1000, 1500, 100_000, 1_000_000, 2_500_000, 10_000_000, 1_234_567, 3e9, 7e12]) {
      const d = parseDuration(formatDuration(ps));
      expect(d._tag === 'Right' && d.right, formatDuration(ps)).to.equal(ps);
    }
    for (const hz of [90e6, 95e6, 97.5e6, 1e9, 1.25e9, 32768, 12345, 62.5e6]) {
      const f = parseFrequency(formatHz(hz));
      expect(f._tag === 'Right' && f.right, formatHz(hz)).to.equal(hz);
    }
  });
});

describe('jitter policy', () => {
  it('ends each turn at most BOUND before the slice end and delays events by 0..BOUND', () => {
    const p = new JitterPolicy(5, 300);
    for (let slice = 0; slice < 200; slice++) {
      const turns = p.turns(slice, 1000 * slice, 1000 * slice + 1000, running(3));
      expect(turns.map((t) => t.cpu)).to.deep.equal([0, 1, 2]);
      for (const t of turns) expect(t.until).to.be.within(1000 * slice + 700, 1000 * slice + 1000);
      expect(p.eventDelay()).to.be.within(0, 300);
    }
  });

  it('never reorders the events of one source, never fires an event early, and forgets cancelled ones', () => {
    const s = new VirtualTimeScheduler(1000);
    s.setPolicy(new JitterPolicy(9, 50_000));
    const fired: [number, number][] = [];
    const asked: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = 100 * i;
      asked.push(t);
      s.at(t, () => fired.push([i, s.now()]), 'fifo');
    }
    const cancelled = s.at(1_000_000, () => fired.push([-1, s.now()]), 'timer');
    s.cancel(cancelled);
    s.at(10, () => fired.push([-2, s.now()]), 'timer'); // an earlier reprogramming is not held back
    s.run(1e9);
    const fifo = fired.filter(([i]) => i >= 0);
    expect(fifo.map(([i]) => i)).to.deep.equal([...Array(200).keys()]);
    for (const [i, at] of fifo) expect(at).to.be.at.least(asked[i]);
    expect(fired.some(([i]) => i === -1)).to.equal(false);
    const early = fired.find(([i]) => i === -2)!;
    expect(early[1]).to.be.within(10, 10 + 50_000);
  });
});

describe('PCT policy', () => {
  it('draws DEPTH-1 distinct change points among STEPS slices, with priorities 1..DEPTH-1', () => {
    const p = new PctPolicy(11, 5, 40);
    const points = [...p.changePoints];
    expect(points).to.have.length(4);
    expect(new Set(points.map(([s]) => s)).size).to.equal(4);
    for (const [step] of points) expect(step).to.be.within(0, 39);
    expect(points.map(([, prio]) => prio).sort()).to.deep.equal([1, 2, 3, 4]);
  });

  it('runs CPUs by priority and, at a change point, preempts the top one part-way and demotes it', () => {
    // Seeds until the single change point (depth 2) falls after a few slices, so the order before it is seen.
    let seed = 1;
    while ([...new PctPolicy(seed, 2, 10).changePoints][0][0] < 2) seed++;
    const p = new PctPolicy(seed, 2, 10);
    const [[change]] = [...p.changePoints];
    const cpus = running(3);
    const order = (slice: number) => p.turns(slice, slice * 100, slice * 100 + 100, cpus).map((t) => ({ ...t }));
    const before = order(0).map((t) => t.cpu);
    expect(new Set(before).size).to.equal(3);
    for (let slice = 1; slice < change; slice++) expect(order(slice).map((t) => t.cpu), 'priorities hold between change points').to.deep.equal(before);
    const at = order(change);
    expect(at.map((t) => t.cpu)).to.deep.equal([before[0], before[1], before[2], before[0]]);
    expect(at[0].until).to.be.within(change * 100, change * 100 + 99);
    expect(at.slice(1).every((t) => t.until === change * 100 + 100)).to.equal(true);
    for (let slice = change + 1; slice < 10; slice++) {
      expect(order(slice).map((t) => t.cpu), 'the demoted CPU stays last').to.deep.equal([before[1], before[2], before[0]]);
    }
  });

  it('skips CPUs that are not running when it picks the one to preempt', () => {
    let seed = 1;
    while ([...new PctPolicy(seed, 2, 4).changePoints][0][0] !== 0) seed++;
    const p = new PctPolicy(seed, 2, 4);
    const first = new PctPolicy(seed, 2, 4).turns(1, 100, 200, running(2)).map((t) => t.cpu);
    const cpus = running(2);
    (cpus[first[0]] as { state: string }).state = 'idle';
    const turns = p.turns(0, 0, 100, cpus);
    expect(turns[0].cpu, 'the running one is preempted').to.equal(first[1]);
    expect(turns).to.have.length(3);
  });

  it('the random stream depends on the seed and lane only', () => {
    const a = new SeededRandom(1, 1);
    const b = new SeededRandom(1, 1);
    const c = new SeededRandom(1, 2);
    const xs = Array.from({ length: 50 }, () => a.next32());
    expect(Array.from({ length: 50 }, () => b.next32())).to.deep.equal(xs);
    expect(Array.from({ length: 50 }, () => c.next32())).to.not.deep.equal(xs);
    const d = new SeededRandom(3, 1);
    for (let i = 0; i < 1000; i++) expect(d.intInclusive(7)).to.be.within(0, 7);
  });
});
