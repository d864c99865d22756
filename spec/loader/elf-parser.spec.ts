import { expect } from 'chai';
import { parseElf } from '../../src/loader/elf-parser.js';
import { loadElf } from '../../src/loader/image-loader.js';
import { AddressSpace } from '../../src/memory/address-space.js';
import { MemoryBacking } from '../../src/memory/memory-backing.js';
import { buildElf } from '../helpers/elf-writer.js';

const EM_AARCH64 = 183;
const EM_SPARC = 2;

function sample(bits: 32 | 64, littleEndian: boolean, machine = bits === 64 ? EM_AARCH64 : EM_SPARC) {
  return buildElf({
    bits,
    littleEndian,
    machine,
    entry: 0x40000010,
    segments: [
      { paddr: 0x40000000, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), memsz: 0x20 },
      { paddr: 0x40001000, vaddr: 0xffff0000, data: Uint8Array.of(9, 9) },
    ],
    symbols: [{ name: '_start', value: 0x40000010 }, { name: 'main', value: 0x40000100 }],
  });
}

describe('ELF parser', () => {
  for (const bits of [32, 64] as const) {
    for (const le of [true, false]) {
      it(`reads ELF${bits} ${le ? 'little' : 'big'}-endian: entry, segments and symbols`, () => {
        const r = parseElf(sample(bits, le), 'p.elf');
        expect(r._tag).to.equal('Right');
        const img = (r as { right: import('../../src/loader/elf-types.js').ElfImage }).right;
        expect(img.bits).to.equal(bits);
        expect(img.littleEndian).to.equal(le);
        expect(img.entry).to.equal(0x40000010);
        expect(img.segments.map((s) => [s.paddr, s.vaddr, s.data.length, s.memsz])).to.deep.equal([
          [0x40000000, 0x40000000, 8, 0x20],
          [0x40001000, 0xffff0000, 2, 2],
        ]);
        expect(img.symbols.map((s) => [s.name, s.value])).to.deep.equal([['_start', 0x40000010], ['main', 0x40000100]]);
      });
    }
  }

  it('loads segments at their physical addresses and zero-fills memsz beyond filesz', () => {
    const ram = new MemoryBacking('ram', 0x10000, true);
    ram.bytes.fill(0xee);
    const space = new AddressSpace('cpu0', true, 0);
    space.mapMemory(0x40000000, ram);
    const img = parseElf(sample(64, true), 'p.elf');
    if (img._tag === 'Left') throw new Error(img.left);
    const r = loadElf(space, img.right, { arch: 'aarch64', machines: [EM_AARCH64], littleEndian: true });
    expect(r._tag).to.equal('Right');
    expect([...ram.bytes.subarray(0, 8)]).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...ram.bytes.subarray(8, 0x20)].every((b) => b === 0)).to.equal(true);
    expect(ram.bytes[0x20]).to.equal(0xee);
    expect([...ram.bytes.subarray(0x1000, 0x1002)]).to.deep.equal([9, 9]);
    if (r._tag === 'Right') expect(r.right.symbols.get('main')).to.equal(0x40000100);
  });

  it('refuses a file for another machine, naming the file and both machines', () => {
    const space = new AddressSpace('cpu0', false, 0);
    space.mapMemory(0x40000000, new MemoryBacking('ram', 0x10000, true));
    const img = parseElf(sample(64, true), 'hello.elf');
    if (img._tag === 'Left') throw new Error(img.left);
    const r = loadElf(space, img.right, { arch: 'sparc', machines: [EM_SPARC], littleEndian: false });
    expect(r).to.deep.equal({ _tag: 'Left', left: 'hello.elf: built for AArch64, but the CPU is sparc (accepts SPARC)' });
  });

  it('refuses a segment outside memory', () => {
    const space = new AddressSpace('cpu0', true, 0);
    space.mapMemory(0x40000000, new MemoryBacking('ram', 0x1000, true));
    const img = parseElf(sample(64, true), 'big.elf');
    if (img._tag === 'Left') throw new Error(img.left);
    const r = loadElf(space, img.right, { arch: 'aarch64', machines: [EM_AARCH64], littleEndian: true });
    expect(r._tag).to.equal('Left');
    expect((r as { left: string }).left).to.match(/^big\.elf: segment 1 \(0x40001000\.\.0x40001001\) does not fit in the memory of cpu0$/);
  });

  it('names the problem in garbage, truncated and non-executable files', () => {
    const msg = (b: Uint8Array) => {
      const r = parseElf(b, 'x.elf');
      expect(r._tag).to.equal('Left');
      return (r as { left: string }).left;
    };
    expect(msg(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).to.equal('x.elf: not an ELF file (no \\x7fELF magic)');
    expect(msg(new Uint8Array(0))).to.match(/not an ELF file/);
    const good = sample(32, false);
    expect(msg(good.subarray(0, 40))).to.match(/^x\.elf: truncated: ELF header/);
    expect(msg(good.subarray(0, 100))).to.match(/^x\.elf: truncated: program headers/);
    expect(msg(good.subarray(0, 118))).to.match(/^x\.elf: truncated: segment 0 data/);
    const rel = good.slice();
    rel[17] = 1; // ET_REL, big-endian e_type
    expect(msg(rel)).to.match(/not an executable/);
    const badClass = good.slice();
    badClass[4] = 7;
    expect(msg(badClass)).to.match(/bad ELF class 7/);
  });

  it('survives fuzzed input: every mutation gives a result or a message, never an exception', () => {
    let seed = 0x9e3779b9;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const bases = [sample(32, true), sample(32, false), sample(64, true), sample(64, false)];
    let lefts = 0;
    for (let i = 0; i < 3000; i++) {
      const b = bases[i % 4].slice(0, rand(2) ? undefined : rand(bases[i % 4].length));
      for (let k = rand(8); k >= 0; k--) b[rand(b.length || 1)] = rand(256);
      const r = parseElf(b, 'fuzz.elf');
      if (r._tag === 'Left') {
        lefts++;
        expect(r.left.startsWith('fuzz.elf: ')).to.equal(true);
      }
    }
    expect(lefts).to.be.greaterThan(100);
  });
});
