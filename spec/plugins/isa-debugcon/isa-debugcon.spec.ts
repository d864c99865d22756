import { expect } from 'chai';
import plugin, { type IsaDebugconOptions } from '../../../plugins/isa-debugcon/index.js';
import { validateAgainst } from '../../../src/util/json-schema.js';
import { createTestContext } from 'chimera-sim/testing';

describe('plugins/isa-debugcon', () => {
  it('sends every written byte to the serial port at once', () => {
    const env = createTestContext<IsaDebugconOptions>({});
    const dev = plugin.create(env.ctx);
    dev.reset();
    for (const c of Buffer.from('hi\n')) dev.ioWrite!(0, 1, c, 0);
    dev.ioWrite!(0, 2, 0x4241, 0); // a word: low byte first
    expect(env.serial.text()).to.equal('hi\nAB');
  });

  it('reads return 0xE9 (QEMU readback), per byte of a wider read, or the configured value', () => {
    const env = createTestContext<IsaDebugconOptions>({});
    const dev = plugin.create(env.ctx);
    expect(dev.ioRead!(0, 1, 0)).to.equal(0xe9);
    expect(dev.ioRead!(0, 2, 0)).to.equal(0xe9e9);
    const other = plugin.create(createTestContext<IsaDebugconOptions>({ readback: 0x42 }).ctx);
    expect(other.ioRead!(0, 1, 0)).to.equal(0x42);
  });

  it('validates its options', () => {
    expect(validateAgainst(plugin.optionsSchema!, { readback: 256 }, 'o').join()).to.match(/o\.readback: must be <= 255/);
    expect(validateAgainst(plugin.optionsSchema!, { port: 1 }, 'o').join()).to.match(/unknown field "port"/);
  });
});
