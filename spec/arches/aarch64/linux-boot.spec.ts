import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Machine } from '../../../src/machine/machine.js';
import { buildSimulation, type SimulationRequest } from '../../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../../src/runtime/simulation-container.js';
import { linuxBootStub } from '../../../arches/aarch64/boot/boot-stub.js';
import { readImageHeader } from '../../../arches/aarch64/boot/kernel-image.js';
import { buildElf } from '../../helpers/elf-writer.js';
import { Tree } from '../../helpers/fdt-query.js';
import { FIXTURE_BOARDS, scratchFile } from '../../helpers/toy-harness.js';
import { join } from 'node:path';

const MiB = 1024 * 1024;
const RAM = 0x40000000;
/** Copy x0..x3 to x9..x12, then PSCI SYSTEM_OFF: what the "kernel" saw at entry stays in registers. */
const PROBE = [0xaa0003e9, 0xaa0103ea, 0xaa0203eb, 0xaa0303ec, 0x52800100, 0x72b08000, 0xd4000002];

let n = 0;
function file(bytes: Uint8Array, name = 'kernel'): string {
  const f = scratchFile(`${name}-${n++}.bin`);
  writeFileSync(f, bytes);
  return f;
}

const words = (ws: number[]): Uint8Array => {
  const out = new Uint8Array(ws.length * 4);
  const v = new DataView(out.buffer);
  ws.forEach((w, i) => v.setUint32(4 * i, w >>> 0, true));
  return out;
};

/** An arm64 Image: a branch over the 64-byte header to PROBE, with the given header fields. */
function image(o: { textOffset?: number; imageSize?: number; flags?: number; pad?: number } = {}): Uint8Array {
  const code = words(PROBE);
  const out = new Uint8Array(64 + code.length + (o.pad ?? 0));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x14000010, true); // b +64
  v.setUint32(8, o.textOffset ?? 0, true);
  v.setUint32(16, o.imageSize ?? 0x10000, true);
  v.setUint32(24, o.flags ?? 0x2, true);
  out.set(Buffer.from('ARM\x64', 'latin1'), 0x38);
  out.set(code, 64);
  return out;
}

async function boot(kernel: string, extra: Partial<SimulationRequest> = {}): Promise<Machine> {
  const r = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board: 'virt-aarch64', images: [{ file: kernel }], ...extra });
  if (r._tag === 'Left') throw new Error(r.left.message);
  return r.right;
}

async function bootError(kernel: string, extra: Partial<SimulationRequest> = {}): Promise<string> {
  const r = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board: 'virt-aarch64', images: [{ file: kernel }], ...extra });
  expect(r._tag).to.equal('Left');
  return r._tag === 'Left' ? r.left.message : '';
}

const reg = (m: Machine, name: string, cpu = 'cpu0'): number => Number(m.cpu(cpu)!.registers.read(name));
const bytes = (m: Machine, address: number, length: number): Uint8Array => m.cpuEntries[0].memory.readBytes(address, length)!;

/** Run until the probe powers off; returns x9..x12 (the kernel's x0..x3 at entry). */
function entryRegisters(m: Machine): number[] {
  const stop = m.run(1e9);
  expect(stop).to.deep.include({ kind: 'exit', status: 0 });
  return [9, 10, 11, 12].map((i) => reg(m, `x${i}`));
}

