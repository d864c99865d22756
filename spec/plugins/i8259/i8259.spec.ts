import { expect } from 'chai';
import plugin from '../../../plugins/i8259/index.js';
import type { I8259Options } from '../../../plugins/i8259/i8259.js';
import { createTestContext } from 'chimera-sim/testing';

/** Offsets as the board maps them: base 0x20, windows 0xA0 and 0x4D0. */
const M_CMD = 0x00, M_DATA = 0x01, S_CMD = 0x80, S_DATA = 0x81, ELCR0 = 0x4b0, ELCR1 = 0x4b1;

function setup(options: I8259Options = {}) {
  const env = createTestContext<I8259Options>(options, { id: 'pic' });
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.ioRead!(o, 1, 0);
  const wr = (o: number, v: number) => dev.ioWrite!(o, 1, v, 0);
  const irq = (n: number, level: number) => dev.input!(`irq${n}`)!(level);
  const inta = () => env.interruptMessages.send({ kind: 'inta', address: 0, data: 0, source: 'cpu0' });
  /** The BIOS/Linux initialisation: vectors 0x20 and 0x28, cascade on IRQ 2, 8086 mode, all unmasked. */
  const init = (icw4 = 0x01) => {
    wr(M_CMD, 0x11);
    wr(M_DATA, 0x20);
    wr(M_DATA, 0x04);
    wr(M_DATA, icw4);
    wr(S_CMD, 0x11);
    wr(S_DATA, 0x28);
    wr(S_DATA, 0x02);
    wr(S_DATA, icw4);
    wr(M_DATA, 0);
    wr(S_DATA, 0);
  };
  const isr = (cmd: number) => {
    wr(cmd, 0x0b);
    const v = rd(cmd);
    wr(cmd, 0x0a);
    return v;
  };
  return { env, dev, rd, wr, irq, inta, init, isr, intr: () => env.line('intr').level };
}

