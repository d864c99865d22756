import { expect } from 'chai';
import plugin from '../../../plugins/pl031/index.js';
import { createTestContext } from 'chimera-sim/testing';

const S = 1e12;

function setup(epoch?: number) {
  const env = createTestContext(epoch === undefined ? {} : { epoch });
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.read!(o, 4, 0) >>> 0;
  const wr = (o: number, v: number) => dev.write!(o, 4, v, 0);
  return { env, rd, wr };
}

describe('plugins/pl031', () => {
  it('counts virtual seconds from the epoch and reads CR as 1', () => {
    const { env, rd } = setup(1_700_000_000);
    expect(rd(0x00)).to.equal(1_700_000_000);
    env.scheduler.advance(2.5 * S);
    expect(rd(0x00)).to.equal(1_700_000_002);
    expect(rd(0x0c)).to.equal(1);
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec].map(rd)).to.deep.equal([0x31, 0x10, 0x14, 0x00]);
  });

  it('loads a new count through LR', () => {
    const { env, rd, wr } = setup();
    env.scheduler.advance(10 * S);
    wr(0x08, 1000);
    expect(rd(0x00)).to.equal(1000);
    env.scheduler.advance(3 * S);
    expect(rd(0x00)).to.equal(1003);
  });

  it('raises the match interrupt when the count reaches MR, masked by IMSC, cleared by ICR', () => {
    const { env, rd, wr } = setup();
    wr(0x10, 1);
    wr(0x04, 5);
    env.scheduler.advance(5 * S - 1);
    expect(env.line('irq').level).to.equal(0);
    env.scheduler.advance(1);
    expect(env.line('irq').level).to.equal(1);
    expect(rd(0x18)).to.equal(1);
    wr(0x1c, 1);
    expect(env.line('irq').level).to.equal(0);
  });
});
