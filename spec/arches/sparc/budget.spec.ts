import { expect } from 'chai';
import { NOP, OP3, alui, bicc } from './encode.js';
import { makeMachine, words } from './harness.js';

const MODES: [string, Record<string, unknown>][] = [
  ['interpreter', { translate: false }],
  ['translated at once', { hotThreshold: 1 }],
  ['translated when hot', {}],
];

/** `run(budget)` never uses more than `budget` cycles (one per instruction), translated or not. */
describe('SPARC run budget', () => {
  for (const [mode, options] of MODES) {
    it(`${mode}: uses exactly the budget on a loop of 8 instructions (6 adds, ba, delay slot), in any chunks`, () => {
      const add = alui(OP3.add, 1, 1, 1); // add %g1, 1, %g1
      const m = makeMachine(options, words(add, add, add, add, add, add, bicc(8, false, -6), NOP));
      let total = 0;
      for (const chunk of [1, 2, 3, 7, 8, 9, 15, 31, 33, 64, 65, 100, 1000, 20011, 5, 1]) {
        expect(m.cpu.run(chunk), `run(${chunk})`).to.equal(chunk);
        total += chunk;
        expect(m.cpu.cycles).to.equal(total);
        expect(m.cpu.instructions).to.equal(total);
        expect(m.cpu.reg(1) >>> 0).to.equal(6 * Math.floor(total / 8) + Math.min(total % 8, 6));
      }
    });
  }
});
