import { expect } from 'chai';
import { join } from 'node:path';
import { SYNC_ACQUIRE, SYNC_ACQUIRE_RELEASE, SYNC_RELEASE, type SyncObserver } from '../../src/api/sync-events.js';
import type { Machine } from '../../src/machine/machine.js';
import { OutputRouter } from '../../src/output/output-router.js';
import { attachRaceDetector } from '../../src/races/attach.js';
import { describeRaces } from '../../src/races/race-report.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { packageRoot } from '../../src/util/package-root.js';
import { boardWithCpuOptions } from '../guests/board-variant.js';

const root = packageRoot();
const SYNC = (cpu: string) => join(root, 'spec', 'fixtures', 'races', 'build', `sync-${cpu}.elf`);
const HETERO = (pair: string, cpu: string) => join(root, 'guests', 'hetero', 'build', `${pair}-${cpu}.elf`);

async function build(a64: string, sparc: string, board = 'chimera-soc'): Promise<Machine> {
  const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), {
    board,
    images: [
      { file: a64, cpu: 'cpu0' },
      { file: sparc, cpu: 'cpu1' },
    ],
  });
  if (built._tag === 'Left') throw new Error(built.left.message);
  return built.right;
}

function run(machine: Machine): { output: string; status: number } {
  const chunks: Buffer[] = [];
  const router = new OutputRouter(machine, new Map(), (c) => chunks.push(c));
  const stop = machine.run(60e12, () => router.flush());
  router.close();
  return { output: Buffer.concat(chunks).toString('latin1'), status: stop.kind === 'exit' ? stop.status : -1 };
}

/** Counts what the cores report, without judging it. */
class Spy implements SyncObserver {
  readonly counts = new Map<string, number>();
  private open = new Map<number, number>();
  private add(k: string): void {
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
  barrier(cpu: number): void {
    this.add(`barrier ${cpu}`);
  }
  beginAtomic(cpu: number, kind: number): void {
    expect(this.open.has(cpu), 'atomics do not nest').to.equal(false);
    this.open.set(cpu, kind);
    this.add(`atomic ${cpu} ${kind}`);
  }
  endAtomic(cpu: number): void {
    this.open.delete(cpu);
  }
  interruptTaken(cpu: number): void {
    this.add(`irq ${cpu}`);
  }
  messageSent(device: string, _m: number, cpu: number): void {
    this.add(`send ${device} ${cpu}`);
  }
  messageReceived(device: string, _m: number, cpu: number): void {
    this.add(`receive ${device} ${cpu}`);
  }
  get balanced(): boolean {
    return this.open.size === 0;
  }
}

describe('synchronisation the arches report (SyncEvents)', function () {
  this.timeout(240_000);

  it('a cross-ISA spinlock (LDAXRB/STXRB/STLRB against LDSTUB/STBAR) loses no update and is not a race; the flag handshake orders the table', async () => {
    const m = await build(SYNC('a64'), SYNC('sparc'));
    const detector = attachRaceDetector(m);
    const r = run(m);
    expect(r.output).to.contain('[uart0] a64: counter 6000 of 6000, sparc found 0 wrong table words\n');
    expect(r.output).to.contain('[uart0] a64: sync done: OK\n');
    expect(r.status).to.equal(0);
    const races = describeRaces(m, detector.races);
    // Only the flag itself (plain loads and stores) is reported: not the counter, the lock or the table.
    expect(races.length).to.be.greaterThan(0);
    for (const e of races) expect(e.offset, `${e.first.symbol} / ${e.second.symbol}`).to.be.within(0x2200, 0x2203);
  });

  it('aarch64 and SPARC report barriers, exclusives, ordered accesses and LDSTUB with their kinds', async () => {
    const m = await build(SYNC('a64'), SYNC('sparc'));
    const spy = new Spy();
    m.sync.observer = spy;
    run(m);
    const c = spy.counts;
    expect(spy.balanced).to.equal(true);
    expect(c.get('barrier 0'), 'DMB/DSB').to.be.at.least(2);
    expect(c.get('barrier 1'), 'STBAR').to.be.at.least(3001);
    expect(c.get(`atomic 0 ${SYNC_ACQUIRE}`), 'LDAXRB').to.be.at.least(3000);
    expect(c.get(`atomic 0 ${SYNC_RELEASE}`), 'STXRB and STLRB').to.be.at.least(6000);
    expect(c.get(`atomic 1 ${SYNC_ACQUIRE_RELEASE}`), 'LDSTUB').to.be.at.least(3000);
    expect(c.get('send mailbox 0')).to.be.at.least(1);
    expect(c.get('receive mailbox 1')).to.be.at.least(1);
  });

  it('translated code reports what the interpreters report: the same events and the same races with every core interpreted or translated at once', async () => {
    const reference = boardWithCpuOptions(boardWithCpuOptions('chimera-soc', 'aarch64', { blockLimit: 1 }, 'sync-a64-step'), 'sparc', { translate: false }, 'sync-reference');
    const translated = boardWithCpuOptions(boardWithCpuOptions('chimera-soc', 'aarch64', { hotThreshold: 1 }, 'sync-a64-hot'), 'sparc', { hotThreshold: 1 }, 'sync-translated');
    const seen: string[] = [];
    for (const board of [reference, translated]) {
      const spy = new Spy();
      const m = await build(SYNC('a64'), SYNC('sparc'), board);
      m.sync.observer = spy;
      const out = run(m).output;
      const counts = [...spy.counts].sort().map(([k, v]) => `${k}=${v}`).join(' ');
      const m2 = await build(SYNC('a64'), SYNC('sparc'), board);
      const detector = attachRaceDetector(m2);
      const out2 = run(m2).output;
      const races = describeRaces(m2, detector.races).map((e) => `${e.offset} ${e.first.symbol}/${e.second.symbol}`).sort().join(', ');
      expect(out2, 'output with --races').to.equal(out);
      seen.push(`${counts}\n${races}\n${out}`);
    }
    expect(seen[1], 'translated at once').to.equal(seen[0]);
  });

  it('both cores report the interrupts they take (pingpong runs on interrupts)', async () => {
    const m = await build(HETERO('pingpong', 'a64'), HETERO('pingpong', 'sparc'));
    const spy = new Spy();
    m.sync.observer = spy;
    run(m);
    expect(spy.counts.get('irq 0')).to.be.greaterThan(10);
    expect(spy.counts.get('irq 1')).to.be.greaterThan(10);
  });
});
