import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/util/package-root.js';
import { guestManifests, expectedOutput, runGuest } from '../../guests/guest-runner.js';
import { runBoard } from '../../helpers/toy-harness.js';

const FIXTURES = join(packageRoot(), 'spec', 'fixtures', 'x86_64');

describe('x86-64 against QEMU 7.2', function () {
  this.timeout(300_000);

  for (const blockLimit of [64, 1]) {
    it(`ALU oracle (undefined flags and all conditions as QEMU computes them), ${blockLimit === 1 ? 'one instruction per block' : 'blocks'}`, async () => {
      const r = await runBoard('x86-test.yaml', [{ file: join(FIXTURES, 'alu.elf') }], { append: 'q', set: { blockLimit: String(blockLimit) }, maxTime: 60e12 });
      expect(r.stdout.replace(/^\[con\] /gm, '')).to.equal(readFileSync(join(FIXTURES, 'alu-quick.expected'), 'latin1'));
    });
  }

  // The translator cross-checked by the single-step reference mode on the guests that exercise it most.
  const pc = guestManifests().find((m) => m.board === 'pc');
  const names = ['alu', 'shifts', 'bits', 'moves', 'strings', 'paging', 'exceptions', 'realmode', 'smc'];
  for (const g of pc?.guests.filter((x) => names.includes(x.name)) ?? []) {
    it(`guest ${g.name}, one instruction per block (blockLimit 1), prints what QEMU printed`, async () => {
      const r = await runGuest(pc!, { ...g, chimeraArgs: [...(g.chimeraArgs ?? []), '--set', 'blockLimit=1'] });
      expect(r.output).to.equal(expectedOutput(pc!, g));
      expect(r.status).to.equal(g.exitCode ?? 0);
    });
  }
});