describe('aarch64 Linux boot protocol (virt-aarch64 --kernel)', () => {
  it('places an Image as QEMU does: kernel at RAM + 2 MiB, DTB at 0x44000000, a stub at RAM that enters with x0 = DTB', async () => {
    const img = image();
    const m = await boot(file(img), { append: 'console=ttyAMA0' });
    expect(reg(m, 'pc')).to.equal(RAM);
    expect(bytes(m, RAM, 40)).to.deep.equal(linuxBootStub(0x44000000, RAM + 2 * MiB));
    expect(bytes(m, RAM + 2 * MiB, img.length)).to.deep.equal(img);
    const dtb = new Tree(bytes(m, 0x44000000, 0x10000));
    expect(dtb.strings('/chosen', 'bootargs')).to.deep.equal(['console=ttyAMA0']);
    expect(reg(m, 'cpsr') & 0x3cf).to.equal(0x3c5); // EL1h, D, A, I, F masked
    expect(entryRegisters(m)).to.deep.equal([0x44000000, 0, 0, 0]);
  });

  it('honours text_offset above the stub area, and puts the initrd after a large image_size', async () => {
    const m = await boot(file(image({ textOffset: 0x80000 })));
    expect(entryRegisters(m)).to.deep.equal([0x44000000, 0, 0, 0]);
    expect(bytes(m, RAM + 0x80000, 4)).to.deep.equal(words([0x14000010]));

    const initrd = file(new Uint8Array(3 * MiB + 5).fill(0xab), 'initrd');
    const big = await boot(file(image({ imageSize: 80 * MiB })), { initrd });
    // 0x40200000 + 80 MiB is past RAM + 64 MiB: the initrd follows the kernel, page-aligned.
    const initrdStart = RAM + 2 * MiB + 80 * MiB;
    const dtbAt = Math.ceil((initrdStart + 3 * MiB + 5) / (2 * MiB)) * 2 * MiB;
    const t = new Tree(bytes(big, dtbAt, 0x10000));
    expect(t.cells('/chosen', 'linux,initrd-start')).to.deep.equal([initrdStart]);
    expect(t.cells('/chosen', 'linux,initrd-end')).to.deep.equal([initrdStart + 3 * MiB + 5]);
    expect(bytes(big, initrdStart, 4)).to.deep.equal(Uint8Array.of(0xab, 0xab, 0xab, 0xab));
    expect(entryRegisters(big)[0]).to.equal(dtbAt);
  });

  it('loads a file with no header as QEMU loads a raw kernel: RAM + 0x80000, x0 = DTB (kvm-unit-tests .flat)', async () => {
    const m = await boot(file(words(PROBE)), { set: { memory: '512MiB' } });
    expect(bytes(m, RAM + 0x80000, 28)).to.deep.equal(words(PROBE));
    // 512 MiB: initrd slot at RAM + 128 MiB, the DTB right there without an initrd.
    expect(entryRegisters(m)).to.deep.equal([0x48000000, 0, 0, 0]);
  });

  it('inflates a gzip-compressed Image first (Ubuntu ships arm64 kernels that way)', async () => {
    const img = image();
    const m = await boot(file(gzipSync(img)));
    expect(bytes(m, RAM + 2 * MiB, img.length)).to.deep.equal(img);
    expect(entryRegisters(m)[0]).to.equal(0x44000000);
  });

  it('keeps secondary CPUs off until PSCI CPU_ON, even on a board that starts them all', async () => {
    const m = await boot(file(image()), { set: { cpus: '3' } });
    expect(m.cpus.map((c) => c.state)).to.deep.equal(['running', 'stopped', 'stopped']);
    expect(reg(m, 'pc')).to.equal(RAM);
    const all = await boot(file(image()), { board: join(FIXTURE_BOARDS, 'aarch64-all-running.yaml') });
    expect(all.cpus.map((c) => c.state)).to.deep.equal(['running', 'stopped']);
    // 64 MiB: the initrd slot (and so the DTB) is at RAM + 32 MiB.
    expect(entryRegisters(all)).to.deep.equal([RAM + 32 * MiB, 0, 0, 0]);
  });

  it('uses a --dtb file instead of the generated tree, with /chosen brought up to date', async () => {
    const own = await boot(file(image()), { append: 'generated' });
    const blob = bytes(own, 0x44000000, new DataView(bytes(own, 0x44000000, 8).buffer).getUint32(4));
    const generated = new Tree(blob);
    expect(generated.strings('/chosen', 'bootargs')).to.deep.equal(['generated']);
    const m = await boot(file(image()), { dtb: file(blob, 'user-dtb'), append: 'from the user' });
    expect(new Tree(bytes(m, 0x44000000, blob.length + 64)).strings('/chosen', 'bootargs')).to.deep.equal(['from the user']);
  });

  it('refuses what it cannot boot, naming the file and the reason, before anything runs', async () => {
    const be = file(image({ flags: 0x3 }));
    expect(await bootError(be)).to.equal(`${be}: cannot boot it on cpu0 (linux): a big-endian arm64 Image (flags bit 0); the aarch64 core runs little-endian`);
    expect(await bootError(file(image({ flags: 0x6 })))).to.match(/built for 64 KiB pages; the aarch64 core translates with the 4 KiB granule only$/);
    expect(await bootError(file(new Uint8Array(0)))).to.match(/: empty file$/);
    expect(await bootError(file(Uint8Array.of(0x1f, 0x8b, 1, 2, 3)))).to.match(/gzip-compressed, but cannot be inflated/);
    expect(await bootError(file(image({ imageSize: 200 * MiB }))))
      .to.match(/the kernel \(209715200 bytes at 0x40200000\) does not fit in cpu0's RAM \(0x40000000, 128 MiB\); raise --set memory$/);
    const huge = file(new Uint8Array(70 * MiB), 'initrd');
    expect(await bootError(file(image()), { initrd: huge })).to.match(/the initrd .* \(73400320 bytes\) does not fit in RAM after the kernel/);
    expect(await bootError(file(image()), { dtb: file(Uint8Array.of(1, 2, 3, 4), 'bad-dtb') })).to.match(/bad-dtb.*: too short for a device-tree header/);
  });

  it('starts an ELF at its entry with x0 = 0, as before and as QEMU (bare metal)', async () => {
    const elf = buildElf({ bits: 64, littleEndian: true, machine: 183, entry: RAM, segments: [{ paddr: RAM, data: words(PROBE) }] });
    const m = await boot(file(elf, 'probe-elf'));
    expect(reg(m, 'pc')).to.equal(RAM);
    expect(entryRegisters(m)).to.deep.equal([0, 0, 0, 0]);
    // An ELF that leaves the base of RAM free gets the DTB there (QEMU does the same); x0 stays 0.
    const high = buildElf({ bits: 64, littleEndian: true, machine: 183, entry: RAM + MiB, segments: [{ paddr: RAM + MiB, data: words(PROBE) }] });
    const h = await boot(file(high, 'probe-elf-high'));
    expect(new DataView(bytes(h, RAM, 4).buffer).getUint32(0)).to.equal(0xd00dfeed);
    expect(entryRegisters(h)).to.deep.equal([0, 0, 0, 0]);
    expect(await bootError(file(elf, 'elf-with-initrd'), { initrd: file(Uint8Array.of(1), 'initrd') })).to.match(/--initrd goes with a Linux Image or raw kernel/);
  });

  it('reads the Image header fields the protocol uses', () => {
    expect(readImageHeader(image({ textOffset: 0x80000, imageSize: 0x123456, flags: 0xa }))).to.deep.equal({ textOffset: 0x80000, imageSize: 0x123456, bigEndian: false, pageKiB: 4 });
    expect(readImageHeader(words(PROBE))).to.equal(undefined);
  });
});

describe('--initrd and --dtb on a board whose protocol takes none', () => {
  it('say so, naming the flag', async () => {
    const { testContainer, toyElf } = await import('../../helpers/toy-harness.js');
    const elf = toyElf([0], 0x1000);
    const r = await buildSimulation(testContainer(), { board: join(FIXTURE_BOARDS, 'toy-solo.yaml'), images: [{ file: elf }], initrd: elf });
    expect(r._tag === 'Left' && r.left.message).to.match(/^--initrd .*: no program is booted with a protocol that takes an initrd \(cpu0: entry\)$/);
  });
});
