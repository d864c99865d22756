import { expect } from 'chai';
import plugin from '../../../plugins/apbuart/index.js';
import { createTestContext } from 'chimera-sim/testing';

function setup() {
  const env = createTestContext({});
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.read!(o, 4, 0);
  const wr = (o: number, v: number) => dev.write!(o, 4, v, 0);
  return { env, dev, rd, wr };
}

describe('plugins/apbuart', () => {
  it('resets with the transmitter empty (TS, TE) and everything disabled', () => {
    const { rd } = setup();
    expect(rd(0x4)).to.equal(0x6);
    expect(rd(0x8)).to.equal(0);
  });

  it('transmits only with CTRL.TE, pulsing irq when TI is set', () => {
    const { env, wr } = setup();
    wr(0x0, 0x41);
    expect(env.serial.sent).to.deep.equal([]);
    wr(0x8, 0x2); // TE
    wr(0x0, 0x42);
    expect(env.serial.text()).to.equal('B');
    expect(env.history('irq')).to.deep.equal([]);
    wr(0x8, 0x2 | 0x8); // TE | TI
    wr(0x0, 0x43);
    expect(env.history('irq')).to.deep.equal([1, 0]);
  });

  it('accepts a byte write to the low byte lane of DATA (offset 3)', () => {
    const { env, dev, wr } = setup();
    wr(0x8, 3);
    dev.write!(0x3, 1, 0x5a, 0);
    expect(env.serial.sent).to.deep.equal([0x5a]);
  });

  it('receives with RE: DR set, RI pulses, bytes read in order', () => {
    const { env, rd, wr } = setup();
    env.serial.type('x'); // receiver off: dropped
    expect(rd(0x4) & 1).to.equal(0);
    wr(0x8, 0x1 | 0x4); // RE | RI
    env.serial.type('hi');
    expect(rd(0x4) & 1).to.equal(1);
    expect(env.history('irq')).to.deep.equal([1, 0, 1, 0]);
    expect(rd(0x0)).to.equal(0x68);
    expect(rd(0x0)).to.equal(0x69);
    expect(rd(0x4) & 1).to.equal(0);
    expect(rd(0x0)).to.equal(0);
  });

  it('reads SCALER as 0 (not modelled, as in QEMU)', () => {
    const { rd, wr } = setup();
    wr(0xc, 1234);
    expect(rd(0xc)).to.equal(0);
  });
});