describe('plugins/i8259', () => {
  it('rejects unknown inputs and offers irq0..irq15', () => {
    const { dev } = setup();
    expect(dev.input!('irq15')).to.be.a('function');
    expect(dev.input!('irq16')).to.equal(undefined);
    expect(dev.input!('intr')).to.equal(undefined);
  });

  it('initialises with ICW1-4 and reads IMR, IRR and ISR', () => {
    const { rd, wr, irq, init, isr } = setup();
    init();
    wr(M_DATA, 0xb8);
    wr(S_DATA, 0x8f);
    expect([rd(M_DATA), rd(S_DATA)]).to.deep.equal([0xb8, 0x8f]);
    irq(3, 1);
    irq(12, 1);
    expect(rd(M_CMD)).to.equal(0x08 | 0x04); // IRR: IRQ 3, and IRQ 2 from the slave
    expect(rd(S_CMD)).to.equal(0x10);
    expect(isr(M_CMD)).to.equal(0);
    // ICW1 clears the mask and what was in service.
    wr(M_CMD, 0x11);
    wr(M_DATA, 0x20);
    wr(M_DATA, 0x04);
    wr(M_DATA, 0x01);
    expect(rd(M_DATA)).to.equal(0);
  });

  it('edge request: INTR, acknowledge gives the vector and moves IRR to ISR, EOI ends it', () => {
    const { env, rd, wr, irq, inta, init, isr, intr } = setup();
    init();
    irq(0, 1);
    expect(intr()).to.equal(1);
    expect(inta()).to.equal(0x20);
    expect(intr()).to.equal(0);
    expect(isr(M_CMD)).to.equal(0x01);
    expect(rd(M_CMD)).to.equal(0); // edge consumed
    irq(0, 0);
    irq(0, 1); // a second edge while in service waits in IRR
    expect(intr()).to.equal(0);
    wr(M_CMD, 0x20);
    expect(intr()).to.equal(1);
    expect(inta()).to.equal(0x20);
    wr(M_CMD, 0x20);
    expect(env.history('intr')).to.deep.equal([1, 0, 1, 0]);
  });

  it('fixed priority: lower IRQ first; a higher one nests, a lower one waits for EOI', () => {
    const { wr, irq, inta, init, intr } = setup();
    init();
    irq(3, 1);
    irq(1, 1);
    expect(inta()).to.equal(0x21);
    expect(intr()).to.equal(0); // 3 waits behind 1
    irq(0, 1);
    expect(intr()).to.equal(1); // 0 outranks 1
    expect(inta()).to.equal(0x20);
    wr(M_CMD, 0x20); // non-specific EOI ends the highest in service: 0
    expect(intr()).to.equal(0);
    wr(M_CMD, 0x20); // then 1
    expect(inta()).to.equal(0x23);
  });

  it('cascade: a slave IRQ comes through master IRQ 2 with the slave vector; both need EOI', () => {
    const { wr, irq, inta, init, isr, intr } = setup();
    init();
    irq(10, 1);
    expect(intr()).to.equal(1);
    expect(inta()).to.equal(0x2a);
    expect(isr(M_CMD)).to.equal(0x04);
    expect(isr(S_CMD)).to.equal(0x04);
    irq(9, 1);
    irq(9, 0);
    expect(intr()).to.equal(0); // 9 outranks 10 on the slave, but master IRQ 2 is still in service
    wr(S_CMD, 0x20);
    wr(M_CMD, 0x20);
    expect(intr()).to.equal(1);
    expect(inta()).to.equal(0x29);
  });

  it('special fully nested mode lets a higher slave IRQ nest inside master IRQ 2', () => {
    const { irq, inta, init, intr } = setup();
    init(0x11);
    irq(10, 1);
    expect(inta()).to.equal(0x2a);
    irq(9, 1);
    expect(intr()).to.equal(1);
    expect(inta()).to.equal(0x29);
  });

  it('spurious IRQ 7: a level request that drops before INTA leaves ISR untouched', () => {
    const { wr, irq, inta, init, isr, intr } = setup();
    init();
    wr(ELCR0, 0x20); // IRQ 5 level triggered
    irq(5, 1);
    expect(intr()).to.equal(1);
    irq(5, 0); // the device withdrew its request
    expect(intr()).to.equal(0);
    expect(inta()).to.equal(0x27);
    expect(isr(M_CMD)).to.equal(0);
  });

  it('spurious IRQ 7 also when the IRQ is masked between INTR and INTA', () => {
    const { wr, irq, inta, init, isr } = setup();
    init();
    irq(4, 1);
    wr(M_DATA, 0x10);
    expect(inta()).to.equal(0x27);
    expect(isr(M_CMD)).to.equal(0);
  });

  it('spurious IRQ 15: the slave request went away; master ISR bit 2 is set and needs its EOI', () => {
    const { wr, irq, inta, init, isr, intr } = setup();
    init();
    wr(ELCR1, 0x08); // IRQ 11 level triggered
    irq(11, 1);
    irq(11, 0);
    expect(intr()).to.equal(1); // master IRQ 2 latched the slave's edge
    expect(inta()).to.equal(0x2f);
    expect(isr(S_CMD)).to.equal(0);
    expect(isr(M_CMD)).to.equal(0x04);
    wr(M_CMD, 0x62); // specific EOI for IRQ 2
    expect(isr(M_CMD)).to.equal(0);
  });

  it('level-triggered: the request stays while the line is high and comes back after EOI', () => {
    const { wr, irq, inta, init, intr, rd } = setup();
    init();
    wr(ELCR1, 0x0e); // IRQ 9, 10, 11 level
    irq(11, 1);
    expect(inta()).to.equal(0x2b);
    expect(rd(S_CMD) & 0x08).to.equal(0x08); // IRR still follows the line
    wr(S_CMD, 0x20);
    wr(M_CMD, 0x20);
    expect(intr()).to.equal(1);
    expect(inta()).to.equal(0x2b);
    irq(11, 0);
    wr(S_CMD, 0x20);
    wr(M_CMD, 0x20);
    expect(intr()).to.equal(0);
  });

  it('ICW1.LTIM makes every input level triggered', () => {
    const { rd, wr, irq } = setup();
    wr(M_CMD, 0x19);
    wr(M_DATA, 0x20);
    wr(M_DATA, 0x04);
    wr(M_DATA, 0x01);
    irq(6, 1);
    expect(rd(M_CMD)).to.equal(0x40);
    irq(6, 0);
    expect(rd(M_CMD)).to.equal(0);
  });

  it('ELCR keeps only the bits a PC has (IRQ 0, 1, 2, 8, 13 are always edge)', () => {
    const { rd, wr } = setup();
    wr(ELCR0, 0xff);
    wr(ELCR1, 0xff);
    expect([rd(ELCR0), rd(ELCR1)]).to.deep.equal([0xf8, 0xde]);
    expect(setup().dev.ioRead!(ELCR0, 2, 0)).to.equal(0);
  });

  it('auto-EOI: nothing stays in service', () => {
    const { irq, inta, init, isr, intr } = setup();
    init(0x03);
    irq(1, 1);
    irq(6, 1);
    expect(inta()).to.equal(0x21);
    expect(isr(M_CMD)).to.equal(0);
    expect(intr()).to.equal(1);
    expect(inta()).to.equal(0x26);
  });

  it('rotation: set priority, rotate on non-specific EOI, rotate in auto-EOI', () => {
    const a = setup();
    a.init();
    a.wr(M_CMD, 0xc3); // IRQ 3 lowest, so IRQ 4 highest
    a.irq(1, 1);
    a.irq(5, 1);
    expect(a.inta()).to.equal(0x25);
    a.wr(M_CMD, 0xa0); // EOI and rotate: 5 becomes lowest, 6 highest
    a.irq(5, 0);
    a.irq(5, 1);
    expect(a.inta()).to.equal(0x21); // 1 now outranks 5
    const b = setup();
    b.init(0x03);
    b.wr(M_CMD, 0x80); // rotate in auto-EOI
    b.irq(0, 1);
    b.irq(3, 1);
    expect(b.inta()).to.equal(0x20);
    b.irq(0, 0);
    b.irq(0, 1);
    expect(b.inta()).to.equal(0x23); // 0 went to the bottom
  });

  it('special mask mode lets lower IRQs in while a masked one is in service', () => {
    const { wr, irq, inta, init, intr } = setup();
    init();
    irq(3, 1);
    expect(inta()).to.equal(0x23);
    irq(5, 1);
    expect(intr()).to.equal(0);
    wr(M_DATA, 0x08); // mask the one in service
    wr(M_CMD, 0x68); // special mask on
    expect(intr()).to.equal(1);
    expect(inta()).to.equal(0x25);
    wr(M_CMD, 0x48); // off again
  });

  it('poll mode: the next read returns 0x80 | IRQ and acknowledges it; 0 when none', () => {
    const { rd, wr, irq, init, isr, intr } = setup();
    init();
    irq(6, 1);
    wr(M_CMD, 0x0c);
    expect(rd(M_CMD)).to.equal(0x86);
    expect(isr(M_CMD)).to.equal(0x40);
    expect(intr()).to.equal(0);
    wr(M_CMD, 0x0c);
    expect(rd(M_DATA)).to.equal(0);
    expect(rd(M_DATA)).to.equal(0); // poll lasts for one read: this is IMR
  });

  it('single mode skips ICW3', () => {
    const { rd, wr, irq, inta } = setup();
    wr(M_CMD, 0x13);
    wr(M_DATA, 0x40);
    wr(M_DATA, 0x01); // ICW4
    wr(M_DATA, 0xfe); // now OCW1
    expect(rd(M_DATA)).to.equal(0xfe);
    irq(0, 1);
    expect(inta()).to.equal(0x40);
  });

  it('bootState seabios: programmed as QEMU 7.2 shows it after SeaBIOS (IMR b8/8e, ELCR 00/0c, IRR 0x10)', () => {
    const { rd, wr, irq, inta } = setup({ bootState: 'seabios' });
    expect([rd(M_DATA), rd(S_DATA), rd(ELCR0), rd(ELCR1), rd(M_CMD)]).to.deep.equal([0xb8, 0x8e, 0x00, 0x0c, 0x10]);
    irq(0, 1);
    expect(inta()).to.equal(0x08);
    wr(M_CMD, 0x20);
    irq(8, 1);
    expect(inta()).to.equal(0x70);
  });
});
