import { expect } from 'chai';
import type { LapicCpu } from '../../../../arches/x86_64/apic/lapic-contract.js';
import { createLapic, EXTINT_PENDING, LocalApic } from '../../../../arches/x86_64/apic/lapic.js';
import i8259 from '../../../../plugins/i8259/index.js';
import ioapicPlugin from '../../../../plugins/ioapic/index.js';
import { SimpleInterruptMessageBus, type InterruptMessage } from '../../../../src/api/index.js';
import { CapturingLogger, createTestContext, TestScheduler } from 'chimera-sim/testing';

/** A CPU as the LAPIC sees it: records what it was told. */
class FakeCpu implements LapicCpu {
  inits = 0;
  readonly startups: number[] = [];
  nmis = 0;
  changes = 0;
  constructor(readonly id: string) {}
  interruptStateChanged(): void {
    this.changes++;
  }
  init(): void {
    this.inits++;
  }
  startup(vector: number): void {
    this.startups.push(vector);
  }
  nmi(): void {
    this.nmis++;
  }
}

const ID = 0x20, VERSION = 0x30, TPR = 0x80, APR = 0x90, PPR = 0xa0, EOI = 0xb0, LDR = 0xd0, DFR = 0xe0, SVR = 0xf0;
const ISR = 0x100, TMR = 0x180, IRR = 0x200, ESR = 0x280, ICR_LO = 0x300, ICR_HI = 0x310;
const LVT_TIMER = 0x320, LVT_LINT0 = 0x350, LVT_LINT1 = 0x360, LVT_ERROR = 0x370, TICR = 0x380, TCCR = 0x390, TDCR = 0x3e0;
const MASKED = 0x10000;

/** Several CPUs with their local APICs on one message bus. */
function machine(count = 2, bus = new SimpleInterruptMessageBus(), scheduler = new TestScheduler()) {
  const cpus = Array.from({ length: count }, (_, i) => new FakeCpu(`cpu${i}`));
  const apics = cpus.map((cpu, i) => createLapic({ cpu, apicId: i, scheduler, messages: bus, log: new CapturingLogger(), busFrequency: 1e9 }) as LocalApic);
  apics.forEach((a) => a.reset(false));
  const messages: InterruptMessage[] = [];
  bus.listen((m) => {
    messages.push(m);
    return undefined;
  });
  const rd = (n: number, off: number) => apics[n].read(off, 4) >>> 0;
  const wr = (n: number, off: number, v: number) => apics[n].write(off, 4, v >>> 0);
  /** Software-enable with spurious vector 0xFF, as an OS does first. */
  const enable = (n: number) => wr(n, SVR, 0x1ff);
  const ipi = (from: number, icrLow: number, dest = 0) => {
    wr(from, ICR_HI, dest << 24);
    wr(from, ICR_LO, icrLow);
  };
  /** The vector the CPU would take, taken: acknowledge it. */
  const take = (n: number) => (apics[n].pendingVector() >= 0 ? apics[n].acknowledge() : -1);
  /** Take and finish at once (acknowledge, then EOI). */
  const serve = (n: number) => {
    const v = take(n);
    if (v >= 0) wr(n, EOI, 0);
    return v;
  };
  return { cpus, apics, bus, scheduler, messages, rd, wr, enable, ipi, take, serve };
}

