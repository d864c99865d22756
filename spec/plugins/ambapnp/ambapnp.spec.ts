import { expect } from 'chai';
import plugin from '../../../plugins/ambapnp/index.js';
import type { AmbaPnpOptions } from '../../../plugins/ambapnp/options.js';
import { createTestContext } from 'chimera-sim/testing';
import { validateAgainst } from '../../../src/util/json-schema.js';

function table(options: AmbaPnpOptions) {
  const env = createTestContext(options);
  const dev = plugin.create(env.ctx);
  dev.reset();
  return (o: number, size: 1 | 2 | 4 = 4) => dev.read!(o, size, 0) >>> 0;
}

describe('plugins/ambapnp', () => {
  it('encodes QEMU leon3_generic AHB records: LEON3 master, APB bridge slave', () => {
    const rd = table({
      table: 'ahb',
      masters: [{ device: 0x003, bars: [{ address: 0, mask: 0, type: 0 }] }],
      slaves: [{ device: 0x006, bars: [{ address: 0x800ff000, mask: 0xfff, type: 'ahbmem' }] }],
    });
    expect(rd(0x000)).to.equal(0x01003000);
    expect(rd(0x010)).to.equal(0);
    expect(rd(0x800)).to.equal(0x01006000);
    expect(rd(0x810)).to.equal(0x8000fff2); // address 0x800 in 31:20, mask 0xFFF in 15:4, type 2
    expect(rd(0x020)).to.equal(0);
  });

  it('encodes QEMU leon3_generic APB records: IRQMP, GPTIMER, APBUART', () => {
    const rd = table({
      table: 'apb',
      entries: [
        { device: 0x00d, version: 2, address: 0x80000200 },
        { device: 0x011, irq: 6, address: 0x80000300 },
        { device: 0x00c, version: 1, irq: 3, address: 0x80000100 },
      ],
    });
    expect([0, 4, 8, 12, 16, 20].map((o) => rd(o))).to.deep.equal([
      0x0100d040, 0x0020fff1, 0x01011006, 0x0030fff1, 0x0100c023, 0x0010fff1,
    ]);
  });

  it('repeats an entry with count (one LEON3 master per CPU)', () => {
    const rd = table({ table: 'ahb', masters: [{ device: 3, count: 3 }] });
    expect([0x00, 0x20, 0x40, 0x60].map((o) => rd(o))).to.deep.equal([0x01003000, 0x01003000, 0x01003000, 0]);
  });

  it('serves byte and halfword reads from big-endian lanes', () => {
    const rd = table({ table: 'apb', entries: [{ device: 0x00c, version: 1, irq: 3, address: 0x80000100 }] });
    expect(rd(0, 1)).to.equal(0x01);
    expect(rd(3, 1)).to.equal(0x23);
    expect(rd(2, 2)).to.equal(0xc023);
  });

  it('has a schema that accepts both table kinds and refuses unknown fields', () => {
    const s = plugin.optionsSchema!;
    expect(validateAgainst(s, { table: 'apb', entries: [{ device: 1, address: 0x80000100 }] }, 'options')).to.deep.equal([]);
    expect(validateAgainst(s, { table: 'ahb', masters: [{ device: 3 }] }, 'options')).to.deep.equal([]);
    expect(validateAgainst(s, { table: 'apb', entries: [{ device: 1, address: 0, colour: 'red' }] }, 'options')).to.not.deep.equal([]);
    expect(validateAgainst(s, { table: 'pci' }, 'options')).to.not.deep.equal([]);
  });
});
