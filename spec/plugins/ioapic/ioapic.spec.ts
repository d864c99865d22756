import { expect } from 'chai';
import plugin from '../../../plugins/ioapic/index.js';
import type { IoapicOptions } from '../../../plugins/ioapic/ioapic.js';
import type { InterruptMessage } from '../../../src/api/index.js';
import { validateAgainst } from '../../../src/util/json-schema.js';
import { createTestContext } from 'chimera-sim/testing';

const LEVEL = 1 << 15, MASKED = 1 << 16, REMOTE_IRR = 1 << 14, LOW_ACTIVE = 1 << 13, LOGICAL = 1 << 11;

function setup(options: IoapicOptions = {}) {
  const env = createTestContext<IoapicOptions>(options, { id: 'ioapic' });
  const dev = plugin.create(env.ctx);
  dev.reset();
  const sent: InterruptMessage[] = [];
  env.interruptMessages.listen((m) => {
    if (m.kind === 'msi') sent.push(m);
    return undefined;
  });
  const reg = (r: number) => {
    dev.write!(0x00, 4, r, 0);
    return dev.read!(0x10, 4, 0) >>> 0;
  };
  const setReg = (r: number, v: number) => {
    dev.write!(0x00, 4, r, 0);
    dev.write!(0x10, 4, v >>> 0, 0);
  };
  const route = (pin: number, low: number, destination = 0) => {
    setReg(0x11 + 2 * pin, destination << 24);
    setReg(0x10 + 2 * pin, low);
  };
  const pin = (n: number, level: number) => dev.input!(`pin${n}`)!(level);
  const eoi = (vector: number) => env.interruptMessages.send({ kind: 'eoi', address: 0, data: vector, source: 'cpu0' });
  return { env, dev, sent, reg, setReg, route, pin, eoi };
}

