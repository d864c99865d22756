import { expect } from 'chai';
import { decodeFpSimd } from '../../../arches/aarch64/fpsimd/index.js';
import { TestMachine } from './harness.js';

/** Hand-assembled words (checked with aarch64-linux-gnu-as). */
const ADDS_X0_X1_X2 = 0xab020020;
const SUBS_W0_W1_W2 = 0x6b020020;
const LDXR_X0_X2 = 0xc85f7c40;
const STXR_W4_X5_X2 = 0xc8047c45;
const STR_X3_X2 = 0xf9000043;
const WFE = 0xd503205f;
const SEV = 0xd503209f;
const WFI = 0xd503207f;
const HVC_0 = 0xd4000002;
const SVC_123 = 0xd4002461;
const BRK_5 = 0xd42000a0;
const LDR_X0_X1 = 0xf9400020;
const MOV_X1_0x10000000 = 0xd2a20001;
const B_SELF = 0x14000000;
const MSR_CNTP_TVAL_X1 = 0xd51be201;
const MSR_CNTP_CTL_X2 = 0xd51be222;
const MSR_DAIFCLR_2 = 0xd50342ff;
const FMOV_D0_X1 = 0x9e670020;
const ADD_X0_X0_1 = 0x91000400;
const MOVZ_X0_7 = 0xd28000e0;

const CODE = 0x40000000;
const VBAR = 0x40010000;

function reg(m: TestMachine, name: string, cpu = 0): bigint {
  return m.cpus[cpu].registers.read(name)!;
}

function setReg(m: TestMachine, name: string, value: bigint, cpu = 0): void {
  expect(m.cpus[cpu].registers.write(name, value)).to.equal(true);
}

/** A machine in single-step mode with `words` at CODE and VBAR set. */
function machine(words: number[], cpus = 1): TestMachine {
  const m = new TestMachine(cpus, { blockLimit: 1 });
  m.loadWords(CODE, words);
  for (let i = 0; i < cpus; i++) setReg(m, 'vbar_el1', BigInt(VBAR), i);
  return m;
}

