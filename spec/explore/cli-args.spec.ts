import { expect } from 'chai';
import { parseExploreArgs } from '../../src/explore/explore-args.js';
import { ProgressBar } from '../../src/explore/progress-bar.js';
import { parseWorkerArgs } from '../../src/explore/queue/worker-args.js';

describe('explore and worker command lines', () => {
  it('splits explore flags from the flags every point passes to chimera run', () => {
    const a = parseExploreArgs(['chimera-soc', '--load', 'cpu0=a.elf', '--vary=quantum=1us,2us', '--seeds', '3', '--max-time', '1s', '--json', '--jobs', '2']);
    expect(a._tag).to.equal('Right');
    if (a._tag !== 'Right') return;
    expect(a.right.runArgv).to.deep.equal(['chimera-soc', '--load', 'cpu0=a.elf', '--max-time', '1s']);
    expect(a.right.space.axes.map((x) => x.name)).to.deep.equal(['quantum']);
    expect(a.right).to.deep.include({ jobs: 2, json: true, queueName: 'chimera-explore' });
    expect(a.right.space).to.deep.include({ seeds: 3, strategy: 'jitter', bound: 1_000_000, depth: 3 });
  });

  it('refuses what it cannot run, naming the flag', () => {
    const err = (argv: string[]) => {
      const a = parseExploreArgs(argv);
      return a._tag === 'Left' ? a.left.split('\n')[0] : '';
    };
    expect(err(['--seeds', '2'])).to.match(/needs a board/);
    expect(err(['b', '--seeds', '0'])).to.match(/--seeds 0: write a whole number from 1/);
    expect(err(['b', '--jobs', '2', '--queue', 'redis://h:1'])).to.match(/--jobs and --queue/);
    expect(err(['b', '--json=yes'])).to.match(/takes no value/);
    expect(err(['b', '--vary'])).to.match(/--vary: needs a value/);
    expect(err(['b', '--seeds', '1', '--seeds', '2'])).to.match(/--seeds: give it once/);
    const w = (argv: string[]) => {
      const a = parseWorkerArgs(argv);
      return a._tag === 'Left' ? a.left.split('\n')[0] : 'ok';
    };
    expect(w(['redis://127.0.0.1:6379', '--jobs', '2'])).to.equal('ok');
    expect(w([])).to.match(/one Redis URL, got none/);
    expect(w(['localhost:6379'])).to.match(/write redis:\/\/HOST:PORT/);
    expect(w(['redis://h:1', '--lock-ms', '10'])).to.match(/--lock-ms 10/);
    expect(w(['redis://h:1', '--bogus'])).to.match(/bogus/);
  });

  it('draws the progress bar only when enabled, and clears it', () => {
    const out: string[] = [];
    const bar = new ProgressBar(true, (s) => out.push(s));
    bar.update({ done: 5, total: 10, outcomes: 2 });
    bar.clear();
    expect(out[0]).to.equal('\r\x1b[K[###############...............] 5/10 runs, 2 outcomes');
    expect(out[1]).to.equal('\r\x1b[K');
    const silent: string[] = [];
    const off = new ProgressBar(false, (s) => silent.push(s));
    off.update({ done: 1, total: 1, outcomes: 1 });
    off.clear();
    expect(silent).to.deep.equal([]);
  });
});
