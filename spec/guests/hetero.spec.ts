import { expect } from 'chai';
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