describe('arches/x86_64 local APIC', () => {
  describe('registers', () => {
    it('resets as QEMU 7.2: ID from the CPU index, version 0x50014, SVR 0xFF, DFR all ones, LVTs masked', () => {
      const { rd, apics } = machine(2);
      expect([rd(1, ID), rd(0, VERSION), rd(0, SVR), rd(0, DFR), rd(0, LDR), rd(0, TPR)]).to.deep.equal([0x01000000, 0x50014, 0xff, 0xffffffff, 0, 0]);
      for (const off of [0x320, 0x330, 0x340, 0x350, 0x360, 0x370]) expect(rd(0, off)).to.equal(MASKED);
      expect(apics[0].baseMsr).to.equal(0xfee00900); // BSP, enabled
      expect(apics[1].baseMsr).to.equal(0xfee00800);
    });

    it('answers only 32-bit accesses (QEMU), and flags reserved registers in ESR', () => {
      const { apics, rd, wr } = machine(1);
      expect(apics[0].read(VERSION, 1)).to.equal(0);
      rd(0, 0x40);
      wr(0, ESR, 0);
      expect(rd(0, ESR)).to.equal(0x80);
      wr(0, ESR, 0);
      expect(rd(0, ESR)).to.equal(0);
    });

    it('IA32_APIC_BASE: #GP on reserved bits; BSP read-only; a disabled APIC stays off until reset', () => {
      const { apics } = machine(1);
      const a = apics[0];
      expect(a.writeBaseMsr(0xfee00c00, 0)).to.equal(false); // bit 10: x2APIC, absent on qemu64
      expect(a.writeBaseMsr(0xfee00801, 0)).to.equal(false);
      expect(a.writeBaseMsr(0xfee00800, 0x100)).to.equal(false); // beyond 40 physical bits
      expect(a.writeBaseMsr(0xfed00800, 0x12)).to.equal(true); // moved; BSP kept
      expect(a.baseMsr).to.equal(0x12 * 2 ** 32 + 0xfed00900);
      expect(a.writeBaseMsr(0xfee00000, 0)).to.equal(true);
      expect(a.baseMsr).to.equal(0xfee00100);
      a.writeBaseMsr(0xfee00800, 0);
      expect(a.baseMsr & 0x800).to.equal(0);
      a.reset(false);
      expect(a.baseMsr).to.equal(0xfee00900);
    });

    it('LDR, DFR (only bits 31:28), TPR and CR8', () => {
      const { rd, wr, apics } = machine(1);
      wr(0, LDR, 0x12345678);
      wr(0, DFR, 0x0);
      wr(0, TPR, 0x1234);
      expect([rd(0, LDR), rd(0, DFR), rd(0, TPR), apics[0].cr8]).to.deep.equal([0x12000000, 0x0fffffff, 0x34, 3]);
      apics[0].cr8 = 0x1a;
      expect(rd(0, TPR)).to.equal(0xa0);
    });

    it('a software-disabled APIC keeps its LVT entries masked and delivers nothing', () => {
      const { rd, wr, ipi, apics } = machine(1);
      wr(0, LVT_LINT0, 0x700);
      expect(rd(0, LVT_LINT0)).to.equal(0x10700);
      ipi(0, 0x40000 | 0x40); // self
      expect(rd(0, IRR + 0x20)).to.equal(1); // accepted into IRR, as QEMU
      expect(apics[0].pendingVector()).to.equal(-1);
      wr(0, SVR, 0x1ff);
      expect(apics[0].pendingVector()).to.equal(0x40);
      wr(0, LVT_LINT0, 0x700);
      expect(rd(0, LVT_LINT0)).to.equal(0x700);
      wr(0, SVR, 0x0ff); // disabling masks them all
      expect(rd(0, LVT_LINT0)).to.equal(0x10700);
    });
  });

  describe('priorities', () => {
    it('takes the highest IRR vector whose class is above PPR; ISR and TPR raise PPR', () => {
      const { rd, wr, ipi, enable, apics, take } = machine(1);
      enable(0);
      ipi(0, 0x40000 | 0x31);
      ipi(0, 0x40000 | 0x52);
      wr(0, TPR, 0x50);
      expect(apics[0].pendingVector()).to.equal(-1); // class 5 is not above 5
      expect(rd(0, PPR)).to.equal(0x50);
      wr(0, TPR, 0x4f);
      expect(take(0)).to.equal(0x52);
      expect(rd(0, ISR + 0x20)).to.equal(1 << 18);
      expect(rd(0, PPR)).to.equal(0x50); // the class in service outranks TPR 0x4F
      wr(0, TPR, 0);
      ipi(0, 0x40000 | 0x51);
      expect(apics[0].pendingVector()).to.equal(-1); // same class as the one in service
      ipi(0, 0x40000 | 0x61);
      expect(take(0)).to.equal(0x61); // a higher class nests
      wr(0, EOI, 0);
      wr(0, EOI, 0);
      expect(take(0)).to.equal(0x51);
      wr(0, EOI, 0);
      expect(take(0)).to.equal(0x31);
    });

    it('acknowledge after TPR rose above the request gives the spurious vector, nothing in service', () => {
      const { wr, ipi, apics, rd } = machine(1);
      wr(0, SVR, 0x1f7);
      ipi(0, 0x40000 | 0x45);
      expect(apics[0].pendingVector()).to.equal(0x45);
      wr(0, TPR, 0xf0);
      expect(apics[0].acknowledge()).to.equal(0xf7);
      expect(rd(0, ISR + 0x20)).to.equal(0);
      expect(rd(0, IRR + 0x20)).to.equal(1 << 5);
    });

    it('APR follows the SDM formula', () => {
      const { rd, wr, ipi, enable, take } = machine(1);
      enable(0);
      wr(0, TPR, 0x35);
      expect(rd(0, APR)).to.equal(0x35);
      ipi(0, 0x40000 | 0x70);
      expect(rd(0, APR)).to.equal(0x70); // IRRV above TPR
      take(0);
      expect(rd(0, APR)).to.equal(0x30); // TPR 3 AND ISRV 7
    });

    it('EOI ends the highest vector in service; only level-triggered vectors send an eoi message', () => {
      const { wr, rd, bus, enable, take, messages } = machine(1);
      enable(0);
      bus.send({ kind: 'msi', address: 0xfee00000, data: 0x8000 | 0x4000 | 0x66, source: 'ioapic' });
      bus.send({ kind: 'msi', address: 0xfee00000, data: 0x33, source: 'ioapic' });
      expect(rd(0, TMR + 0x30)).to.equal(1 << 6);
      expect(take(0)).to.equal(0x66);
      expect(take(0)).to.equal(-1);
      messages.length = 0;
      wr(0, EOI, 0);
      expect(messages).to.deep.equal([{ kind: 'eoi', address: 0, data: 0x66, source: 'cpu0' }]);
      expect(take(0)).to.equal(0x33);
      messages.length = 0;
      wr(0, EOI, 0);
      expect(messages).to.deep.equal([]);
    });
  });

  describe('IPIs', () => {
    it('fixed IPI to a physical destination reaches that APIC only', () => {
      const { ipi, enable, take, cpus } = machine(3);
      [0, 1, 2].forEach(enable);
      const before = cpus[1].changes;
      ipi(0, 0x4041, 2);
      expect([take(0), take(1), take(2)]).to.deep.equal([-1, -1, 0x41]);
      expect(cpus[1].changes).to.equal(before);
    });

    it('shorthands: self, all including self, all excluding self; physical broadcast 0xFF', () => {
      const { ipi, enable, serve } = machine(3);
      [0, 1, 2].forEach(enable);
      ipi(1, 0x40000 | 0x50);
      expect([serve(0), serve(1), serve(2)]).to.deep.equal([-1, 0x50, -1]);
      ipi(1, 0x80000 | 0x51);
      expect([serve(0), serve(1), serve(2)]).to.deep.equal([0x51, 0x51, 0x51]);
      ipi(1, 0xc0000 | 0x52);
      expect([serve(0), serve(1), serve(2)]).to.deep.equal([0x52, -1, 0x52]);
      ipi(0, 0x53, 0xff);
      expect([serve(0), serve(1), serve(2)]).to.deep.equal([0x53, 0x53, 0x53]);
    });

    it('logical destinations: flat (LDR bit AND) and cluster (cluster ID, then the AND)', () => {
      const { wr, ipi, enable, serve } = machine(3);
      [0, 1, 2].forEach(enable);
      wr(0, LDR, 0x01000000);
      wr(1, LDR, 0x02000000);
      wr(2, LDR, 0x04000000);
      ipi(0, 0x800 | 0x60, 0x06);
      expect([serve(0), serve(1), serve(2)]).to.deep.equal([-1, 0x60, 0x60]);
      for (const n of [0, 1, 2]) wr(n, DFR, 0x0fffffff);
      wr(0, LDR, 0x11000000);
      wr(1, LDR, 0x12000000);
      wr(2, LDR, 0x21000000);
      ipi(0, 0x800 | 0x61, 0x13);
      expect([serve(0), serve(1), serve(2)]).to.deep.equal([0x61, 0x61, -1]);
    });

    it('two IPIs to the same vector before the first is accepted coalesce in IRR; one after it does not', () => {
      const { ipi, enable, take, apics, wr } = machine(2);
      enable(1);
      ipi(0, 0x70, 1);
      ipi(0, 0x70, 1);
      expect(take(1)).to.equal(0x70);
      expect(apics[1].pendingVector()).to.equal(-1); // the second was absorbed
      ipi(0, 0x70, 1); // while 0x70 is in service: waits in IRR
      expect(apics[1].pendingVector()).to.equal(-1);
      wr(1, EOI, 0);
      expect(take(1)).to.equal(0x70);
      wr(1, EOI, 0);
      expect(take(1)).to.equal(-1);
    });

    it('INIT, then two start-up IPIs: the CPU gets INIT once and both SIPIs (it takes the first)', () => {
      const { ipi, cpus, messages } = machine(2);
      ipi(0, 0x4500, 1); // INIT, assert, edge
      ipi(0, 0x8500, 1); // INIT level de-assert: no effect
      ipi(0, 0x4608, 1); // SIPI vector 0x08
      ipi(0, 0x4608, 1);
      expect(cpus[1].inits).to.equal(1);
      expect(cpus[1].startups).to.deep.equal([0x08, 0x08]);
      expect(cpus[0].inits + cpus[0].startups.length).to.equal(0);
      expect(messages.filter((m) => m.kind === 'msi').map((m) => m.data & 0xff00)).to.deep.equal([0x4500, 0x8500, 0x4600, 0x4600]);
    });

    it('NMI IPI; delivery status always reads 0 (delivery is immediate)', () => {
      const { ipi, cpus, rd } = machine(2);
      ipi(0, 0x4400, 1);
      expect(cpus[1].nmis).to.equal(1);
      expect(rd(0, ICR_LO) & 0x1000).to.equal(0);
      expect(rd(0, ICR_LO)).to.equal(0x4400);
      expect(rd(0, ICR_HI)).to.equal(0x01000000);
    });

    it('lowest priority: the destination with the lowest APR takes it; ties go to the lowest APIC ID', () => {
      const { wr, ipi, enable, serve } = machine(3);
      [0, 1, 2].forEach(enable);
      [0, 1, 2].forEach((n) => wr(n, LDR, 0x01000000));
      ipi(0, 0x100 | 0x800 | 0x44, 0x01);
      expect([serve(0), serve(1), serve(2)]).to.deep.equal([0x44, -1, -1]);
      wr(0, TPR, 0x20);
      wr(1, TPR, 0x10);
      wr(2, TPR, 0x30);
      ipi(0, 0x100 | 0x800 | 0x45, 0x01);
      expect([serve(0), serve(1), serve(2)]).to.deep.equal([-1, 0x45, -1]);
    });

    it('illegal vectors: send and receive errors in ESR (after a write), with the error LVT interrupt', () => {
      const { wr, rd, ipi, enable, bus, take } = machine(2);
      enable(0);
      enable(1);
      wr(1, LVT_ERROR, 0xfe);
      ipi(0, 0x05, 1);
      wr(0, ESR, 0);
      expect(rd(0, ESR)).to.equal(0x20);
      bus.send({ kind: 'msi', address: 0xfee01000, data: 0x07, source: 'ioapic' });
      wr(1, ESR, 0);
      expect(rd(1, ESR)).to.equal(0x40);
      expect(take(1)).to.equal(0xfe);
    });

    it('a globally disabled APIC ignores messages; LINT0 becomes the INTR pin and LINT1 the NMI pin', () => {
      const { apics, bus, cpus } = machine(1);
      apics[0].writeBaseMsr(0xfee00000, 0);
      bus.send({ kind: 'msi', address: 0xfee00000, data: 0x4500, source: 'x' });
      expect(cpus[0].inits).to.equal(0);
      bus.listen((m) => (m.kind === 'inta' ? 0x20 : undefined));
      apics[0].setLint(0, 1);
      expect(apics[0].pendingVector()).to.equal(EXTINT_PENDING);
      expect(apics[0].acknowledge()).to.equal(0x20);
      apics[0].setLint(1, 1);
      expect(cpus[0].nmis).to.equal(1);
    });
  });

  describe('LINT pins', () => {
    it('LINT1 in NMI mode: an NMI per rising edge', () => {
      const { wr, enable, apics, cpus } = machine(1);
      enable(0);
      wr(0, LVT_LINT1, 0x400);
      apics[0].setLint(1, 1);
      apics[0].setLint(1, 1);
      apics[0].setLint(1, 0);
      apics[0].setLint(1, 1);
      expect(cpus[0].nmis).to.equal(2);
    });

    it('LINT0 fixed, level triggered: remote IRR until EOI, requested again while still active', () => {
      const { wr, rd, enable, apics, take } = machine(1);
      enable(0);
      apics[0].setLint(0, 1); // idle high
      wr(0, LVT_LINT0, 0x8000 | 0x2000 | 0x90); // level, active low
      expect(take(0)).to.equal(-1);
      apics[0].setLint(0, 0);
      expect(rd(0, LVT_LINT0) & 0x4000).to.equal(0x4000);
      expect(take(0)).to.equal(0x90);
      wr(0, EOI, 0);
      expect(take(0)).to.equal(0x90); // still active
      apics[0].setLint(0, 1);
      wr(0, EOI, 0);
      expect(rd(0, LVT_LINT0) & 0x4000).to.equal(0);
      expect(take(0)).to.equal(-1);
    });

    it('ExtINT through LINT0 with the real 8259: INTR, the INTA cycle answers the vector, ExtINT ignores TPR', () => {
      const env = createTestContext({}, { id: 'pic' });
      const pic = i8259.create(env.ctx);
      pic.reset();
      const { wr, enable, apics, take } = machine(1, env.interruptMessages);
      enable(0);
      wr(0, LVT_LINT0, 0x8700); // as SeaBIOS leaves it
      env.line('intr').connect((level) => apics[0].setLint(0, level));
      for (const [port, v] of [[0x00, 0x11], [0x01, 0x20], [0x01, 0x04], [0x01, 0x01], [0x01, 0xfe], [0x80, 0x11], [0x81, 0x28], [0x81, 0x02], [0x81, 0x01]]) pic.ioWrite!(port, 1, v, 0);
      wr(0, TPR, 0xf0);
      pic.input!('irq0')!(1);
      expect(apics[0].pendingVector()).to.equal(EXTINT_PENDING);
      expect(take(0)).to.equal(0x20);
      expect(apics[0].pendingVector()).to.equal(-1); // the 8259 dropped INTR: IRQ 0 is in service
      pic.ioWrite!(0x00, 1, 0x20, 0);
    });

    it('an ExtINT message (IOAPIC) is acknowledged through the 8259 once', () => {
      const { bus, enable, apics, take } = machine(1);
      enable(0);
      bus.listen((m) => (m.kind === 'inta' ? 0x31 : undefined));
      bus.send({ kind: 'msi', address: 0xfee00000, data: 0x700, source: 'ioapic' });
      expect(apics[0].pendingVector()).to.equal(EXTINT_PENDING);
      expect(take(0)).to.equal(0x31);
      expect(take(0)).to.equal(-1);
    });
  });

  describe('timer', () => {
    it('one-shot: counts down at bus/divide, interrupts N + 1 ticks after the write, rests at 0', () => {
      const { wr, rd, enable, scheduler, take } = machine(1);
      enable(0);
      wr(0, TDCR, 0x0b); // divide by 1: 1 ns ticks at 1 GHz
      wr(0, LVT_TIMER, 0xe0);
      wr(0, TICR, 1000);
      scheduler.advance(400_000);
      expect(rd(0, TCCR)).to.equal(600);
      scheduler.advanceTo(1001 * 1000 - 1);
      expect(take(0)).to.equal(-1);
      scheduler.advanceTo(1001 * 1000);
      expect(take(0)).to.equal(0xe0);
      expect(rd(0, TCCR)).to.equal(0);
      expect(scheduler.pendingBefore(Number.MAX_SAFE_INTEGER)).to.equal(false);
    });

    it('periodic with a divider: one event per period, none per tick', () => {
      const { wr, rd, enable, scheduler, apics } = machine(1);
      enable(0);
      wr(0, TDCR, 0x03); // divide by 16
      wr(0, LVT_TIMER, 0x20000 | 0xe1);
      wr(0, TICR, 99); // period: 100 ticks of 16 ns
      const period = 100 * 16 * 1000;
      let fired = 0;
      for (let i = 1; i <= 5; i++) {
        scheduler.advanceTo(i * period - 1);
        expect(scheduler.pendingBefore(i * period - 1)).to.equal(false);
        scheduler.advanceTo(i * period);
        if (apics[0].pendingVector() === 0xe1) {
          fired++;
          apics[0].acknowledge();
          wr(0, EOI, 0);
        }
      }
      expect(fired).to.equal(5);
      scheduler.advance(50 * 16 * 1000);
      expect(rd(0, TCCR)).to.equal(49);
    });

    it('reprogrammed while running: a new initial count restarts from the write, 0 stops it', () => {
      const { wr, rd, enable, scheduler, take } = machine(1);
      enable(0);
      wr(0, TDCR, 0x0b);
      wr(0, LVT_TIMER, 0xe2);
      wr(0, TICR, 1000);
      scheduler.advanceTo(700_000);
      wr(0, TICR, 500); // restart: expires at 700 us + 501 ns... in ns: 700 + 501 ticks
      scheduler.advanceTo(1001 * 1000);
      expect(take(0)).to.equal(-1); // the old expiry is gone
      expect(rd(0, TCCR)).to.equal(500 - 301);
      scheduler.advanceTo((700 + 501) * 1000);
      expect(take(0)).to.equal(0xe2);
      wr(0, EOI, 0);
      wr(0, LVT_TIMER, 0x20000 | 0xe2);
      wr(0, TICR, 10);
      wr(0, TICR, 0);
      scheduler.advance(1_000_000);
      expect(take(0)).to.equal(-1);
      expect(scheduler.pendingBefore(Number.MAX_SAFE_INTEGER)).to.equal(false);
    });

    it('a masked timer counts without interrupting or scheduling; unmasking arms the next expiry', () => {
      const { wr, rd, enable, scheduler, take } = machine(1);
      enable(0);
      wr(0, TDCR, 0x0b);
      wr(0, LVT_TIMER, MASKED | 0x20000 | 0xe3);
      wr(0, TICR, 99);
      expect(scheduler.pendingBefore(Number.MAX_SAFE_INTEGER)).to.equal(false);
      scheduler.advanceTo(250_000);
      expect(rd(0, TCCR)).to.equal(99 - 50);
      expect(take(0)).to.equal(-1);
      wr(0, LVT_TIMER, 0x20000 | 0xe3);
      scheduler.advanceTo(300_000 - 1);
      expect(take(0)).to.equal(-1);
      scheduler.advanceTo(300_000);
      expect(take(0)).to.equal(0xe3);
    });

    it('divide configuration: 0 divides by 2 (the SDM), 0b1011 by 1', () => {
      const { wr, rd, enable, scheduler } = machine(1);
      enable(0);
      wr(0, TICR, 1000);
      scheduler.advance(200_000);
      expect(rd(0, TCCR)).to.equal(900);
      wr(0, TDCR, 0xff);
      expect(rd(0, TDCR)).to.equal(0x0b);
    });
  });

  it('with the IOAPIC: a level interrupt comes back after EOI while its line stays high', () => {
    const env = createTestContext({}, { id: 'ioapic' });
    const io = ioapicPlugin.create(env.ctx);
    io.reset();
    const { enable, apics, take, wr } = machine(2, env.interruptMessages);
    enable(0);
    enable(1);
    io.write!(0x00, 4, 0x10 + 2 * 9 + 1, 0);
    io.write!(0x10, 4, 0x01000000, 0); // to APIC 1
    io.write!(0x00, 4, 0x10 + 2 * 9, 0);
    io.write!(0x10, 4, 0x8000 | 0x59, 0); // level, vector 0x59
    io.input!('pin9')!(1);
    expect(take(1)).to.equal(0x59);
    expect(apics[0].pendingVector()).to.equal(-1);
    wr(1, EOI, 0); // line still high: delivered again
    expect(take(1)).to.equal(0x59);
    io.input!('pin9')!(0);
    wr(1, EOI, 0);
    expect(take(1)).to.equal(-1);
  });
});
