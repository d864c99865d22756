import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import { buildElf } from '../helpers/elf-writer.js';
import { scratchFile } from '../helpers/toy-harness.js';

const BIN = join(packageRoot(), 'bin', 'chimera.js');
const EM_386 = 3;
const EM_X86_64 = 62;
const MAGIC = 0x1badb002;

function chimera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'latin1' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Code at 1 MiB: a Multiboot header (when `flags` is given), then "out %al, $0xf4" with AL = 0 (exit 1). */
function image(flags: number | undefined, extra: number[] = []): Uint8Array {
  const header = flags === undefined ? [] : [MAGIC, flags, (-(MAGIC + flags)) >>> 0, ...extra];
  const bytes = new Uint8Array(4 * header.length + 8);
  const dv = new DataView(bytes.buffer);
  header.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
  bytes.set([0x31, 0xc0, 0xe6, 0xf4, 0xf4], 4 * header.length); // xor %eax,%eax; out %al,$0xf4; hlt
  return bytes;
}

function elf(name: string, data: Uint8Array, opts: { bits?: 32 | 64; machine?: number; paddr?: number; entryOffset?: number } = {}): string {
  const paddr = opts.paddr ?? 0x100000;
  const file = scratchFile(name);
  writeFileSync(file, buildElf({ bits: opts.bits ?? 32, littleEndian: true, machine: opts.machine ?? EM_386, entry: paddr + (opts.entryOffset ?? 12), segments: [{ paddr, data }] }));
  return file;
}

describe('chimera CLI: Multiboot kernels on the pc board', function () {
  this.timeout(180_000);

  it('boots a Multiboot ELF32: the program runs and exits through isa-debug-exit', () => {
    const r = chimera('run', 'pc', '--kernel', elf('mb-ok.elf', image(0x3)));
    expect(r.stderr).to.match(/^chimera: the guest exited with status 1 \(debugexit written with 0 by cpu0\)/);
    expect(r.code).to.equal(1);
  });

  const refusals: [string, () => string, RegExp][] = [
    ['an ELF without a Multiboot header', () => elf('mb-none.elf', image(undefined), { entryOffset: 0 }), /not a Multiboot v1 kernel: no header \(magic 0x1BADB002 with a valid checksum, 4-byte aligned\) in its first 8 KiB/],
    ['a 64-bit ELF', () => elf('mb-64.elf', image(0x3), { bits: 64, machine: EM_X86_64 }), /is a 64-bit \(x86-64\) ELF; QEMU boots only ELF32 Multiboot kernels/],
    ['a header asking for features the loader lacks', () => elf('mb-flags.elf', image(0x8)), /asks for features this loader does not provide \(flags 0x8, unsupported bits 0x8\)/],
    ['a segment outside RAM', () => elf('mb-far.elf', image(0x3), { paddr: 0x20000000 }), /segment 0 \(0x20000000\.\.0x2000001[0-9a-f]\) does not fit in the memory of cpu0/],
  ];
  for (const [what, make, message] of refusals) {
    it(`refuses ${what}: the file and the reason, exit 2, nothing run`, () => {
      const file = make();
      const r = chimera('run', 'pc', '--kernel', file);
      expect(r.code).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr.startsWith(`chimera: ${file}`)).to.equal(true);
      expect(r.stderr).to.match(message);
      expect(r.stderr).not.to.match(/\n\s+at /); // no stack trace
    });
  }

  it('refuses a raw binary whose header has no address fields', () => {
    const file = scratchFile('mb-raw.bin');
    writeFileSync(file, image(0x3));
    const r = chimera('run', 'pc', '--kernel', `${file}@0x100000`);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/a raw binary needs the Multiboot address fields \(header flag 16\)/);
  });

  it('boots a raw binary through the header address fields (flag 16)', () => {
    const file = scratchFile('mb-aout.bin');
    // header_addr = load_addr = 0x100000, load_end = 0 (whole file), bss_end = 0, entry after the header
    writeFileSync(file, image(0x10003, [0x100000, 0x100000, 0, 0, 0x100000 + 32]));
    const r = chimera('run', 'pc', '--kernel', `${file}@0x100000`);
    expect(r.stderr).to.match(/^chimera: the guest exited with status 1 \(debugexit written with 0 by cpu0\)/);
    expect(r.code).to.equal(1);
  });
});
