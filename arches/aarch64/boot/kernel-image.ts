import { gunzip } from '../../../src/api/index.js';

/**
 * The arm64 Linux `Image` header (Documentation/arch/arm64/booting.rst): 64 bytes at the start
 * of the file, little-endian, with `text_offset` at +0x08, `image_size` at +0x10, `flags` at
 * +0x18 and the magic "ARM\x64" at +0x38.
 */
export interface ImageHeader {
  /** Offset from a 2 MiB-aligned base at which the image wants to run. */
  readonly textOffset: number;
  /** Bytes the kernel occupies once running (bss included); 0 for kernels before 3.17. */
  readonly imageSize: number;
  readonly bigEndian: boolean;
  /** Page size the kernel uses: 0 = unspecified, else 4, 16 or 64 (KiB). */
  readonly pageKiB: 0 | 4 | 16 | 64;
}

const MAGIC_OFFSET = 0x38;
const MAGIC = 0x644d5241; // "ARM\x64" read little-endian
/** QEMU's limit for a gzip-compressed kernel once inflated. */
export const MAX_INFLATED_KERNEL = 256 * 1024 * 1024;

/** The header of an arm64 Image, or undefined when the file has none (a raw kernel). */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < MAGIC_OFFSET + 4) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(MAGIC_OFFSET, true) !== MAGIC) return undefined;
  const u64 = (at: number): number => v.getUint32(at + 4, true) * 2 ** 32 + v.getUint32(at, true);
  const flags = v.getUint32(0x18, true);
  const pageKiB = ([0, 4, 16, 64] as const)[(flags >>> 1) & 3];
  return { textOffset: u64(0x08), imageSize: u64(0x10), bigEndian: (flags & 1) !== 0, pageKiB };
}

const inflated = new WeakMap<Uint8Array, Uint8Array | string>();

/**
 * The kernel as it goes into memory: a gzip file is inflated first (Ubuntu ships its arm64
 * `vmlinuz` that way; it is the boot loader's job on arm64), at most MAX_INFLATED_KERNEL bytes.
 * Returns a message when the file is gzip but cannot be inflated. Cached per file.
 */
export function kernelBytes(bytes: Uint8Array): Uint8Array | string {
  const cached = inflated.get(bytes);
  if (cached !== undefined) return cached;
  let result: Uint8Array | string = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      result = gunzip(bytes, MAX_INFLATED_KERNEL);
    } catch (e) {
      result = `gzip-compressed, but cannot be inflated (${(e as Error).message})`;
    }
  }
  inflated.set(bytes, result);
  return result;
}
