import { expect } from 'chai';
import { AddressSpace, MemoryBacking } from '../../src/api/index.js';
import { AddressSpaceDma } from '../../src/memory/dma-view.js';

function bus() {
  const space = new AddressSpace('cpu0', true, 0);
  const ram = new MemoryBacking('ram', 0x4000, true);
  const rom = new MemoryBacking('rom', 0x1000, false);
  space.mapMemory(0x10000, ram);
  space.mapMemory(0x20000, rom);
  space.mapMmio('dev', 0x30000, 0x100, { read: () => 0x55, write: () => {} });
  return { space, ram, rom, dma: new AddressSpaceDma(() => space) };
}

describe('memory: the DMA view devices get', () => {
  it('copies bytes in and out of RAM as they are, across page boundaries', () => {
    const { dma, ram } = bus();
    expect(dma.write(0x10ffe, Uint8Array.of(1, 2, 3, 4))).to.equal(true);
    expect([...ram.bytes.subarray(0xffe, 0x1002)]).to.deep.equal([1, 2, 3, 4]);
    const back = new Uint8Array(4);
    expect(dma.read(0x10ffe, back)).to.equal(true);
    expect([...back]).to.deep.equal([1, 2, 3, 4]);
  });

  it('refuses anything not wholly in memory, and writes to ROM, touching nothing', () => {
    const { dma, ram, rom } = bus();
    const buf = new Uint8Array(8).fill(9);
    for (const a of [0x13ffc, 0x30000, 0, -1, 2 ** 32 - 4, 2 ** 40, 0.5, NaN]) {
      expect(dma.write(a, buf), `write at ${a}`).to.equal(false);
      expect(dma.read(a, buf), `read at ${a}`).to.equal(false);
    }
    expect(dma.write(0x20000, buf)).to.equal(false);
    expect(dma.read(0x20000, buf)).to.equal(true);
    expect(ram.bytes.every((b) => b === 0) && rom.bytes.every((b) => b === 0)).to.equal(true);
    expect(dma.isMemory(0x10000, 0x4000, true)).to.equal(true);
    expect(dma.isMemory(0x10000, 0x4001, true)).to.equal(false);
    expect(dma.isMemory(0x10000, 2 ** 53, false)).to.equal(false);
  });

  it('drops code a CPU decoded from the bytes it overwrites', () => {
    const { space, dma } = bus();
    const dropped: [number, number][] = [];
    space.codeWriteHook = (a, n) => void dropped.push([a, n]);
    space.markCode(0x10100, 4);
    dma.write(0x10000, new Uint8Array(0x80));
    expect(dropped).to.deep.equal([]);
    dma.write(0x100f8, new Uint8Array(16));
    expect(dropped).to.deep.equal([[0x10100, 64]]);
  });
});
