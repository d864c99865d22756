import { expect } from 'chai';
import plugin from '../../../plugins/gicv2m/index.js';
import { createTestContext } from 'chimera-sim/testing';

function setup(options = { baseSpi: 48, spis: 64 }) {
  const env = createTestContext(options);
  const dev = plugin.create(env.ctx);
  dev.reset();
  return { env, dev };
}

describe('plugins/gicv2m', () => {
  it('reads MSI_TYPER and IIDR as QEMU virt: INTID 80, 64 SPIs, product Q', () => {
    const { dev } = setup();
    expect(dev.read!(0x008, 4, 0)).to.equal((80 << 16) | 64);
    expect(dev.read!(0xfcc, 4, 0)).to.equal(0x51 << 20);
    expect(dev.read!(0x008, 2, 0), 'only 32-bit accesses').to.equal(0);
    expect(dev.read!(0xfd0, 4, 0)).to.equal(0);
  });

  it('a write of an INTID to MSI_SETSPI_NS pulses that SPI; other values and sizes do nothing', () => {
    const { env, dev } = setup();
    dev.write!(0x040, 4, 80 + 5, 0);
    expect(env.history('spi5')).to.deep.equal([1, 0]);
    dev.write!(0x040, 4, 79, 0);
    dev.write!(0x040, 4, 80 + 64, 0);
    dev.write!(0x040, 2, 80, 0);
    dev.write!(0x044, 4, 80, 0);
    expect(env.history('spi0')).to.deep.equal([]);
    expect(env.history('spi63')).to.deep.equal([]);
    dev.write!(0x040, 4, 0xfc00 | (80 + 63), 0); // only the low 10 bits name the interrupt
    expect(env.history('spi63')).to.deep.equal([1, 0]);
  });
});
