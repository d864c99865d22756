import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputRouter } from '../../src/output/output-router.js';
import { attachRaceDetector, sharedBackings } from '../../src/races/attach.js';
import { describeRaces, formatRaces, type RaceReportEntry } from '../../src/races/race-report.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { packageRoot } from '../../src/util/package-root.js';
import { toyRace } from '../explore/toy-race.js';

const HETERO = join(packageRoot(), 'guests', 'hetero');

async function runPair(name: string, races: boolean): Promise<{ output: string; entries: RaceReportEntry[]; accesses: number }> {
  const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), {
    board: 'chimera-soc',
    images: [
      { file: join(HETERO, 'build', `${name}-a64.elf`), cpu: 'cpu0' },
      { file: join(HETERO, 'build', `${name}-sparc.elf`), cpu: 'cpu1' },
    ],
  });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const machine = built.right;
  const detector = races ? attachRaceDetector(machine) : undefined;
  const chunks: Buffer[] = [];
  const router = new OutputRouter(machine, new Map(), (c) => chunks.push(c));
  machine.run(60e12, () => router.flush());
  router.close();
  return {
    output: Buffer.concat(chunks).toString('latin1'),
    entries: detector ? describeRaces(machine, detector.races) : [],
    accesses: detector?.accessesChecked ?? 0,
  };
}

const expected = (name: string) => readFileSync(join(HETERO, 'expected', `${name}.out`), 'latin1');

describe('chimera run --races on the heterogeneous pairs', function () {
  this.timeout(240_000);

  it('race: reports the unsynchronised counter between the aarch64 and the SPARC, and runs exactly as without --races', async () => {
    const r = await runPair('race', true);
    expect(r.output).to.equal(expected('race'));
    expect(r.entries.length).to.be.greaterThan(0);
    for (const e of r.entries) {
      expect(e.memory).to.equal('sram');
      expect(e.offset).to.be.within(0x1000, 0x1003);
      expect([e.first.cpu, e.second.cpu].sort()).to.deep.equal(['cpu0', 'cpu1']);
      expect(e.first.address).to.equal(0x20000000 + e.offset);
      for (const s of [e.first, e.second]) expect(s.symbol).to.match(/^main\+0x[0-9a-f]+$/);
      expect(e.first.access === 'write' || e.second.access === 'write').to.equal(true);
    }
    const kinds = new Set(r.entries.map((e) => `${e.first.cpu}:${e.first.access}>${e.second.cpu}:${e.second.access}`));
    expect(kinds).to.include('cpu0:write>cpu1:read');
    expect(kinds).to.include('cpu1:write>cpu0:write');
    const text = formatRaces(r.entries, r.accesses);
    expect(text).to.match(/^races: \d+ unsynchronised pairs of accesses to shared memory \(\d+ accesses checked\)\nrace 1: sram\+0x100[0-3], \d+ times?\n {2}(write|read) +by cpu[01] \((aarch64|sparc)\) at pc 0x[0-9a-f]{8} <main\+0x[0-9a-f]+>, address 0x2000100[0-3], t = [0-9.]+ (us|ms)\n/);
  });

  for (const name of ['pingpong', 'endian']) {
    it(`${name}: everything goes through the mailbox, so nothing is reported`, async () => {
      const r = await runPair(name, true);
      expect(r.output).to.equal(expected(name));
      expect(r.entries).to.deep.equal([]);
      if (name === 'endian') expect(r.accesses, 'the byte-order tables were checked').to.be.greaterThan(100);
    });
  }

  it('observes only memory that more than one CPU maps, and leaves the fast path alone without --races', async () => {
    const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board: 'chimera-soc' });
    if (built._tag === 'Left') throw new Error(built.left.message);
    const m = built.right;
    expect(sharedBackings(m).map((b) => b.name)).to.deep.equal(['sram']);
    const [a64, sparc] = m.cpuEntries.map((e) => e.memory);
    const page = 0x20001000 >>> 12;
    expect(a64.readIndex[page]).to.not.equal(0);
    attachRaceDetector(m);
    expect(a64.readIndex[page]).to.equal(0);
    expect(sparc.writeIndex[page]).to.equal(0);
    expect(a64.readIndex[0x40000000 >>> 12], 'private RAM stays on the fast path').to.not.equal(0);
    // Bytes as they are through the observed path: each CPU in its own order, straddling pages too.
    a64.write32(0x20001000, 0x12345678);
    expect(sparc.read32(0x20001000)).to.equal(0x78563412);
    sparc.write32(0x20001ffe, 0xa1b2c3d4);
    expect(a64.read16(0x20001ffe)).to.equal(0xb2a1);
    expect(a64.read16(0x20002000)).to.equal(0xd4c3);
    expect(a64.isMemory(0x20001000, 8)).to.equal(true);
    // Reservations and decoded code are still tracked on observed pages.
    a64.markCode(0x20000040, 4);
    expect(sparc.isCode(0x20000040)).to.equal(true);
    sparc.write8(0x20000041, 1);
    expect(sparc.isCode(0x20000040)).to.equal(false);
  });

  it('chimera run --races prints the report with symbols on stderr', () => {
    const r = toyRace(60, 20);
    const cli = spawnSync(process.execPath, [join(packageRoot(), 'bin', 'chimera.js'), 'run', ...r.argv, '--races'], { env: { ...process.env, ...r.env }, encoding: 'utf8' });
    expect(cli.stdout).to.equal('[uart_le] done\n');
    expect(cli.stderr).to.match(/chimera: races: \d+ unsynchronised pairs/);
    expect(cli.stderr).to.match(/chimera: {3}(write|read) +by (le|be) \(toy\) at pc 0x0000[0-9a-f]{4} <racer\+0x[0-9a-f]+>, address 0x000[23]0000, t = /);
  });
});
