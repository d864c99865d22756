import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { ElfImage, ElfSegment, ElfSymbol } from './elf-types.js';

const PT_LOAD = 1;
const LATIN1 = new TextDecoder('latin1');
const SHT_SYMTAB = 2;

/**
 * Parse an ELF32 or ELF64 file of either byte order. Every offset and size is checked against
 * the file, so a truncated or garbage file gives a message, never an exception.
 */
export function parseElf(bytes: Uint8Array, file: string): Either<string, ElfImage> {
  try {
    return new Reader(bytes, file).parse();
  } catch (e) {
    if (e instanceof ElfFormatError) return left(`${file}: ${e.message}`);
    throw e;
  }
}

class ElfFormatError extends Error {}

class Reader {
  private readonly view: DataView;
  private le = true;
  private is64 = false;

  constructor(private readonly bytes: Uint8Array, private readonly file: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  parse(): Either<string, ElfImage> {
    const b = this.bytes;
    if (b.length < 16 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) {
      return left(`${this.file}: not an ELF file (no \\x7fELF magic)`);
    }
    if (b[4] !== 1 && b[4] !== 2) return left(`${this.file}: bad ELF class ${b[4]} (expected 1 for ELF32 or 2 for ELF64)`);
    if (b[5] !== 1 && b[5] !== 2) return left(`${this.file}: bad ELF data encoding ${b[5]} (expected 1 little or 2 big endian)`);
    this.is64 = b[4] === 2;
    this.le = b[5] === 1;
    const ehsize = this.is64 ? 64 : 52;
    this.need(0, ehsize, 'ELF header');
    const type = this.u16(16);
    if (type !== 2) return left(`${this.file}: ELF type ${type} is not an executable (ET_EXEC); link the program statically without PIE`);
    const machine = this.u16(18);
    const entry = this.addr(this.is64 ? 24 : 24);
    const phoff = this.off(this.is64 ? 32 : 28);
    const shoff = this.off(this.is64 ? 40 : 32);
    const phentsize = this.u16(this.is64 ? 54 : 42);
    const phnum = this.u16(this.is64 ? 56 : 44);
    const shentsize = this.u16(this.is64 ? 58 : 46);
    const shnum = this.u16(this.is64 ? 60 : 48);

    const segments: ElfSegment[] = [];
    if (phnum > 0) {
      if (phentsize < (this.is64 ? 56 : 32)) throw new ElfFormatError(`program header entry size ${phentsize} is too small`);
      this.need(phoff, phnum * phentsize, 'program headers');
      for (let i = 0; i < phnum; i++) {
        const seg = this.segment(phoff + i * phentsize, i);
        if (seg) segments.push(seg);
      }
    }
    if (segments.length === 0) return left(`${this.file}: no loadable (PT_LOAD) segment`);
    const symbols = shnum > 0 && shoff > 0 ? this.symbols(shoff, shentsize, shnum) : [];
    return right({ file: this.file, bits: this.is64 ? 64 : 32, littleEndian: this.le, machine, entry, segments, symbols });
  }

  private segment(at: number, index: number): ElfSegment | undefined {
    if (this.u32(at) !== PT_LOAD) return undefined;
    let offset: number, vaddr: number, paddr: number, filesz: number, memsz: number, flags: number;
    if (this.is64) {
      flags = this.u32(at + 4);
      offset = this.off(at + 8);
      vaddr = this.addr(at + 16);
      paddr = this.addr(at + 24);
      filesz = this.off(at + 32);
      memsz = this.off(at + 40);
    } else {
      offset = this.u32(at + 4);
      vaddr = this.u32(at + 8);
      paddr = this.u32(at + 12);
      filesz = this.u32(at + 16);
      memsz = this.u32(at + 20);
      flags = this.u32(at + 24);
    }
    if (filesz > memsz) throw new ElfFormatError(`segment ${index}: file size 0x${filesz.toString(16)} exceeds memory size 0x${memsz.toString(16)}`);
    this.need(offset, filesz, `segment ${index} data`);
    return { paddr, vaddr, data: this.bytes.subarray(offset, offset + filesz), memsz, flags };
  }

  private symbols(shoff: number, shentsize: number, shnum: number): ElfSymbol[] {
    if (shentsize < (this.is64 ? 64 : 40)) throw new ElfFormatError(`section header entry size ${shentsize} is too small`);
    this.need(shoff, shnum * shentsize, 'section headers');
    const out: ElfSymbol[] = [];
    for (let i = 0; i < shnum; i++) {
      const sh = shoff + i * shentsize;
      if (this.u32(sh + 4) !== SHT_SYMTAB) continue;
      const link = this.u32(sh + (this.is64 ? 40 : 24));
      const offset = this.off(sh + (this.is64 ? 24 : 16));
      const size = this.off(sh + (this.is64 ? 32 : 20));
      const symSize = this.is64 ? 24 : 16;
      const entsize = this.off(sh + (this.is64 ? 56 : 36)) || symSize;
      // A smaller entry would overlap its neighbours: many bogus symbols from a few bytes.
      if (entsize < symSize) throw new ElfFormatError(`symbol table ${i} has entries of ${entsize} bytes, fewer than a symbol's ${symSize}`);
      if (link >= shnum) throw new ElfFormatError(`symbol table ${i} links to missing string table ${link}`);
      const str = shoff + link * shentsize;
      const strOff = this.off(str + (this.is64 ? 24 : 16));
      const strSize = this.off(str + (this.is64 ? 32 : 20));
      this.need(offset, size, 'symbol table');
      this.need(strOff, strSize, 'string table');
      for (let at = offset; at + entsize <= offset + size; at += entsize) {
        const nameOff = this.u32(at);
        const info = this.is64 ? this.bytes[at + 4] : this.bytes[at + 12];
        const value = this.is64 ? this.addr(at + 8) : this.u32(at + 4);
        const size = this.is64 ? this.off(at + 16) : this.u32(at + 8);
        const name = this.cstring(strOff, strSize, nameOff);
        if (name) out.push({ name, value, size, type: info & 0xf });
      }
    }
    return out;
  }

  private cstring(base: number, size: number, off: number): string {
    if (off >= size) throw new ElfFormatError(`symbol name offset 0x${off.toString(16)} is outside the string table`);
    const nul = this.bytes.subarray(base + off, base + size).indexOf(0);
    const end = nul < 0 ? base + size : base + off + nul;
    return LATIN1.decode(this.bytes.subarray(base + off, end));
  }

  private need(offset: number, size: number, what: string): void {
    if (offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw new ElfFormatError(`truncated: ${what} at 0x${offset.toString(16)}+0x${size.toString(16)} runs past the end of the file (0x${this.bytes.length.toString(16)} bytes)`);
    }
  }

  private u16(at: number): number {
    this.need(at, 2, 'field');
    return this.view.getUint16(at, this.le);
  }

  private u32(at: number): number {
    this.need(at, 4, 'field');
    return this.view.getUint32(at, this.le);
  }

  /** A 64-bit field that must fit a Number exactly. */
  private u64(at: number, what: string): number {
    this.need(at, 8, what);
    const lo = this.view.getUint32(at + (this.le ? 0 : 4), this.le);
    const hi = this.view.getUint32(at + (this.le ? 4 : 0), this.le);
    if (hi >= 0x200000) throw new ElfFormatError(`${what} 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is beyond 2^53`);
    return hi * 0x100000000 + lo;
  }

  private addr(at: number): number {
    return this.is64 ? this.u64(at, 'address') : this.u32(at);
  }

  private off(at: number): number {
    return this.is64 ? this.u64(at, 'offset') : this.u32(at);
  }
}