describe('plugins/ioapic', () => {
  it('reports QEMU 7.2 identification: version 0x00170020, ID in bits 27:24, all entries masked', () => {
    const { reg, setReg, dev } = setup();
    expect(reg(0x01)).to.equal(0x00170020);
    expect(reg(0x00)).to.equal(0);
    setReg(0x00, 0x0f000000);
    expect(reg(0x00)).to.equal(0x0f000000);
    expect(reg(0x02)).to.equal(0x0f000000);
    for (let n = 0; n < 24; n++) expect(reg(0x10 + 2 * n), `entry ${n}`).to.equal(MASKED);
    expect(reg(0x10 + 48)).to.equal(0); // past the table
    dev.write!(0x00, 4, 0x01, 0);
    expect(dev.read!(0x00, 4, 0)).to.equal(0x01);
    expect(dev.read!(0x10, 1, 0)).to.equal(0); // IOWIN only answers 32-bit accesses
    expect(setup({ id: 2 }).reg(0x00)).to.equal(0x02000000);
  });

  it('rejects unknown pins and bad options', () => {
    const { dev } = setup();
    expect(dev.input!('pin23')).to.be.a('function');
    expect(dev.input!('pin24')).to.equal(undefined);
    expect(validateAgainst(plugin.optionsSchema!, { id: 300 }, 'o').join()).to.match(/o\.id: must be <= 255/);
  });

  it('edge: one message per rising edge, in the SDM address/data format', () => {
    const { sent, route, pin } = setup();
    route(4, 0x31, 1);
    pin(4, 1);
    pin(4, 1);
    pin(4, 0);
    expect(sent).to.deep.equal([{ kind: 'msi', address: 0xfee01000, data: 0x31, source: 'ioapic' }]);
    pin(4, 1);
    expect(sent).to.have.length(2);
  });

  it('edge on a masked pin is ignored, even after unmasking', () => {
    const { sent, route, pin } = setup();
    route(3, MASKED | 0x33);
    pin(3, 1);
    route(3, 0x33);
    expect(sent).to.deep.equal([]);
  });

  it('level: delivered once, held by remote IRR, delivered again after EOI while the line stays high', () => {
    const { sent, route, pin, eoi, reg } = setup();
    route(9, LEVEL | 0x41, 0);
    pin(9, 1);
    expect(sent.map((m) => m.data)).to.deep.equal([0x41 | 0x4000 | 0x8000]);
    expect(reg(0x10 + 18) & REMOTE_IRR).to.equal(REMOTE_IRR);
    pin(9, 0);
    pin(9, 1);
    expect(sent).to.have.length(1); // remote IRR holds it
    eoi(0x42); // another vector: nothing
    expect(sent).to.have.length(1);
    eoi(0x41); // line still high: delivered again
    expect(sent).to.have.length(2);
    expect(reg(0x10 + 18) & REMOTE_IRR).to.equal(REMOTE_IRR);
    pin(9, 0);
    eoi(0x41);
    expect(sent).to.have.length(2);
    expect(reg(0x10 + 18) & REMOTE_IRR).to.equal(0);
  });

  it('the EOI register at 0x40 ends a level interrupt like an eoi message', () => {
    const { dev, sent, route, pin, reg } = setup();
    route(10, LEVEL | 0x50);
    pin(10, 1);
    dev.write!(0x40, 4, 0x50, 0);
    expect(sent).to.have.length(2);
    pin(10, 0);
    dev.write!(0x40, 4, 0x50, 0);
    expect(reg(0x10 + 20) & REMOTE_IRR).to.equal(0);
  });

  it('unmasking a level entry whose line is active delivers it', () => {
    const { sent, route, pin } = setup();
    route(11, MASKED | LEVEL | 0x60);
    pin(11, 1);
    expect(sent).to.have.length(0);
    route(11, LEVEL | 0x60);
    expect(sent).to.have.length(1);
  });

  it('active-low polarity inverts the line', () => {
    const { sent, route, pin } = setup();
    pin(5, 1); // idle high
    route(5, LEVEL | LOW_ACTIVE | 0x70);
    expect(sent).to.have.length(0);
    pin(5, 0);
    expect(sent).to.have.length(1);
  });

  it('remote IRR and delivery status are read-only; an edge entry never keeps remote IRR', () => {
    const { route, pin, reg, setReg } = setup();
    route(12, LEVEL | 0x21);
    pin(12, 1);
    setReg(0x10 + 24, LEVEL | 0x21); // rewrite without remote IRR: it stays
    expect(reg(0x10 + 24) & REMOTE_IRR).to.equal(REMOTE_IRR);
    setReg(0x10 + 24, 0x21); // switch to edge: cleared
    expect(reg(0x10 + 24) & REMOTE_IRR).to.equal(0);
    setReg(0x10 + 24, 0x21 | REMOTE_IRR | (1 << 12));
    expect(reg(0x10 + 24)).to.equal(0x21);
  });

  it('logical destinations and every delivery mode; ExtINT carries no vector', () => {
    const { sent, route, pin } = setup();
    const modes = [0, 1, 2, 4, 5, 7];
    modes.forEach((mode, i) => {
      route(i, LOGICAL | (mode << 8) | 0x80, 0x0f);
      pin(i, 1);
    });
    expect(sent.map((m) => m.address)).to.deep.equal(modes.map(() => 0xfee0f004));
    expect(sent.map((m) => m.data)).to.deep.equal([0x080, 0x180, 0x280, 0x480, 0x580, 0x700]);
  });

  it('an EOI that frees several pins delivers them again in pin order', () => {
    const { sent, route, pin, eoi } = setup();
    route(7, LEVEL | 0x22);
    route(2, LEVEL | 0x22);
    pin(7, 1);
    pin(2, 1);
    expect(sent.map((m) => m.data & 0xff)).to.deep.equal([0x22, 0x22]);
    sent.length = 0;
    eoi(0x22);
    expect(sent).to.have.length(2);
  });
});