describe('aarch64 core', () => {
  describe('flags', () => {
    const cases: [bigint, bigint, bigint, string][] = [
      [0x7fffffffffffffffn, 1n, 0x8000000000000000n, 'N--V'],
      [0xffffffffffffffffn, 1n, 0n, '-ZC-'],
      [0x8000000000000000n, 0x8000000000000000n, 0n, '-ZCV'],
      [5n, 7n, 12n, '----'],
    ];
    for (const [a, b, r, f] of cases) {
      it(`ADDS ${a.toString(16)} + ${b.toString(16)} -> ${f}`, () => {
        const m = machine([ADDS_X0_X1_X2]);
        setReg(m, 'x1', a);
        setReg(m, 'x2', b);
        m.cpus[0].run(1);
        const c = m.cpus[0];
        expect(reg(m, 'x0')).to.equal(r);
        expect(`${c.nf ? 'N' : '-'}${c.zf ? 'Z' : '-'}${c.cf ? 'C' : '-'}${c.vf ? 'V' : '-'}`).to.equal(f);
      });
    }

    it('SUBS W: borrow clears C and the upper half is zeroed', () => {
      const m = machine([SUBS_W0_W1_W2]);
      setReg(m, 'x0', 0xffffffff00000000n);
      setReg(m, 'x1', 0x1234567800000005n);
      setReg(m, 'x2', 7n);
      m.cpus[0].run(1);
      expect(reg(m, 'x0')).to.equal(0xfffffffen);
      expect(m.cpus[0].nf).to.equal(1);
      expect(m.cpus[0].cf).to.equal(0);
    });
  });

  describe('synchronous exceptions', () => {
    it('an unallocated encoding is UNDEFINED (EC 0) with ELR at the instruction', () => {
      const m = machine([0x00000000]);
      m.cpus[0].run(1);
      expect(reg(m, 'esr_el1')).to.equal(0x02000000n);
      expect(reg(m, 'elr_el1')).to.equal(BigInt(CODE));
      expect(reg(m, 'pc')).to.equal(BigInt(VBAR + 0x200));
      expect(reg(m, 'spsr_el1')).to.equal(0x3c5n);
      expect(m.cpus[0].instructions).to.equal(0);
    });

    it('SVC: EC 0x15 with the immediate, ELR after the SVC', () => {
      const m = machine([SVC_123]);
      m.cpus[0].run(1);
      expect(reg(m, 'esr_el1')).to.equal(0x56000123n);
      expect(reg(m, 'elr_el1')).to.equal(BigInt(CODE + 4));
    });

    it('BRK: EC 0x3C, ELR at the BRK', () => {
      const m = machine([BRK_5]);
      m.cpus[0].run(1);
      expect(reg(m, 'esr_el1')).to.equal(0xf2000005n);
      expect(reg(m, 'elr_el1')).to.equal(BigInt(CODE));
    });

    it('a load from unmapped physical memory is a synchronous external abort', () => {
      const m = machine([MOV_X1_0x10000000, LDR_X0_X1]);
      m.cpus[0].run(2);
      expect(reg(m, 'esr_el1')).to.equal(0x96000010n);
      expect(reg(m, 'far_el1')).to.equal(0x10000000n);
      expect(reg(m, 'elr_el1')).to.equal(BigInt(CODE + 4));
      expect(m.cpus[0].instructions).to.equal(1);
    });

    it('fetching from unmapped memory is an instruction abort', () => {
      const m = machine([B_SELF]);
      setReg(m, 'pc', 0x10000000n);
      m.cpus[0].run(1);
      expect(reg(m, 'esr_el1')).to.equal(0x86000010n);
      expect(reg(m, 'far_el1')).to.equal(0x10000000n);
      expect(reg(m, 'pc')).to.equal(BigInt(VBAR + 0x200));
    });

    it('FP/SIMD with CPACR_EL1.FPEN = 0 traps with EC 0x07 (UNDEFINED while the FP module lacks the encoding)', () => {
      const m = machine([FMOV_D0_X1]);
      m.cpus[0].run(1);
      const want = decodeFpSimd(FMOV_D0_X1) ? 0x1fe00000n : 0x02000000n;
      expect(reg(m, 'esr_el1')).to.equal(want);
    });

    it('LSE atomics are UNDEFINED unless the lse option is set (as on Cortex-A57)', () => {
      const LDADD_X0_X1_X2 = 0xf8200041;
      const plain = machine([LDADD_X0_X1_X2]);
      setReg(plain, 'x2', 0x40002000n);
      plain.cpus[0].run(1);
      expect(reg(plain, 'esr_el1')).to.equal(0x02000000n);
      const m = new TestMachine(1, { blockLimit: 1, lse: true });
      m.loadWords(CODE, [LDADD_X0_X1_X2]);
      setReg(m, 'x2', 0x40002000n);
      setReg(m, 'x0', 5n);
      m.spaces[0].write32(0x40002000, 10);
      m.cpus[0].run(1);
      expect(reg(m, 'x1')).to.equal(10n);
      expect(m.spaces[0].read32(0x40002000)).to.equal(15);
    });

    it('unaligned data with the MMU off: allowed as on QEMU 7.2, an alignment fault with strictAlignment', () => {
      const relaxed = machine([LDR_X0_X1]);
      setReg(relaxed, 'x1', 0x40002001n);
      relaxed.spaces[0].load(0x40002000, new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      relaxed.cpus[0].run(1);
      expect(reg(relaxed, 'x0')).to.equal(0x0807060504030201n);
      const strict = new TestMachine(1, { blockLimit: 1, strictAlignment: true });
      strict.loadWords(CODE, [LDR_X0_X1]);
      setReg(strict, 'x1', 0x40002001n);
      strict.cpus[0].run(1);
      expect(reg(strict, 'esr_el1')).to.equal(0x96000021n);
      expect(reg(strict, 'far_el1')).to.equal(0x40002001n);
    });

    it('an IRQ is taken between instructions when unmasked', () => {
      const m = machine([B_SELF]);
      m.loadWords(VBAR + 0x280, [B_SELF]);
      m.cpus[0].setEntry(CODE);
      setReg(m, 'cpsr', 0x345n); // EL1h, F masked, I clear
      m.cpus[0].input('irq')!(1);
      m.cpus[0].run(1);
      expect(reg(m, 'pc')).to.equal(BigInt(VBAR + 0x280));
      expect(reg(m, 'elr_el1')).to.equal(BigInt(CODE));
      expect(reg(m, 'cpsr') & 0x3c0n).to.equal(0x3c0n);
    });
  });

  describe('SError', () => {
    it('a pending SError waits for PSTATE.A to clear, then enters VBAR+0x180 with EC 0x2F', () => {
      const m = machine([B_SELF]);
      m.loadWords(VBAR + 0x380, [B_SELF]);
      m.cpus[0].setEntry(CODE);
      setReg(m, 'cpsr', 0x3c5n); // EL1h, all of DAIF masked
      m.cpus[0].input('serror')!(1);
      m.cpus[0].run(1);
      expect(reg(m, 'pc')).to.equal(BigInt(CODE)); // masked: still pending
      setReg(m, 'cpsr', 0x2c5n); // A clear
      m.cpus[0].run(1);
      expect(reg(m, 'pc')).to.equal(BigInt(VBAR + 0x380));
      expect(reg(m, 'esr_el1')).to.equal(0xbe000000n);
      expect(reg(m, 'elr_el1')).to.equal(BigInt(CODE));
      expect(reg(m, 'cpsr') & 0x3c0n).to.equal(0x3c0n);
    });

    it('wakes WFI even while masked', () => {
      const m = machine([B_SELF]);
      m.cpus[0].setEntry(CODE);
      const cpu = m.cpus[0];
      (cpu as unknown as { waitForInterrupt(): void }).waitForInterrupt();
      expect(cpu.state).to.equal('idle');
      cpu.input('serror')!(1);
      expect(cpu.state).to.equal('running');
    });
  });

  describe('exclusive monitor across cores', () => {
    function twoCores(): TestMachine {
      const m = machine([LDXR_X0_X2, STXR_W4_X5_X2, B_SELF], 2);
      m.loadWords(CODE + 0x100, [STR_X3_X2, B_SELF]);
      m.cpus[0].setEntry(CODE);
      m.cpus[1].powerOn(CODE + 0x100, 0);
      for (let i = 0; i < 2; i++) {
        setReg(m, 'x2', 0x40002000n, i);
        setReg(m, 'x3', 0x3333n, i);
        setReg(m, 'x5', 0x5555n, i);
      }
      return m;
    }

    it('STXR succeeds when nothing touched the granule', () => {
      const m = twoCores();
      m.cpus[0].run(2);
      expect(reg(m, 'x4')).to.equal(0n);
      expect(m.spaces[0].read32(0x40002000)).to.equal(0x5555);
    });

    it("another core's store to the granule makes STXR fail", () => {
      const m = twoCores();
      m.cpus[0].run(1); // LDXR
      m.cpus[1].run(1); // STR from cpu1
      m.cpus[0].run(1); // STXR
      expect(reg(m, 'x4')).to.equal(1n);
      expect(m.spaces[0].read32(0x40002000)).to.equal(0x3333);
    });
  });

  describe('WFE, SEV and WFI', () => {
    it('WFE sleeps until another core executes SEV', () => {
      const m = machine([SEV, B_SELF], 2);
      m.loadWords(CODE + 0x100, [WFE, B_SELF]);
      m.cpus[0].setEntry(CODE);
      m.cpus[1].powerOn(CODE + 0x100, 0);
      m.cpus[1].run(1);
      expect(m.cpus[1].state).to.equal('idle');
      m.cpus[0].run(1);
      expect(m.cpus[1].state).to.equal('running');
    });

    it('WFE wakes when the exclusive monitor is cleared by another core', () => {
      const m = machine([STR_X3_X2, B_SELF], 2);
      m.loadWords(CODE + 0x100, [LDXR_X0_X2, WFE, B_SELF]);
      m.cpus[0].setEntry(CODE);
      m.cpus[1].powerOn(CODE + 0x100, 0);
      for (let i = 0; i < 2; i++) setReg(m, 'x2', 0x40002000n, i);
      m.cpus[1].run(2);
      expect(m.cpus[1].state).to.equal('idle');
      m.cpus[0].run(1);
      expect(m.cpus[1].state).to.equal('running');
    });

    it('the generic timer wakes WFI and interrupts at CVAL (62.5 MHz counter)', () => {
      const m = machine([MSR_CNTP_TVAL_X1, MSR_CNTP_CTL_X2, MSR_DAIFCLR_2, WFI, B_SELF]);
      const cpu = m.cpus[0];
      cpu.output('cntp')!.connect(cpu.input('irq')!);
      setReg(m, 'x1', 1000n); // 1000 ticks = 16 us
      setReg(m, 'x2', 1n);
      m.loadWords(VBAR + 0x280, [B_SELF]);
      cpu.setEntry(CODE);
      m.run(10e6); // 10 us: still asleep
      expect(cpu.state).to.equal('idle');
      expect(cpu.instructions).to.equal(4);
      m.run(30e6);
      expect(reg(m, 'pc')).to.equal(BigInt(VBAR + 0x280));
      expect(reg(m, 'elr_el1')).to.equal(BigInt(CODE + 16));
      expect(cpu.timer.readCtl(0)).to.equal(5); // ENABLE | ISTATUS
    });
  });

  describe('PSCI', () => {
    it('CPU_ON starts a core at EL1 with X0 = context; ALREADY_ON; AFFINITY_INFO; CPU_OFF', () => {
      const m = machine([HVC_0, HVC_0, HVC_0, B_SELF], 2);
      m.loadWords(CODE + 0x200, [HVC_0, B_SELF]);
      m.cpus[0].setEntry(CODE);
      m.cpus[1].reset(false);
      setReg(m, 'x0', 0xc4000003n);
      setReg(m, 'x1', 1n);
      setReg(m, 'x2', BigInt(CODE + 0x200));
      setReg(m, 'x3', 0x123456789n);
      m.cpus[0].run(1);
      expect(reg(m, 'x0')).to.equal(0n);
      expect(m.cpus[1].state).to.equal('running');
      expect(reg(m, 'pc', 1)).to.equal(BigInt(CODE + 0x200));
      expect(reg(m, 'x0', 1)).to.equal(0x123456789n);
      expect(reg(m, 'cpsr', 1)).to.equal(0x3c5n);
      setReg(m, 'x0', 0xc4000003n);
      m.cpus[0].run(1);
      expect(reg(m, 'x0')).to.equal(BigInt.asUintN(64, -4n)); // ALREADY_ON
      setReg(m, 'x0', 0x84000002n, 1);
      m.cpus[1].run(1); // CPU_OFF
      expect(m.cpus[1].state).to.equal('stopped');
      setReg(m, 'x0', 0xc4000004n);
      setReg(m, 'x1', 1n);
      setReg(m, 'x2', 0n);
      m.cpus[0].run(1);
      expect(reg(m, 'x0')).to.equal(1n); // OFF
    });
  });

  describe('decoded code cache', () => {
    it('a write to translated code is seen on the next execution', () => {
      const m = new TestMachine(1, {});
      m.loadWords(CODE, [ADD_X0_X0_1, B_SELF]);
      m.cpus[0].run(1);
      expect(reg(m, 'x0')).to.equal(1n);
      m.loadWords(CODE, [MOVZ_X0_7]);
      m.cpus[0].run(1);
      expect(reg(m, 'x0')).to.equal(7n);
    });
  });

  describe('register file', () => {
    it('lists and round-trips the main registers as BigInt', () => {
      const m = machine([B_SELF]);
      const names = m.cpus[0].registers.list().map((r) => r.name);
      for (const n of ['x0', 'x30', 'sp', 'pc', 'cpsr', 'sctlr_el1', 'v31']) expect(names).to.include(n);
      setReg(m, 'x7', 0xfedcba9876543210n);
      expect(reg(m, 'x7')).to.equal(0xfedcba9876543210n);
      setReg(m, 'v3', (1n << 127n) | 5n);
      expect(reg(m, 'v3')).to.equal((1n << 127n) | 5n);
      expect(reg(m, 'sctlr_el1')).to.equal(0xc50838n);
      expect(m.cpus[0].registers.read('nonsense')).to.equal(undefined);
    });
  });
});
