/**
 * Builds small ELF executables for tests: ELF32 or ELF64, either byte order, with PT_LOAD
 * segments and an optional symbol table.
 */
export interface ElfSpec {
  bits: 32 | 64;
  littleEndian: boolean;
  machine: number;
  entry: number;
  segments: { paddr: number; vaddr?: number; data: Uint8Array; memsz?: number }[];
  symbols?: { name: string; value: number }[];
}

export function buildElf(spec: ElfSpec): Uint8Array {
  const is64 = spec.bits === 64;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const syms = spec.symbols ?? [];
  const strtab = [0];
  const nameOff: number[] = [];
  for (const s of syms) {
    nameOff.push(strtab.length);
    for (const c of Buffer.from(s.name, 'latin1')) strtab.push(c);
    strtab.push(0);
  }
  const symsize = is64 ? 24 : 16;
  let off = ehsize + phentsize * spec.segments.length;
  const dataOff = spec.segments.map((s) => {
    const o = off;
    off += s.data.length;
    return o;
  });
  const symOff = off;
  off += symsize * (syms.length + 1);
  const strOff = off;
  off += strtab.length;
  off = (off + 7) & ~7;
  const shOff = syms.length ? off : 0;
  const shnum = syms.length ? 3 : 0;
  const total = off + shentsize * shnum;
  const buf = new Uint8Array(total);
  const v = new DataView(buf.buffer);
  const le = spec.littleEndian;
  const u16 = (o: number, x: number) => v.setUint16(o, x, le);
  const u32 = (o: number, x: number) => v.setUint32(o, x >>> 0, le);
  const u64 = (o: number, x: number) => v.setBigUint64(o, BigInt(x), le);
  const addr = (o: number, x: number) => (is64 ? u64(o, x) : u32(o, x));
  buf.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1]);
  u16(16, 2);
  u16(18, spec.machine);
  u32(20, 1);
  addr(24, spec.entry);
  addr(is64 ? 32 : 28, ehsize);
  addr(is64 ? 40 : 32, shOff);
  u16(is64 ? 52 : 40, ehsize);
  u16(is64 ? 54 : 42, phentsize);
  u16(is64 ? 56 : 44, spec.segments.length);
  u16(is64 ? 58 : 46, shentsize);
  u16(is64 ? 60 : 48, shnum);
  spec.segments.forEach((s, i) => {
    const p = ehsize + i * phentsize;
    const memsz = s.memsz ?? s.data.length;
    u32(p, 1);
    if (is64) {
      u32(p + 4, 7);
      u64(p + 8, dataOff[i]);
      u64(p + 16, s.vaddr ?? s.paddr);
      u64(p + 24, s.paddr);
      u64(p + 32, s.data.length);
      u64(p + 40, memsz);
    } else {
      u32(p + 4, dataOff[i]);
      u32(p + 8, s.vaddr ?? s.paddr);
      u32(p + 12, s.paddr);
      u32(p + 16, s.data.length);
      u32(p + 20, memsz);
      u32(p + 24, 7);
    }
    buf.set(s.data, dataOff[i]);
  });
  syms.forEach((s, i) => {
    const p = symOff + (i + 1) * symsize;
    u32(p, nameOff[i]);
    if (is64) {
      buf[p + 4] = 0x12;
      u64(p + 8, s.value);
    } else {
      u32(p + 4, s.value);
      buf[p + 12] = 0x12;
    }
  });
  buf.set(strtab, strOff);
  if (shnum) {
    const sh = (i: number) => shOff + i * shentsize;
    // [1] symtab, [2] strtab
    u32(sh(1) + 4, 2);
    if (is64) {
      u64(sh(1) + 24, symOff);
      u64(sh(1) + 32, symsize * (syms.length + 1));
      u32(sh(1) + 40, 2);
      u64(sh(1) + 56, symsize);
      u32(sh(2) + 4, 3);
      u64(sh(2) + 24, strOff);
      u64(sh(2) + 32, strtab.length);
    } else {
      u32(sh(1) + 16, symOff);
      u32(sh(1) + 20, symsize * (syms.length + 1));
      u32(sh(1) + 24, 2);
      u32(sh(1) + 36, symsize);
      u32(sh(2) + 4, 3);
      u32(sh(2) + 16, strOff);
      u32(sh(2) + 20, strtab.length);
    }
  }
  return buf;
}

/** Words to bytes in the given order. */
export function wordsToBytes(words: number[], littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const v = new DataView(out.buffer);
  words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, littleEndian));
  return out;
}
