import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FIXTURE_ARCHES, FIXTURE_BOARDS, FIXTURE_PLUGINS, scratchFile } from '../helpers/toy-harness.js';
import { join } from 'node:path';
import { buildSimulation, type ImageRequest } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import type { Machine } from '../../src/machine/machine.js';
import { restoreSnapshot, takeSnapshot, type MachineSnapshot } from '../../src/snapshot/machine-snapshot.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/snapshot/snapshot-file.js';
import { packageRoot } from '../../src/util/package-root.js';
import { guestManifests, pairManifests } from '../guests/guest-runner.js';

const ROOT = packageRoot();

async function build(board: string, images: ImageRequest[], set?: Record<string, string>): Promise<Machine> {
  const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board, images, set });
  if (built._tag === 'Left') throw new Error(built.left.message);
  return built.right;
}

/** The `--set P=V` of a manifest entry's arguments. */
function setsOf(args: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  (args ?? []).forEach((a, i, all) => {
    if (a === '--set') {
      const [k, v] = all[i + 1].split('=');
      out[k] = v;
    }
  });
  return out;
}

interface Run {
  output: string;
  stop: string;
  end: number;
  instructions: number[];
  /** Output produced before the snapshot, and the snapshot. */
  bytes: Map<string, number[]>;
  before?: Map<string, number>;
  snapshot?: MachineSnapshot;
}

/** Run to the end; with `at`, take a snapshot at the first slice boundary at or after it. */
function run(machine: Machine, at?: number): Run {
  // Each serial port's bytes on their own, as the guest wrote them (no console labels, which restart on a new line).
  const bytes = new Map<string, number[]>();
  for (const [id, ch] of machine.serial) {
    const out: number[] = [];
    bytes.set(id, out);
    ch.connect((b) => out.push(b));
  }
  const text = () => [...bytes].map(([id, b]) => `${id}:${Buffer.from(b).toString('latin1')}\n`).join('');
  let before: Map<string, number> | undefined;
  let snapshot: MachineSnapshot | undefined;
  const stop = machine.run(60e12, (t) => {
    if (at !== undefined && snapshot === undefined && t >= at && machine.scheduler.stopReason === null) {
      const s = takeSnapshot(machine);
      if (s._tag === 'Left') throw new Error(s.left);
      snapshot = s.right;
      before = new Map([...bytes].map(([id, b]) => [id, b.length]));
    }
  });
  return { output: text(), bytes, stop: JSON.stringify(stop), end: machine.scheduler.endTime, instructions: machine.cpus.map((c) => c.instructions), before, snapshot };
}

/** Snapshot at `at`, through the file format, restore into a fresh machine: the rest must be identical. */
async function checkRoundTrip(board: string, images: ImageRequest[], set?: Record<string, string>): Promise<void> {
  // Halfway through the run, whatever its length.
  const at = Math.floor(run(await build(board, images, set)).end / 2);
  const whole = run(await build(board, images, set), at);
  expect(whole.snapshot, 'a snapshot was taken (the run lasted past the snapshot time)').not.to.equal(undefined);
  const file = decodeSnapshot(encodeSnapshot(whole.snapshot!), 'mem');
  if (file._tag === 'Left') throw new Error(file.left);
  const fresh = await build(board, images, set);
  const restored = restoreSnapshot(fresh, file.right);
  if (restored._tag === 'Left') throw new Error(restored.left);
  const rest = run(fresh);
  for (const [id, all] of whole.bytes) {
    const cut = whole.before!.get(id)!;
    expect(Buffer.from(rest.bytes.get(id)!).toString('latin1'), `${id} after the snapshot`).to.equal(Buffer.from(all.slice(cut)).toString('latin1'));
  }
  expect(rest.bytes.size).to.equal(whole.bytes.size);
  expect(whole.output.length, 'the guests printed something').to.be.greaterThan(10);
  expect(rest.stop).to.equal(whole.stop);
  expect(rest.end).to.equal(whole.end);
  expect(rest.instructions).to.deep.equal(whole.instructions);
}

describe('snapshots', function () {
  this.timeout(300_000);

  describe('hetero pairs continue byte-identically after a restore', () => {
    // Every pair passes (run them all by widening this list); the suite keeps three for its time budget.
    const pairs = ['pingpong', 'stream', 'race-q100ns'];
    for (const m of pairManifests()) {
      for (const p of m.pairs.filter((x) => pairs.includes(x.name))) {
        it(`${p.name} on ${m.board}`, async () => {
          const images = Object.entries(p.load).map(([cpu, elf]) => ({ file: join(m.dir, elf), cpu }));
          await checkRoundTrip(m.board, images, setsOf(p.chimeraArgs));
        });
      }
    }
  });

  describe('single-arch guests continue byte-identically after a restore', () => {
    const picks: Record<string, string[]> = { leon3: ['timer', 'traps', 'smp'], 'virt-aarch64': ['timer', 'exceptions', 'smp'] };
    for (const m of guestManifests()) {
      for (const g of m.guests.filter((x) => picks[m.board]?.includes(x.name))) {
        it(`${g.name} on ${m.board}`, async () => {
          await checkRoundTrip(m.board, [{ file: join(m.dir, g.elf) }], setsOf(g.chimeraArgs));
        });
      }
    }
  });
});

