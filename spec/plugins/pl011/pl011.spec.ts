import { expect } from 'chai';
import plugin from '../../../plugins/pl011/index.js';
import { createTestContext } from 'chimera-sim/testing';

function setup() {
  const env = createTestContext({});
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.read!(o, 4, 0);
  const wr = (o: number, v: number) => dev.write!(o, 4, v, 0);
  return { env, dev, rd, wr };
}

describe('plugins/pl011', () => {
  it('declares the plugin API', () => {
    expect(plugin.name).to.equal('pl011');
    expect(plugin.defaultSize).to.equal(0x1000);
  });

  it('resets as QEMU 7.2: FR = RXFE|TXFE, CR = 0x300, IFLS = 0x12', () => {
    const { rd } = setup();
    expect(rd(0x18)).to.equal(0x90);
    expect(rd(0x30)).to.equal(0x300);
    expect(rd(0x34)).to.equal(0x12);
    expect(rd(0x3c)).to.equal(0);
  });

  it('reports the ARM PL011 peripheral and PrimeCell IDs', () => {
    const { rd } = setup();
    const ids = [0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map(rd);
    expect(ids).to.deep.equal([0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
  });

  it('transmits DR writes at once and sets TXIS', () => {
    const { env, rd, wr } = setup();
    wr(0x00, 0x41);
    wr(0x00, 0x142); // only the low byte goes out
    expect(env.serial.sent).to.deep.equal([0x41, 0x42]);
    expect(rd(0x3c) & 0x20).to.equal(0x20);
    expect(rd(0x18) & 0x80).to.equal(0x80); // TX FIFO always empty
    expect(rd(0x18) & 0x20).to.equal(0); // never full
  });

  it('drives irq from RIS & IMSC and clears with ICR', () => {
    const { env, rd, wr } = setup();
    wr(0x00, 0x41);
    expect(env.line('irq').level).to.equal(0);
    wr(0x38, 0x20); // unmask TX
    expect(env.line('irq').level).to.equal(1);
    expect(rd(0x40)).to.equal(0x20);
    wr(0x44, 0x20);
    expect(env.line('irq').level).to.equal(0);
    expect(rd(0x3c)).to.equal(0);
  });

  it('receives host bytes: one holding register without FEN, RX interrupt until drained', () => {
    const { env, rd, wr } = setup();
    wr(0x38, 0x10);
    env.serial.type('ab');
    expect(rd(0x18) & 0x10).to.equal(0); // not empty
    expect(rd(0x18) & 0x40).to.equal(0x40); // full: depth 1
    expect(env.line('irq').level).to.equal(1);
    expect(rd(0x00)).to.equal(0x61);
    // 'b' was held back and moves in after the read
    expect(rd(0x18) & 0x10).to.equal(0);
    expect(rd(0x00)).to.equal(0x62);
    expect(rd(0x18) & 0x10).to.equal(0x10);
    expect(env.line('irq').level).to.equal(0);
  });

  it('buffers 16 bytes with FEN set', () => {
    const { env, rd, wr } = setup();
    wr(0x2c, 0x70); // 8N1, FIFOs on
    env.serial.type('0123456789abcdefXY');
    expect(rd(0x18) & 0x40).to.equal(0x40);
    let s = '';
    while (!(rd(0x18) & 0x10)) s += String.fromCharCode(rd(0x00));
    expect(s).to.equal('0123456789abcdefXY');
  });

  it('stores the baud rate divisors with their widths', () => {
    const { rd, wr } = setup();
    wr(0x24, 0x12345);
    wr(0x28, 0xff);
    expect(rd(0x24)).to.equal(0x2345);
    expect(rd(0x28)).to.equal(0x3f);
  });

  it('byte accesses see little-endian lanes', () => {
    const { env, dev } = setup();
    dev.write!(0x00, 1, 0x5a, 0);
    expect(env.serial.sent).to.deep.equal([0x5a]);
    expect(dev.read!(0x31, 1, 0)).to.equal(0x03); // CR = 0x300
  });
});
