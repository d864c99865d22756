import { expect } from 'chai';
import { commandLine, e820Map, findHeader, multiboot } from '../../../arches/x86_64/multiboot.js';
import { buildElf } from '../../helpers/elf-writer.js';
import { parseElf } from '../../../src/loader/elf-parser.js';
import { left } from 'fp-ts/lib/Either.js';
import type { BootEnvironment, BootProgram } from '../../../src/api/index.js';
import { X86TestMachine } from './harness.js';

/** Multiboot needs no device tree. */
const env = (primary: boolean): BootEnvironment => ({ primary, deviceTree: () => left('no device tree') });

const MAGIC = 0x1badb002;

function header(flags: number, offset = 0, size = 64): Uint8Array {
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  dv.setUint32(offset, MAGIC, true);
  dv.setUint32(offset + 4, flags, true);
  dv.setUint32(offset + 8, -(MAGIC + flags) >>> 0, true);
  return b;
}

function program(data: Uint8Array, commandLine = ''): BootProgram {
  const bytes = buildElf({ bits: 32, littleEndian: true, machine: 3, entry: 0x10000c, segments: [{ paddr: 0x100000, data, memsz: 0x2345 }] });
  const elf = parseElf(bytes, 'k.elf');
  if (elf._tag === 'Left') throw new Error(elf.left);
  return { file: 'k.elf', bytes, elf: elf.right, commandLine };
}

describe('x86-64 Multiboot boot protocol', () => {
  it('finds a header at any 4-byte offset in the first 8 KiB, not past it, and checks the checksum', () => {
    expect(findHeader(header(3, 8))?.offset).to.equal(8);
    expect(findHeader(header(3, 6))).to.equal(undefined);
    const bad = header(3);
    bad[8] ^= 1;
    expect(findHeader(bad)).to.equal(undefined);
    expect(findHeader(header(3, 8140, 8200))).to.not.equal(undefined);
    expect(findHeader(header(3, 8144, 8200))).to.equal(undefined); // QEMU scans below 8192 - 48
  });

  it('builds the command line as QEMU does: "<file> <append>"', () => {
    expect(commandLine(program(header(3), 'a b'))).to.equal('k.elf a b');
    expect(commandLine(program(header(3)))).to.equal('k.elf ');
  });

  it('reports the e820 map SeaBIOS gives QEMU pc with 128 MiB', () => {
    expect(e820Map(128 << 20)).to.deep.equal([
      [0, 0x9fc00, 1],
      [0x9fc00, 0x400, 2],
      [0xf0000, 0x10000, 2],
      [0x100000, 0x7ee0000, 1],
      [0x7fe0000, 0x20000, 2],
      [0xfffc0000, 0x40000, 2],
      [0xfd00000000, 0x300000000, 2],
    ]);
  });

  it('hands over the state QEMU leaves: registers, segments, GDT, information structure', () => {
    const m = new X86TestMachine();
    const cpu = m.cpus[0];
    const p = program(header(3), 'hello');
    expect(multiboot.check(p)).to.equal(undefined);
    m.load(0x100000, header(3));
    // RAM is 32 MiB on the test machine.
    expect(multiboot.boot(cpu, p, m.spaces[0], env(true))).to.equal(undefined);
    const rd = (n: string) => Number(cpu.registers.read(n)!);
    expect(rd('rax')).to.equal(0x2badb002);
    expect(rd('rbx')).to.equal(0x9500);
    expect(rd('rip')).to.equal(0x10000c);
    expect(rd('rflags')).to.equal(0x6);
    expect(rd('cr0')).to.equal(0x11);
    expect(rd('cs')).to.equal(0x08);
    expect(rd('ss')).to.equal(0x10);
    expect(rd('gdtr_base')).to.equal(0xcb2b8);
    expect(rd('gdtr_limit')).to.equal(0x27);
    expect(rd('idtr_limit')).to.equal(0x3ff);
    const mbi = new DataView(m.spaces[0].readBytes(0x9500, 88)!.buffer);
    expect(mbi.getUint32(0, true)).to.equal(0x24f);
    expect(mbi.getUint32(4, true)).to.equal(639);
    expect(mbi.getUint32(8, true)).to.equal((32 * 1024) - 1024 - 128);
    const cmd = mbi.getUint32(16, true);
    expect(cmd).to.equal(0x103000); // after the 0x2345-byte image, page aligned
    const text = Buffer.from(m.spaces[0].readBytes(cmd, 12)!).toString('latin1');
    expect(text).to.equal('k.elf hello\0');
    expect(Buffer.from(m.spaces[0].readBytes(mbi.getUint32(64, true), 5)!).toString('latin1')).to.equal('qemu\0');
    expect(mbi.getUint32(44, true)).to.equal(7 * 24);
    // The ROM's GDT: flat 32-bit code at 0x08.
    expect(m.read64(0xcb2b8 + 8)).to.equal(0x00cf9a000000ffffn);
  });

  it('leaves application processors waiting for INIT-SIPI', () => {
    const m = new X86TestMachine(2);
    const p = program(header(3));
    expect(multiboot.boot(m.cpus[1], p, m.spaces[0], env(false))).to.equal(undefined);
    expect(m.cpus[1].state).to.equal('stopped');
  });
});
