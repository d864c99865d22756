import { expect } from 'chai';
import { AddressSpace } from '../../src/memory/address-space.js';
import { MemoryBacking } from '../../src/memory/memory-backing.js';
import { IoPortSpace } from '../../src/memory/io-port-space.js';

describe('AddressSpace', () => {
  it('reads the same bytes in each CPU byte order', () => {
    const shared = new MemoryBacking('sram', 0x1000, true);
    const le = new AddressSpace('le', true, 0);
    const be = new AddressSpace('be', false, 1);
    le.mapMemory(0x2000, shared);
    be.mapMemory(0x9000, shared); // same memory, another address
    le.write32(0x2010, 0x11223344);
    expect([...shared.bytes.subarray(0x10, 0x14)]).to.deep.equal([0x44, 0x33, 0x22, 0x11]);
    expect(be.read32(0x9010)).to.equal(0x44332211);
    expect(be.read16(0x9010)).to.equal(0x4433);
    be.write16(0x9020, 0xabcd);
    expect(le.read16(0x2020)).to.equal(0xcdab);
    expect(le.read8(0x2020)).to.equal(0xab);
  });

  it('assembles accesses that straddle a page boundary', () => {
    const ram = new MemoryBacking('ram', 0x3000, true);
    const s = new AddressSpace('c', true, 0);
    s.mapMemory(0x10000, ram);
    s.write32(0x10ffe, 0xdeadbeef);
    expect(s.read32(0x10ffe)).to.equal(0xdeadbeef);
    expect(s.read8(0x11000)).to.equal(0xad);
    const b = new AddressSpace('b', false, 0);
    b.mapMemory(0x10000, ram);
    b.write32(0x10ffd, 0x01020304);
    expect([...ram.bytes.subarray(0xffd, 0x1001)]).to.deep.equal([1, 2, 3, 4]);
    expect(b.read32(0x10ffd)).to.equal(0x01020304);
  });

  it('reports unmapped accesses as a fault instead of throwing', () => {
    const s = new AddressSpace('c', true, 0);
    s.mapMemory(0x1000, new MemoryBacking('ram', 0x1000, true));
    expect(s.read32(0x5000)).to.equal(0);
    expect(s.faulted).to.equal(true);
    expect(s.faultAddress).to.equal(0x5000);
    s.faulted = false;
    s.write8(0xfffffff0, 1);
    expect(s.faulted).to.equal(true);
    expect(s.faultAddress).to.equal(0xfffffff0);
  });

  it('ignores writes to ROM but lets the loader fill it', () => {
    const rom = new MemoryBacking('rom', 0x1000, false);
    const s = new AddressSpace('c', false, 0);
    s.mapMemory(0, rom);
    expect(s.load(0x10, Uint8Array.of(1, 2, 3, 4))).to.equal(true);
    s.write32(0x10, 0xffffffff);
    expect(s.faulted).to.equal(false);
    expect(s.read32(0x10)).to.equal(0x01020304);
  });

  it('dispatches MMIO with offset, size, value and initiator; windows may share a page', () => {
    const log: string[] = [];
    const dev = (name: string) => ({
      read: (o: number, size: number, who: number) => (log.push(`${name} r ${o} ${size} ${who}`), 0x80000000 + o),
      write: (o: number, size: number, v: number, who: number) => void log.push(`${name} w ${o} ${size} ${v.toString(16)} ${who}`),
    });
    const s = new AddressSpace('cpu3', false, 3);
    expect(s.mapMmio('a', 0x80000100, 0x100, dev('a'))).to.equal(undefined);
    expect(s.mapMmio('b', 0x80000200, 0x100, dev('b'))).to.equal(undefined);
    expect(s.read32(0x80000104)).to.equal(0x80000004);
    s.write16(0x80000208, 0xbeef);
    s.write8(0x800002ff, 0x7f);
    expect(log).to.deep.equal(['a r 4 4 3', 'b w 8 2 beef 3', 'b w 255 1 7f 3']);
    expect(s.mapMmio('c', 0x800001f0, 0x20, dev('c'))).to.match(/overlaps a/);
  });

  it('refuses overlapping and out-of-range mappings', () => {
    const s = new AddressSpace('c', true, 0);
    expect(s.mapMemory(0x1000, new MemoryBacking('r1', 0x2000, true))).to.equal(undefined);
    expect(s.mapMemory(0x2000, new MemoryBacking('r2', 0x1000, true))).to.match(/overlaps r1/);
    expect(s.mapMemory(0xfffff000, new MemoryBacking('r3', 0x2000, true))).to.match(/outside/);
  });

  it('sends writes to decoded code to every view that maps it, granule by granule', () => {
    const shared = new MemoryBacking('sram', 0x2000, true);
    const a = new AddressSpace('a', true, 0);
    const b = new AddressSpace('b', false, 1);
    a.mapMemory(0x10000, shared);
    b.mapMemory(0x40000, shared);
    const seen: string[] = [];
    a.codeWriteHook = (addr, size) => seen.push(`a ${addr.toString(16)} ${size}`);
    b.codeWriteHook = (addr, size) => seen.push(`b ${addr.toString(16)} ${size}`);
    a.write32(0x10100, 1); // not code yet: fast path, no hook
    expect(seen).to.deep.equal([]);
    a.markCode(0x10100, 8);
    expect(b.writeIndex[0x40]).to.equal(0); // the page left the fast path in every view
    b.write32(0x40104, 0x12345678);
    expect(seen).to.deep.equal(['a 10100 64', 'b 40100 64']);
    expect(a.read32(0x10104)).to.equal(0x78563412);
    // The granule is unmarked: the next write is not reported until someone decodes it again.
    b.write32(0x40108, 1);
    expect(seen).to.have.length(2);
    expect(a.isCode(0x10100, 64)).to.equal(false);
    expect(b.writeIndex[0x40]).to.not.equal(0); // no code left in the page: fast path again
    b.write32(0x41000, 5); // the other page is plain data
    expect(seen).to.have.length(2);
  });

  it('writes data beside code in the same page without invalidating it', () => {
    const ram = new MemoryBacking('ram', 0x1000, true);
    const s = new AddressSpace('c', true, 0);
    s.mapMemory(0, ram);
    const seen: number[] = [];
    s.codeWriteHook = (addr) => seen.push(addr);
    s.markCode(0x40, 0x20); // code in [0x40, 0x60)
    for (let a = 0x80; a < 0x1000; a += 4) s.write32(a, a); // .bss right after .text
    s.write8(0x3f, 1);
    expect(seen).to.deep.equal([]);
    s.write16(0x5f, 0xffff); // straddles into the code granule
    expect(seen).to.deep.equal([0x40]);
  });

  it('marks a range that crosses a page and reports loader writes over code', () => {
    const ram = new MemoryBacking('ram', 0x2000, true);
    const s = new AddressSpace('c', true, 0);
    s.mapMemory(0, ram);
    const seen: string[] = [];
    s.codeWriteHook = (addr, size) => seen.push(`${addr.toString(16)} ${size}`);
    s.markCode(0xffe, 4); // an instruction straddling two pages
    expect(s.isCode(0xffe, 1) && s.isCode(0x1001, 1)).to.equal(true);
    expect(s.writeIndex[0]).to.equal(0);
    expect(s.writeIndex[1]).to.equal(0);
    s.load(0xf00, new Uint8Array(0x200));
    expect(seen).to.deep.equal(['fc0 128']);
    expect(s.writeIndex[0]).to.not.equal(0);
    expect(s.writeIndex[1]).to.not.equal(0);
  });
});

describe('IoPortSpace', () => {
  it('routes ports to their owner and floats unclaimed ones', () => {
    const io = new IoPortSpace();
    const seen: number[] = [];
    expect(io.map('uart', 0x3f8, 8, { in: (o) => 0x60 + o, out: (o, _s, v) => void seen.push(o, v) })).to.equal(undefined);
    expect(io.in(0x3fd, 1, 0)).to.equal(0x65);
    io.out(0x3f8, 1, 0x41, 0);
    expect(seen).to.deep.equal([0, 0x41]);
    expect(io.in(0x80, 1, 0)).to.equal(0xff);
    expect(io.in(0x80, 4, 0)).to.equal(0xffffffff);
    expect(io.map('other', 0x3fc, 2, { in: () => 0, out: () => {} })).to.match(/already claimed by uart/);
  });
});
