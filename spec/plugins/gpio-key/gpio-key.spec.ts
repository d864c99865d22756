import { expect } from 'chai';
import plugin from '../../../plugins/gpio-key/index.js';
import { createTestContext } from 'chimera-sim/testing';

describe('plugins/gpio-key (the power button)', () => {
  it('a host power-button request holds the line high for 100 ms of virtual time', () => {
    const env = createTestContext({});
    const dev = plugin.create(env.ctx);
    dev.reset();
    expect(env.hostEvent('power-button')).to.equal(true);
    expect(env.line('key').level).to.equal(1);
    env.scheduler.advance(100e9 - 1);
    expect(env.line('key').level).to.equal(1);
    env.scheduler.advance(1);
    expect(env.history('key')).to.deep.equal([1, 0]);
  });

  it('listens to the host request it is told to, and nothing else', () => {
    const env = createTestContext({ hostEvent: 'reset-button', holdMicroseconds: 5 });
    plugin.create(env.ctx).reset();
    expect(env.hostEvent('power-button')).to.equal(false);
    env.hostEvent('reset-button');
    env.scheduler.advance(5e6);
    expect(env.history('key')).to.deep.equal([1, 0]);
  });
});
