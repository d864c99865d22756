import { readFileSync } from 'node:fs';
import { parseElf } from '../loader/elf-parser.js';
import type { ElfSymbol } from '../loader/elf-types.js';

const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_NOTYPE = 0;

/**
 * PC → `function+0xoffset` from an ELF's symbol table (functions first; a label without a size
 * covers up to the next symbol). Files without symbols, raw binaries and unreadable files give
 * nothing, never an error: symbols only decorate a report.
 */
export class Symbolizer {
  private readonly symbols: ElfSymbol[];

  constructor(symbols: readonly ElfSymbol[]) {
    this.symbols = symbols
      .filter((s) => s.name !== '' && (s.type === STT_FUNC || s.type === STT_NOTYPE || s.type === STT_OBJECT) && !s.name.startsWith('$'))
      .sort((a, b) => a.value - b.value || b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The symbols of an ELF file, or none if it cannot be read or is not an ELF. */
  static fromFile(file: string | undefined): Symbolizer {
    if (file === undefined) return new Symbolizer([]);
    try {
      const elf = parseElf(readFileSync(file), file);
      return new Symbolizer(elf._tag === 'Right' ? elf.right.symbols : []);
    } catch {
      return new Symbolizer([]);
    }
  }

  /** `name+0xoff` (or `name`) for an address, or undefined when no symbol covers it. */
  lookup(address: number): string | undefined {
    let best: ElfSymbol | undefined;
    let lo = 0;
    let hi = this.symbols.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.symbols[mid].value <= address) {
        best = this.symbols[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best === undefined) return undefined;
    // Prefer a sized function that really contains the address among symbols at or below it.
    for (let i = lo - 1; i >= 0 && address - this.symbols[i].value < 1 << 20; i--) {
      const s = this.symbols[i];
      if (s.type === STT_FUNC && s.size > 0 && address < s.value + s.size) {
        best = s;
        break;
      }
    }
    if (best.size > 0 && address >= best.value + best.size && best.type !== STT_NOTYPE) return undefined;
    const off = address - best.value;
    return off === 0 ? best.name : `${best.name}+0x${off.toString(16)}`;
  }
}
