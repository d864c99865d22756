import type { AddressSpace, BootEnvironment, BootProgram, BootProtocol, Cpu } from '../../../src/api/index.js';
import { linuxBootStub } from './boot-stub.js';
import { kernelBytes, readImageHeader } from './kernel-image.js';

const KiB = 1024;
const MiB = 1024 * KiB;
/** Raw kernels (no Image header, or a pre-3.17 header) go here, as on QEMU. */
const RAW_KERNEL_OFFSET = 0x80000;
/** An Image asking for an offset below this would overlap the boot stub; it moves up 2 MiB (QEMU does the same). */
const STUB_AREA = 4 * KiB;
/** Linux maps the DTB within a 2 MiB-aligned window: keep it 2 MiB aligned. */
const DTB_ALIGN = 2 * MiB;
const PAGE = 4 * KiB;

const hex = (n: number): string => `0x${n.toString(16)}`;
const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Deterministic `rng-seed` bytes, so runs repeat exactly (QEMU draws them from the host). */
function rngSeed(): Uint8Array {
  const out = new Uint8Array(32);
  let x = 0x9e3779b9;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The RAM a kernel is placed in: the largest RAM region this CPU sees (virt's `ram`). */
function bootRam(memory: AddressSpace): { base: number; size: number } | undefined {
  const ram = memory.describe().filter((r) => r.kind === 'ram');
  return ram.sort((a, b) => b.size - a.size || a.base - b.base)[0];
}

/** The lowest and highest+1 physical addresses an ELF's segments occupy. */
function elfExtent(program: BootProgram): [number, number] {
  const segs = (program.elf?.segments ?? []).filter((s) => s.memsz > 0);
  if (!segs.length) return [0, 0];
  return [Math.min(...segs.map((s) => s.paddr)), Math.max(...segs.map((s) => s.paddr + s.memsz))];
}

/**
 * Linux's arm64 boot protocol as QEMU's `-kernel` implements it:
 *
 * - an `Image` (magic "ARM\x64") goes to RAM + text_offset, moved up 2 MiB when that would
 *   overlap the boot stub; a file with no header (a kvm-unit-tests `.flat`) goes to RAM + 0x80000;
 *   a gzip file is inflated first;
 * - the initrd goes at RAM + min(RAM/2, 128 MiB), or after the kernel's `image_size` if that is
 *   higher; the DTB at the next 2 MiB boundary after the initrd;
 * - the boot CPU starts at a 40-byte stub at the base of RAM that sets x0 = DTB, x1–x3 = 0 and
 *   branches to the kernel, at EL1h with the MMU off and interrupts masked (the core has no EL2);
 *   the other CPUs stay off until PSCI CPU_ON.
 *
 * ELF files start at their entry, as with `boot: entry` (x0 = 0, QEMU treats ELF as bare metal);
 * a DTB is put at the base of RAM for them when the ELF leaves room, as QEMU does.
 */
export const linuxBoot: BootProtocol = {
  description: 'Linux arm64 boot protocol (Image or raw kernel, initrd, device tree in x0), as QEMU -kernel',
  placesFiles: true,
  takesInitrd: true,
  takesDeviceTree: true,

  check(program) {
    if (program.elf || program.address !== undefined) {
      if (program.initrd) return `--initrd goes with a Linux Image or raw kernel; ${program.elf ? 'an ELF' : 'a binary loaded at an address'} starts at its entry with no initrd`;
      return undefined;
    }
    const bytes = kernelBytes(program.bytes);
    if (typeof bytes === 'string') return bytes;
    if (bytes.length === 0) return 'empty file';
    const header = readImageHeader(bytes);
    if (header?.bigEndian) return 'a big-endian arm64 Image (flags bit 0); the aarch64 core runs little-endian';
    if (header && (header.pageKiB === 16 || header.pageKiB === 64)) {
      return `an Image built for ${header.pageKiB} KiB pages; the aarch64 core translates with the 4 KiB granule only`;
    }
    return undefined;
  },

  boot(cpu, program, memory, env) {
    if (program.elf) return bootElf(cpu, program, memory, env);
    if (program.address !== undefined) {
      cpu.setEntry(program.address);
      return undefined;
    }
    if (!env.primary) {
      // Secondaries wait for PSCI CPU_ON, whatever the board says about starting them.
      if (cpu.state !== 'stopped') cpu.powerOff();
      return undefined;
    }
    return bootKernel(cpu, program, memory, env);
  },
};

function bootElf(cpu: Cpu, program: BootProgram, memory: AddressSpace, env: BootEnvironment): string | undefined {
  cpu.setEntry(program.elf!.entry);
  if (!env.primary) return undefined;
  const ram = bootRam(memory);
  if (!ram) return undefined;
  // QEMU copies the DTB to the base of RAM when the ELF does not cover it, below the ELF if the
  // ELF lies above; it leaves it out when it would not fit. x0 stays 0 either way.
  const [low, high] = elfExtent(program);
  if (low <= ram.base && high > ram.base) return undefined;
  const dtb = env.deviceTree({ ...(program.commandLine && { bootargs: program.commandLine }), rngSeed: rngSeed() });
  if (dtb._tag === 'Left') return `device tree: ${dtb.left}`;
  const limit = low > ram.base ? low : ram.base + ram.size;
  if (ram.base + dtb.right.length <= limit) memory.load(ram.base, dtb.right);
  return undefined;
}

function bootKernel(cpu: Cpu, program: BootProgram, memory: AddressSpace, env: BootEnvironment): string | undefined {
  const ram = bootRam(memory);
  if (!ram) return `${cpu.id} sees no RAM to load a kernel into`;
  const ramEnd = ram.base + ram.size;
  const kernel = kernelBytes(program.bytes) as Uint8Array; // check() refused what cannot be inflated
  const header = readImageHeader(kernel);
  let offset = RAW_KERNEL_OFFSET;
  let kernelSize = kernel.length;
  if (header && header.imageSize !== 0) {
    offset = header.textOffset < STUB_AREA ? header.textOffset + 2 * MiB : header.textOffset;
    kernelSize = header.imageSize;
  }
  const entry = ram.base + offset;
  if (kernelSize > ram.size || entry + kernel.length > ramEnd) {
    return `the kernel (${kernelSize} bytes at ${hex(entry)}) does not fit in ${cpu.id}'s RAM (${hex(ram.base)}, ${ram.size / MiB} MiB); raise --set memory`;
  }

  let initrdStart = alignUp(Math.max(ram.base + Math.min(ram.size / 2, 128 * MiB), entry + kernelSize), PAGE);
  const initrdSize = program.initrd?.bytes.length ?? 0;
  if (program.initrd && (initrdStart >= ramEnd || initrdStart + initrdSize > ramEnd)) {
    return `the initrd ${program.initrd.file} (${initrdSize} bytes) does not fit in RAM after the kernel (from ${hex(initrdStart)} to ${hex(ramEnd)}); raise --set memory`;
  }
  const dtbStart = alignUp(initrdStart + initrdSize, DTB_ALIGN);
  const dtb = env.deviceTree({
    ...(program.commandLine && { bootargs: program.commandLine }),
    ...(program.initrd && { initrd: { start: initrdStart, end: initrdStart + initrdSize } }),
    rngSeed: rngSeed(),
  });
  if (dtb._tag === 'Left') return `device tree: ${dtb.left}`;
  if (dtbStart + dtb.right.length > ramEnd) return `no room for the device tree after the kernel and initrd (at ${hex(dtbStart)}); raise --set memory`;

  memory.load(entry, kernel);
  if (program.initrd) memory.load(initrdStart, program.initrd.bytes);
  memory.load(dtbStart, dtb.right);
  memory.load(ram.base, linuxBootStub(dtbStart, entry));
  cpu.setEntry(ram.base);
  return undefined;
}
