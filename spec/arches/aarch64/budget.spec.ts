import { expect } from 'chai';
import { EXCEPTION_ENTRY_CYCLES } from '../../../arches/aarch64/cpu.js';
import { TestMachine } from './harness.js';

const ADD_X0_X0_1 = 0x91000400;
const LDR_X1_X2 = 0xf9400041; // ldr x1, [x2]
const B_SELF = 0x14000000;
/** B with a word offset (negative: backwards). */
const b = (words: number): number => (0x14000000 | (words & 0x3ffffff)) >>> 0;
const CODE = 0x40000000;
const VBAR = 0x40010000;

const MODES: [string, Record<string, unknown>][] = [
  ['single blocks', {}],
  ['regions', { hotThreshold: 1 }],
  ['single-step', { blockLimit: 1 }],
];

/**
 * `Cpu.run(budget)` never uses more than `budget` cycles, whatever the budget and however the
 * code is split into blocks: a block that does not fit runs one instruction at a time.
 */
describe('aarch64 run budget', () => {
  for (const [mode, options] of MODES) {
    it(`${mode}: uses exactly the budget on a loop of 10-instruction blocks, in any chunks`, () => {
      const m = new TestMachine(1, options);
      m.loadWords(CODE, [...Array(9).fill(ADD_X0_X0_1), b(-9)]);
      const cpu = m.cpus[0];
      let total = 0;
      for (const chunk of [1, 2, 3, 7, 9, 10, 11, 13, 29, 64, 100, 127, 128, 129, 250, 1000, 4093, 5, 1]) {
        const used = cpu.run(chunk);
        expect(used, `run(${chunk})`).to.equal(chunk);
        total += chunk;
        expect(cpu.cycles).to.equal(total);
        expect(cpu.instructions).to.equal(total);
        // 9 adds per 10 instructions: the register shows exactly what retired.
        expect(Number(cpu.registers.read('x0'))).to.equal(9 * Math.floor(total / 10) + Math.min(total % 10, 9));
      }
    });

    it(`${mode}: a fault in the middle of a block retires what came before and costs one cycle plus the exception entry`, () => {
      const m = new TestMachine(1, options);
      // 5 adds, a load from unmapped memory, 4 more adds; the vector spins.
      m.loadWords(VBAR + 0x200, [B_SELF]); // synchronous exception, current EL, SP_EL1
      m.loadWords(CODE, [...Array(5).fill(ADD_X0_X0_1), LDR_X1_X2, ...Array(4).fill(ADD_X0_X0_1), B_SELF]);
      const cpu = m.cpus[0];
      expect(cpu.registers.write('vbar_el1', BigInt(VBAR))).to.equal(true);
      expect(cpu.registers.write('x2', 0x10000000n)).to.equal(true);
      expect(cpu.run(100)).to.equal(100);
      expect(Number(cpu.registers.read('x0'))).to.equal(5);
      expect(Number(cpu.registers.read('elr_el1'))).to.equal(CODE + 20);
      expect(cpu.cycles).to.equal(100);
      // Retired: 5 adds, then the vector's B for the rest (the load took a cycle and retired
      // nothing; entering the exception took EXCEPTION_ENTRY_CYCLES).
      expect(cpu.instructions).to.equal(99 - EXCEPTION_ENTRY_CYCLES);
    });

    it(`${mode}: an exception entry that does not fit in the budget is paid in the next run, never beyond a budget`, () => {
      const m = new TestMachine(1, options);
      m.loadWords(VBAR + 0x200, [B_SELF]);
      m.loadWords(CODE, [ADD_X0_X0_1, LDR_X1_X2, B_SELF]);
      const cpu = m.cpus[0];
      expect(cpu.registers.write('vbar_el1', BigInt(VBAR))).to.equal(true);
      expect(cpu.registers.write('x2', 0x10000000n)).to.equal(true);
      // The add, the load's cycle, then 3 of the 32 entry cycles.
      expect(cpu.run(5)).to.equal(5);
      expect(cpu.instructions).to.equal(1);
      let total = 5;
      for (const chunk of [1, 7, 20, 40]) {
        expect(cpu.run(chunk), `run(${chunk})`).to.equal(chunk);
        total += chunk;
        expect(cpu.cycles).to.equal(total);
      }
      // Cycles owed: 29 more entry cycles, then the vector's B retires one a cycle.
      expect(cpu.instructions).to.equal(1 + total - 2 - EXCEPTION_ENTRY_CYCLES);
    });
  }
});
