import { expect } from 'chai';
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
    for (const m of pairManifests()) {
      for (const p of m.pairs) {
        it(`${p.name} on ${m.board}`, async () => {
          const images = Object.entries(p.load).map(([cpu, elf]) => ({ file: join(m.dir, elf), cpu }));
          await checkRoundTrip(m.board, images, setsOf(p.chimeraArgs));
        });
      }
    }
  });

  describe('single-arch guests continue byte-identically after a restore', () => {
    const picks: Record<string, string[]> = { leon3: ['timer', 'traps', 'windows', 'float', 'smp'], 'virt-aarch64': ['timer', 'exceptions', 'mmu', 'smp', 'atomics', 'simd'] };
    for (const m of guestManifests()) {
      for (const g of m.guests.filter((x) => picks[m.board]?.includes(x.name))) {
        it(`${g.name} on ${m.board}`, async () => {
          await checkRoundTrip(m.board, [{ file: join(m.dir, g.elf) }], setsOf(g.chimeraArgs));
        });
      }
    }
  });
});
