import { expect } from 'chai';
import { boardWithCpuOptions } from './board-variant.js';
import { expectedOutput, pairManifests, runPair } from './guest-runner.js';

/**
 * Heterogeneous program pairs (guests/<dir>/pairs.json): an aarch64 and a SPARC program on one
 * board. There is no QEMU machine to compare with, so the programs check themselves and their
 * output is compared with the committed expectation; every run must also be byte-identical to
 * the one before it, traces included.
 */
for (const m of pairManifests()) {
  describe(`guests/${m.dir.split('/').pop()} on ${m.board}`, function () {
    this.timeout(240_000);
    for (const p of m.pairs) {
      it(`${p.name}: ${p.description ?? ''}`, async () => {
        const r = await runPair(m, p);
        expect(r.output).to.equal(expectedOutput(m, p));
        expect(r.status, JSON.stringify(r.stop)).to.equal(p.exitCode ?? 0);
      });
    }

    it('is deterministic: the same pair gives byte-identical output and trace twice', async () => {
      const p = m.pairs[0];
      const a = await runPair(m, p, { trace: true });
      const b = await runPair(m, p, { trace: true });
      expect(a.output).to.equal(b.output);
      expect(a.trace).to.equal(b.trace);
      const events = (JSON.parse(a.trace!) as { traceEvents: { ph: string; cat?: string }[] }).traceEvents;
      expect(events.some((e) => e.ph === 's'), 'mailbox flow starts').to.equal(true);
      expect(events.some((e) => e.ph === 'f'), 'mailbox flow ends').to.equal(true);
      expect(events.some((e) => e.cat === 'irq'), 'interrupt changes').to.equal(true);
      expect(events.some((e) => e.cat === 'serial'), 'serial lines').to.equal(true);
    });

    const quantum = m.pairs.find((p) => p.name.startsWith('quantum'));
    if (quantum) {
      // Each CPU timestamps its shared writes with its own clock and reports how far ahead of
      // its own time it saw the other's latest write (guests/hetero/src/quantum.h). Chimera's
      // promise: never more than one quantum (plus the 16 ns CNTVCT tick and a few ns).
      const leads = (out: string): number[] => [...out.matchAll(/seen ahead \d+ times, by at most (-?\d+) ns/g)].map((x) => Number(x[1]));
      const modes: [string, string | undefined][] = [
        ['as configured', undefined],
        ['every core translating into regions at once', boardWithCpuOptions(m.board, 'aarch64', { hotThreshold: 1 }, 'a64-regions')],
      ];
      for (const [mode, board] of modes) {
        for (const [q, ns] of [['100ns', 100], ['1us', 1000], ['10us', 10000]] as const) {
          it(`quantum ${q}, ${mode}: no CPU sees another more than one quantum ahead, reproducibly`, async () => {
            const args = ['--quantum', q];
            const p = board === undefined ? quantum : { ...quantum, chimeraArgs: [] };
            const mm = board === undefined ? m : { ...m, board: sparcRegions(board) };
            const a = await runPair(mm, p, { extraArgs: args });
            const b = await runPair(mm, p, { extraArgs: args });
            expect(b.output, 'identical runs').to.equal(a.output);
            expect(a.status).to.equal(0);
            const [sparcLead, a64Lead] = leads(a.output);
            expect(sparcLead, a.output).to.be.at.most(ns + 24);
            expect(a64Lead, a.output).to.be.at.most(ns + 24);
            expect(sparcLead, 'the SPARC, second in each slice, sees the aarch64 most of a quantum ahead').to.be.at.least(ns / 2);
          });
        }
      }
    }

    const raceQ = m.pairs.find((p) => p.name === 'race-q1us');
    if (raceQ) {
      it('race: the same interleaving whatever the execution modes (the budget is exact in each)', async () => {
        const reference = boardWithCpuOptions(boardWithCpuOptions(m.board, 'aarch64', { blockLimit: 1 }, 'a64-step'), 'sparc', { translate: false }, 'both-reference');
        const regions = boardWithCpuOptions(boardWithCpuOptions(m.board, 'aarch64', { hotThreshold: 1 }, 'a64-hot'), 'sparc', { hotThreshold: 1 }, 'both-regions');
        const expected = expectedOutput(m, raceQ);
        for (const board of [reference, regions]) {
          const r = await runPair({ ...m, board }, raceQ);
          expect(r.output, board).to.equal(expected);
        }
      });
    }

    const race = m.pairs.find((p) => p.name === 'race');
    if (race) {
      it('race: the quantum changes the interleaving, and each setting is reproducible', async () => {
        const finals = new Map<string, string>();
        for (const q of ['100ns', '1us', '10us', '100us']) {
          const a = await runPair(m, race, { extraArgs: ['--quantum', q] });
          const b = await runPair(m, race, { extraArgs: ['--quantum', q] });
          expect(b.output, `quantum ${q} twice`).to.equal(a.output);
          finals.set(q, a.output);
        }
        expect(new Set(finals.values()).size, 'distinct outcomes over 4 quanta').to.be.greaterThan(1);
      });
    }
  });
}

/** The board copy `board` (aarch64 options changed) with the SPARC translating at once as well. */
function sparcRegions(board: string): string {
  return boardWithCpuOptions(board, 'sparc', { hotThreshold: 1 }, 'all-regions');
}
