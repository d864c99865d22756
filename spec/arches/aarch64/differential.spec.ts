import { expect } from 'chai';
import { expected, runFixture } from './harness.js';

/**
 * Whole programs compared with QEMU 7.2's output (`spec/fixtures/aarch64/*.expected`), in the
 * block-translating mode and in single-step mode (one instruction per block), which must agree.
 */
const MODES: [string, Record<string, unknown>][] = [
  ['blocks', {}],
  ['single-step', { blockLimit: 1 }],
];

describe('aarch64 against QEMU 7.2 (differential)', function () {
  this.timeout(60_000);
  for (const [mode, options] of MODES) {
    describe(mode, () => {
      it('probe: boot state, PSCI, semihosting, exception syndromes', () => {
        const m = runFixture('probe.elf', 1, options);
        expect(m.output).to.equal(expected('probe.expected'));
        expect(m.exitBy).to.equal('PSCI SYSTEM_OFF');
      });

      it('alu: integer instructions, flags, loads/stores, exclusives', () => {
        const m = runFixture('alu.elf', 1, options);
        expect(m.output).to.equal(expected('alu.expected'));
        expect(m.exitStatus).to.equal(0);
      });

      it('mmu: translation/permission/access-flag faults, AT, EL0, TLBI', () => {
        const m = runFixture('mmu.elf', 1, options);
        expect(m.output).to.equal(expected('mmu.expected'));
      });

      it('smp: PSCI CPU_ON/OFF, spinlock with exclusives and WFE/SEV on 4 cores', () => {
        const m = runFixture('smp.elf', 4, options);
        expect(m.output).to.equal(expected('smp.expected'));
        expect(m.cpus.slice(1).map((c) => c.state)).to.deep.equal(['stopped', 'stopped', 'stopped']);
      });

      it('lse: ARMv8.1 atomics with the lse option (expected from QEMU -cpu max)', () => {
        const m = runFixture('lse.elf', 1, { ...options, lse: true });
        expect(m.output).to.equal(expected('lse.expected'));
      });
    });
  }

  it('bench: compiled -O2 program gives the same checksum', () => {
    const m = runFixture('bench.elf');
    expect(m.output).to.equal(expected('bench.expected'));
  });
});