describe('snapshot files and refusals', function () {
  this.timeout(120_000);
  const BIN = join(ROOT, 'bin', 'chimera.js');
  const HETERO = join(ROOT, 'guests', 'hetero', 'build');
  const loads = (a: string, b: string) => ['--load', `cpu0=${join(HETERO, a)}`, '--load', `cpu1=${join(HETERO, b)}`];
  const chimera = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CHIMERA_ARCH_PATH: FIXTURE_ARCHES, CHIMERA_PLUGIN_PATH: FIXTURE_PLUGINS } });

  it('--snapshot-at then --restore on the command line: the restored run prints the rest', () => {
    const snap = scratchFile('pp.snap');
    const full = chimera('run', 'chimera-soc', ...loads('pingpong-a64.elf', 'pingpong-sparc.elf'), '--snapshot-at', `200us=${snap}`, '--serial', 'uart0=null');
    expect(full.status, full.stderr).to.equal(0);
    const rest = chimera('run', 'chimera-soc', ...loads('pingpong-a64.elf', 'pingpong-sparc.elf'), '--restore', snap, '--serial', 'uart0=null');
    expect(rest.status, rest.stderr).to.equal(0);
    expect(rest.stdout.length).to.be.greaterThan(50);
    // Single device on stdout, so no labels: the rest is a suffix of the whole.
    expect(full.stdout.endsWith(rest.stdout)).to.equal(true);
    expect(rest.stdout.length).to.be.lessThan(full.stdout.length);
    expect(rest.stderr).to.equal(full.stderr);

    const refuse = (args: string[], re: RegExp) => {
      const r = chimera('run', ...args, '--restore', snap);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(re);
    };
    refuse(['chimera-soc', ...loads('endian-a64.elf', 'pingpong-sparc.elf')], /snapshot is of another machine: cpu0 ran a different pingpong-a64\.elf \(sha256 [0-9a-f]+…\) than endian-a64\.elf now/);
    refuse(['chimera-soc', '--load', `cpu0=${join(HETERO, 'pingpong-a64.elf')}`], /cpu1 ran pingpong-sparc\.elf when it was taken; load it again/);
    refuse(['chimera-soc', ...loads('pingpong-a64.elf', 'pingpong-sparc.elf'), '--set', 'mailboxLatency=200ns'], /board chimera-soc differs from the one it was taken on/);
    refuse(['leon3', '--kernel', join(ROOT, 'guests', 'sparc', 'build', 'hello.elf')], /it is of board chimera-soc, this run's is leon3/);

    const doc = JSON.parse(gunzipSync(readFileSync(snap)).toString('utf8')) as Record<string, unknown>;
    const other = scratchFile('v99.snap');
    writeFileSync(other, gzipSync(JSON.stringify({ ...doc, version: 99 })));
    const r = chimera('run', 'chimera-soc', ...loads('pingpong-a64.elf', 'pingpong-sparc.elf'), '--restore', other);
    expect(r.stderr).to.match(/v99\.snap: snapshot format version 99, this Chimera reads version 1 only/);
    const junk = scratchFile('junk.snap');
    writeFileSync(junk, 'not a snapshot');
    const j = chimera('run', 'chimera-soc', ...loads('pingpong-a64.elf', 'pingpong-sparc.elf'), '--restore', junk);
    expect(j.status).to.equal(2);
    expect(j.stderr).to.match(/junk\.snap: not a Chimera snapshot/);
  });

  it('names the plugins and CPUs that cannot be saved, before the run', () => {
    const r = chimera('run', join(FIXTURE_BOARDS, 'toy-solo.yaml'), '--max-time', '1us', '--snapshot-at', `1ns=${scratchFile('toy.snap')}`);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/--snapshot-at: board toy-solo cannot be snapshotted: CPU "cpu0" \(arch "toy"\) has no saveState\/restoreState; plugin "[a-z-]+" does not implement save\/restore \(devices? [a-z0-9, ]+\)/);
  });

  it('refuses a bad --snapshot-at and a snapshot file that is an input', () => {
    const elf = join(HETERO, 'pingpong-a64.elf');
    for (const [args, re] of [
      [['--snapshot-at', 'soon=x.snap'], /--snapshot-at soon=x\.snap: .*not a duration/],
      [['--snapshot-at', '5ms'], /write <time>=<file>/],
      [['--snapshot-at', `5ms=${elf}`], /is an input file; refusing to overwrite it/],
    ] as [string[], RegExp][]) {
      const r = chimera('run', 'chimera-soc', ...loads('pingpong-a64.elf', 'pingpong-sparc.elf'), ...args);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(re);
    }
  });
});
