/**
 * The Multiboot (v1) boot protocol as QEMU 7.2's `-kernel` on `-M pc` runs it: QEMU's loader
 * (hw/i386/multiboot.c) builds the information structure, SeaBIOS' multiboot option ROM fills
 * in the memory sizes and the e820 map, switches to 32-bit protected mode and jumps to the
 * kernel. This module writes what they leave in memory and the registers, as measured on
 * Debian's qemu-system-x86_64 7.2 (docs/arch-x86_64.md).
 * @module
 */
import type { AddressSpace, BootProgram, BootProtocol, Cpu } from '../../src/api/index.js';
import type { X86Cpu } from './cpu.js';
import { Seg } from './decode/insn.js';
import { Cc } from './flags.js';
import { CR0_ET, CR0_PE, DESC_P } from './mode.js';

const MAGIC = 0x1badb002;
const BOOT_MAGIC = 0x2badb002;
/** Where the option ROM leaves the e820 map and the information structure. */
const E820_ADDR = 0x9000;
const MBI_ADDR = 0x9500;
const MBI_SIZE = 88;
/** The option ROM's GDT (5 descriptors) and what GDTR/IDTR hold at the kernel entry. */
const GDT_ADDR = 0xcb2b8;
const GDT_LIMIT = 0x27;
const EM_X86_64 = 62;

/** Header flags QEMU understands: page-align modules (0), memory info (1), video mode (2, ignored with a warning by QEMU), address fields (16). */
const KNOWN_FLAGS = 0x00010007;

interface Header {
  offset: number;
  flags: number;
  headerAddr: number;
  loadAddr: number;
  loadEndAddr: number;
  bssEndAddr: number;
  entryAddr: number;
}

function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

/**
 * The first Multiboot header with a valid checksum in the first 8 KiB, 4-byte aligned: QEMU
 * scans offsets below 8192 - 48, so that the whole 48-byte header fits.
 */
