/** A loadable segment (PT_LOAD) of an ELF file. */
export interface ElfSegment {
  /** Physical load address (p_paddr), as QEMU's loader uses. */
  readonly paddr: number;
  readonly vaddr: number;
  /** File bytes; the rest up to memsz is zero-filled. */
  readonly data: Uint8Array;
  readonly memsz: number;
  readonly flags: number;
}

export interface ElfSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  /** STT_FUNC, STT_OBJECT, … */
  readonly type: number;
}

export interface ElfImage {
  readonly file: string;
  readonly bits: 32 | 64;
  readonly littleEndian: boolean;
  readonly machine: number;
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
  readonly symbols: readonly ElfSymbol[];
}

/** Well-known e_machine values, for messages. */
export const ELF_MACHINE_NAMES: Readonly<Record<number, string>> = {
  2: 'SPARC',
  3: 'i386',
  18: 'SPARC32PLUS',
  43: 'SPARC V9',
  62: 'x86-64',
  183: 'AArch64',
  40: 'ARM',
  243: 'RISC-V',
  8: 'MIPS',
};
