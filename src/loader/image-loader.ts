import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { AddressSpace } from '../memory/address-space.js';
import type { BootImage } from '../api/machine-control.js';
import { ELF_MACHINE_NAMES, type ElfImage } from './elf-types.js';

const hex = (n: number): string => `0x${n.toString(16)}`;
const machineName = (m: number): string => ELF_MACHINE_NAMES[m] ?? `machine ${m}`;

/**
 * Copy an ELF's PT_LOAD segments into a CPU's view of memory at their physical addresses,
 * zero-filling memsz beyond filesz. Refuses a file built for another machine or byte order and
 * a segment that falls outside RAM/ROM, naming the file and the segment.
 */
export function loadElf(
  space: AddressSpace,
  image: ElfImage,
  accepts: { arch: string; machines: readonly number[]; littleEndian: boolean },
): Either<string, BootImage> {
  if (!accepts.machines.includes(image.machine)) {
    return left(`${image.file}: built for ${machineName(image.machine)}, but the CPU is ${accepts.arch} (accepts ${accepts.machines.map(machineName).join(', ')})`);
  }
  if (image.littleEndian !== accepts.littleEndian) {
    return left(`${image.file}: ${image.littleEndian ? 'little' : 'big'}-endian ELF for a ${accepts.littleEndian ? 'little' : 'big'}-endian ${accepts.arch} CPU`);
  }
  for (const [i, seg] of image.segments.entries()) {
    if (seg.memsz === 0) continue;
    if (seg.paddr + seg.memsz > 2 ** 32 || !space.isMemory(seg.paddr, seg.memsz)) {
      return left(`${image.file}: segment ${i} (${hex(seg.paddr)}..${hex(seg.paddr + seg.memsz - 1)}) does not fit in the memory of ${space.name}`);
    }
    space.load(seg.paddr, seg.data);
    if (seg.memsz > seg.data.length) space.zero(seg.paddr + seg.data.length, seg.memsz - seg.data.length);
  }
  const symbols = new Map<string, number>();
  for (const s of image.symbols) if (!symbols.has(s.name)) symbols.set(s.name, s.value);
  return right({ entry: image.entry, file: image.file, symbols });
}

/** Copy a raw binary to `address`; the entry point is that address. */
export function loadRaw(space: AddressSpace, bytes: Uint8Array, address: number, file: string): Either<string, BootImage> {
  if (!space.isMemory(address, Math.max(1, bytes.length)) || !space.load(address, bytes)) {
    return left(`${file}: ${bytes.length} bytes at ${hex(address)} do not fit in the memory of ${space.name}`);
  }
  return right({ entry: address, file, symbols: new Map() });
}