export function findHeader(bytes: Uint8Array): Header | undefined {
  for (let i = 0; i < 8192 - 48 && i + 12 <= bytes.length; i += 4) {
    if (u32(bytes, i) !== MAGIC) continue;
    const flags = u32(bytes, i + 4);
    if (((MAGIC + flags + u32(bytes, i + 8)) >>> 0) !== 0) continue;
    const field = (k: number): number => (i + k + 4 <= bytes.length ? u32(bytes, i + k) : 0);
    return { offset: i, flags, headerAddr: field(12), loadAddr: field(16), loadEndAddr: field(20), bssEndAddr: field(24), entryAddr: field(28) };
  }
  return undefined;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/** Where the kernel image sits and where it starts, per the header's address fields (flag 16) or the ELF. */
interface Layout {
  loadAddr: number;
  /** Bytes of the image in memory (code, data, bss). */
  size: number;
  entry: number;
  /** With flag 16: the file range copied to loadAddr, and bss to zero. */
  fileOffset?: number;
  loadSize?: number;
}

function layout(program: BootProgram, h: Header): Layout | string {
  if ((h.flags & 0x10000) !== 0) {
    if (h.headerAddr < h.loadAddr) return `invalid Multiboot header: header_addr ${hex(h.headerAddr)} is below load_addr ${hex(h.loadAddr)}`;
    const fileOffset = h.offset - (h.headerAddr - h.loadAddr);
    if (fileOffset < 0) return 'invalid Multiboot header: load_addr lies before the start of the file';
    let loadSize: number;
    if (h.loadEndAddr !== 0) {
      if (h.loadEndAddr < h.loadAddr) return `invalid Multiboot header: load_end_addr ${hex(h.loadEndAddr)} is below load_addr`;
      loadSize = h.loadEndAddr - h.loadAddr;
    } else loadSize = program.bytes.length - fileOffset;
    if (fileOffset + loadSize > program.bytes.length) return `invalid Multiboot header: the image (${loadSize} bytes at file offset ${fileOffset}) runs past the end of the file`;
    let size = loadSize;
    if (h.bssEndAddr !== 0) {
      if (h.bssEndAddr < h.loadAddr + loadSize) return `invalid Multiboot header: bss_end_addr ${hex(h.bssEndAddr)} is below the end of the loaded image`;
      size = h.bssEndAddr - h.loadAddr;
    }
    return { loadAddr: h.loadAddr, size, entry: h.entryAddr, fileOffset, loadSize };
  }
  const elf = program.elf;
  if (!elf) return 'a raw binary needs the Multiboot address fields (header flag 16)';
  let low = Infinity;
  let high = 0;
  for (const s of elf.segments) {
    if (s.memsz === 0) continue;
    low = Math.min(low, s.paddr);
    high = Math.max(high, s.paddr + s.memsz);
  }
  if (low === Infinity) return 'the ELF file has no loadable segment';
  return { loadAddr: low, size: high - low, entry: elf.entry >>> 0 };
}

/** The kernel command line as QEMU builds it: "<kernel file> <append>". */
export function commandLine(program: BootProgram): string {
  return `${program.file} ${program.commandLine}`;
}

/** e820 map entries (base, length, type) that SeaBIOS reports for `ram` bytes below 4 GiB. */
export function e820Map(ram: number): [number, number, number][] {
  return [
    [0, 0x9fc00, 1],
    [0x9fc00, 0x400, 2],
    [0xf0000, 0x10000, 2],
    [0x100000, ram - 0x100000 - 0x20000, 1],
    [ram - 0x20000, 0x20000, 2],
    [0xfffc0000, 0x40000, 2],
    [0xfd00000000, 0x300000000, 2],
  ];
}

function write32(mem: AddressSpace, a: number, v: number): void {
  mem.load(a, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
}

/** RAM contiguous from address 0, in bytes. */
function ramBelow4G(mem: AddressSpace): number {
  let end = 0;
  while (end < 0xe0000000 && mem.isMemory(end, 0x100000)) end += 0x100000;
  return end;
}

export const multiboot: BootProtocol = {
  description: 'Multiboot v1 (QEMU -kernel on -M pc): 32-bit protected mode, EAX = 0x2BADB002, EBX = the information structure',

  check(program: BootProgram): string | undefined {
    const h = findHeader(program.bytes);
    if (!h) return 'not a Multiboot v1 kernel: no header (magic 0x1BADB002 with a valid checksum, 4-byte aligned) in its first 8 KiB';
    const unknown = h.flags & ~KNOWN_FLAGS & 0xffff;
    if (unknown !== 0) return `the Multiboot header asks for features this loader does not provide (flags ${hex(h.flags)}, unsupported bits ${hex(unknown)})`;
    if (program.elf && program.elf.machine === EM_X86_64 && (h.flags & 0x10000) === 0) {
      return 'is a 64-bit (x86-64) ELF; QEMU boots only ELF32 Multiboot kernels: link for 1 MiB and convert it with objcopy -O elf32-i386';
    }
    const l = layout(program, h);
    if (typeof l === 'string') return l;
    return undefined;
  },

  boot(cpu: Cpu, program: BootProgram, memory: AddressSpace): string | undefined {
    const c = cpu as X86Cpu;
    // Application processors wait for INIT-SIPI; only the bootstrap processor starts the kernel.
    if (c.apicId !== 0) return undefined;
    const h = findHeader(program.bytes)!;
    const l = layout(program, h) as Layout;
    const ram = ramBelow4G(memory);
    if (ram < 0x200000) return `the board has ${ram} bytes of RAM at 0; a Multiboot kernel needs at least 2 MiB`;
    if (l.fileOffset !== undefined) {
      if (l.loadAddr + l.size > ram) return `the kernel (${hex(l.loadAddr)}..${hex(l.loadAddr + l.size - 1)}) does not fit in RAM (${hex(ram)} bytes at 0)`;
      memory.load(l.loadAddr, program.bytes.subarray(l.fileOffset, l.fileOffset + l.loadSize!));
      if (l.size > l.loadSize!) memory.zero(l.loadAddr + l.loadSize!, l.size - l.loadSize!);
    }
    // Command line and boot loader name follow the kernel, page aligned (QEMU's mb_buf).
    const infoBase = l.loadAddr + Math.ceil(l.size / 4096) * 4096;
    const enc = new TextEncoder();
    const cmd = enc.encode(commandLine(program) + '\0');
    const name = enc.encode('qemu\0');
    if (infoBase + cmd.length + name.length > ram) return 'no room after the kernel for the Multiboot command line';
    memory.load(infoBase, cmd);
    memory.load(infoBase + cmd.length, name);
    // e820 map (20-byte entries with their size word) and the information structure.
    const map = e820Map(ram);
    const e820 = new Uint8Array(24 * map.length);
    const dv = new DataView(e820.buffer);
    map.forEach(([base, len, type], k) => {
      dv.setUint32(24 * k, 20, true);
      dv.setUint32(24 * k + 4, base % 2 ** 32, true);
      dv.setUint32(24 * k + 8, Math.floor(base / 2 ** 32), true);
      dv.setUint32(24 * k + 12, len % 2 ** 32, true);
      dv.setUint32(24 * k + 16, Math.floor(len / 2 ** 32), true);
      dv.setUint32(24 * k + 20, type, true);
    });
    memory.load(E820_ADDR, e820);
    const mbi = new Uint8Array(MBI_SIZE);
    const mv = new DataView(mbi.buffer);
    mv.setUint32(0, 0x24f, true); // memory, boot device, cmdline, modules, mmap, boot loader name
    mv.setUint32(4, 639, true); // mem_lower: KiB below the EBDA
    mv.setUint32(8, (ram - 0x100000 - 0x20000) / 1024, true); // mem_upper: KiB from 1 MiB to SeaBIOS' reserved top
    mv.setUint32(12, 0x8000ffff, true); // boot_device
    mv.setUint32(16, infoBase, true); // cmdline
    mv.setUint32(20, 0, true); // mods_count
    mv.setUint32(24, infoBase, true); // mods_addr
    mv.setUint32(44, e820.length, true); // mmap_length
    mv.setUint32(48, E820_ADDR, true); // mmap_addr
    mv.setUint32(64, infoBase + cmd.length, true); // boot_loader_name
    memory.load(MBI_ADDR, mbi);
    // The option ROM's GDT: null, 0x08 flat 32-bit code, 0x10 flat data, 0x18/0x20 16-bit code/data.
    const gdt = [0, 0, 0x0000ffff, 0x00cf9a00, 0x0000ffff, 0x00cf9300, 0x0000ffff, 0x00009e00, 0x0000ffff, 0x00009200];
    gdt.forEach((w, k) => write32(memory, GDT_ADDR + 4 * k, w));
    handOver(c, l.entry, MBI_ADDR, BOOT_MAGIC, ram, GDT_ADDR, GDT_LIMIT);
    return undefined;
  },
};

/**
 * The state QEMU's pc firmware and multiboot option ROM leave at a Multiboot kernel's entry
 * (measured: docs/arch-x86_64.md): 32-bit protected mode, paging off, CS = 0x08 and the data
 * segments = 0x10 (flat 4 GiB, accessed), the ROM's GDT, the real-mode IDTR, EFLAGS = 0x6.
 */
export function handOver(c: X86Cpu, entry: number, ebx: number, eax: number, ram: number, gdtBase: number, gdtLimit: number): void {
  const r = c.r;
  r.fill(0);
  r[0] = eax | 0;
  r[2] = entry | 0; // the option ROM jumps through ECX
  r[4] = (0x511 | ((((ram - 1) / 2 ** 26) | 0) << 16)) | 0; // fw_cfg port left in DX (high word measured for 64/128/256 MiB)
  r[6] = ebx | 0;
  r[8] = 0x6f08;
  r[14] = 0x00f00f00;
  c.cr0 = CR0_PE | CR0_ET;
  c.cr4 = 0;
  c.efer = 0;
  c.cpl = 0;
  c.setSegmentCache(Seg.CS, 0x08, 0, 0xffffffff, 0x00c09a00);
  for (const s of [Seg.ES, Seg.SS, Seg.DS, Seg.FS, Seg.GS]) c.setSegmentCache(s, 0x10, 0, 0xffffffff, 0x00c09300);
  c.setSegmentCache(Seg.LDTR, 0, 0, 0xffff, DESC_P | (2 << 8));
  c.setSegmentCache(Seg.TR, 0, 0, 0xffff, DESC_P | (11 << 8));
  c.gdtBaseLo = gdtBase;
  c.gdtBaseHi = 0;
  c.gdtLimit = gdtLimit;
  c.idtBaseLo = 0;
  c.idtBaseHi = 0;
  c.idtLimit = 0x3ff;
  c.ccOp = Cc.Eflags << 2;
  c.ccR = 0x4;
  c.eflags = 2;
  c.msr.bootFirmware();
  // SeaBIOS leaves the BSP's local APIC software-enabled in virtual-wire mode: LINT0 ExtINT, LINT1 NMI.
  const l = c.lapic;
  if (l) {
    l.write(0xf0, 4, 0x1ff);
    l.write(0x350, 4, 0x8700);
    l.write(0x360, 4, 0x8400);
  }
  c.ip = entry >>> 0;
  c.ipHi = 0;
  c.updateMode();
  c.flushTlb(false);
  c.updateAttention();
}
