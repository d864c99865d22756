/**
 * Bit instructions and the read-modify-write exchanges: BT/BTS/BTR/BTC, BSF/BSR, BSWAP,
 * SHLD/SHRD, XADD, CMPXCHG, CMPXCHG8B/16B. Cores run one at a time, so a LOCKed
 * read-modify-write is atomic as long as it is not split, which a single instruction never is.
 * @module
 */
import { Cc, CF, ZF } from '../flags.js';
import type { Gen } from './gen.js';
import { maskOf } from './gen.js';

/**
 * BT (0), BTS (1), BTR (2), BTC (3). With a register bit offset and a memory operand the offset
 * is signed and selects the operand-sized word at EA + (offset >> log2(bits)) * size.
 */
export function bitTest(g: Gen, op: number, immForm: boolean): void {
  const i = g.i;
  const size = i.osz;
  const bits = size * 8;
  g.emit('{');
  if (immForm) g.emit(`const bit = ${i.imm & (bits - 1)};`);
  else if (size === 8) g.emit(`const off = r[${2 * i.reg}], offh = r[${2 * i.reg + 1}]; const bit = off & 63;`);
  else g.emit(`const off = ${size === 2 ? `((r[${2 * i.reg}] << 16) >> 16)` : `r[${2 * i.reg}]`}; const bit = off & ${bits - 1};`);
  let a;
  if (i.isMem) {
    const ea = g.addr();
    if (immForm) a = ea;
    else {
      // Byte displacement of the addressed word, as a (possibly negative) Number.
      const d = size === 8 ? 'Math.floor((offh * 4294967296 + (off >>> 0)) / 64) * 8' : `Math.floor(off / ${bits}) * ${size}`;
      const n = g.t();
      g.emit(`const d${n} = ${d}; const s${n} = ${ea.lo} + d${n}; const bl${n} = s${n} >>> 0;`);
      g.emit(g.mode64 ? `const bh${n} = (${ea.hi} + Math.floor((s${n} - bl${n}) / 4294967296)) | 0;` : `const bh${n} = 0;`);
      a = { lo: `bl${n}`, hi: `bh${n}` };
    }
    g.readMem(size, a, 'v');
  } else g.readRm(size, 'v');
  // The bit and the value shifted right by it (QEMU computes the other flags from it; for a
  // register operand it shifts the whole 64-bit register, whatever the operand size).
  if (!i.isMem && size < 8) g.emit(`const fv = r[${2 * i.rm}], fvh = r[${2 * i.rm + 1}]; const tl = bit === 0 ? fv : (fv >>> bit) | (fvh << (32 - bit)), th = fvh >>> bit;`);
  else if (size === 8) g.emit('const tl = bit < 32 ? (bit === 0 ? v : (v >>> bit) | (vh << (32 - bit))) : vh >>> (bit - 32), th = bit < 32 ? vh >>> bit : 0;');
  else g.emit(`const tl = (v ${size === 4 ? '>>> 0' : ''}) >>> bit, th = 0;`);
  if (op !== 0) {
    let nv: string;
    let nvh = '0';
    if (size === 8) {
      const m = 'ml';
      g.emit(`const ${m} = bit < 32 ? 1 << bit : 0, mh = bit >= 32 ? 1 << (bit - 32) : 0;`);
      nv = op === 1 ? `v | ${m}` : op === 2 ? `v & ~${m}` : `v ^ ${m}`;
      nvh = op === 1 ? 'vh | mh' : op === 2 ? 'vh & ~mh' : 'vh ^ mh';
    } else {
      const m = `(1 << bit)`;
      nv = op === 1 ? `v | ${m}` : op === 2 ? `v & ~${m}` : `v ^ ${m}`;
      if (size < 4) nv = `(${nv}) & ${maskOf(size)}`;
    }
    g.emit(`const nv = ${nv}, nvh = ${nvh};`);
    if (i.isMem) g.emit(g.st(size, a!, 'nv', 'nvh'));
    else g.emit(g.wrAny(i.rm, size, 'nv', 'nvh'));
  }
  g.flagsRead();
  g.emit('H.bt(c, tl, th);');
  g.emit('}');
  g.flagsClobbered();
}

/** BSF/BSR: the flags of a logic op on the source (ZF = source is zero); a zero source leaves the destination (QEMU). */
export function bitScan(g: Gen, reverse: boolean): void {
  const i = g.i;
  const size = i.osz;
  g.emit('{');
  g.readRm(size, 's');
  if (size === 8) {
    const idx = reverse
      ? 's1h !== 0 ? 63 - Math.clz32(s1h) : 31 - Math.clz32(s1)'
      : 's1 !== 0 ? 31 - Math.clz32(s1 & -s1) : 63 - Math.clz32(s1h & -s1h)';
    g.emit(`const s1 = s, s1h = sh; if ((s1 | s1h) !== 0) { ${g.wr64(i.reg, `(${idx})`, '0')} }`);
    g.emit('fr = s1; frh = s1h;');
  } else {
    const v = size === 2 ? 's' : 's';
    const idx = reverse ? `31 - Math.clz32(${v})` : `31 - Math.clz32(${v} & -${v})`;
    if (size === 4) g.emit(`if (s !== 0) r[${2 * i.reg}] = ${idx}; r[${2 * i.reg + 1}] = 0;`);
    else g.emit(`if (s !== 0) { ${g.wr(i.reg, 2, idx)} }`);
    g.emit('fr = s;');
  }
  g.emit('}');
  g.setFlags(Cc.Logic, size);
}

/** POPCNT r, r/m (16/32/64): ZF = source zero, the other five flags clear (QEMU's CC_OP_POPCNT). */
export function popcnt(g: Gen): void {
  const i = g.i;
  const size = i.osz;
  const pop = (v: string): string => `H.popcount32(${v})`;
  g.emit('{');
  g.readRm(size, 's');
  const count = size === 8 ? `(${pop('s')} + ${pop('sh')})` : pop('s');
  const zero = size === 8 ? '(s | sh) === 0' : 's === 0';
  g.emit(`const n = ${count};`);
  if (size === 2) g.emit(g.wr(i.reg, 2, 'n'));
  else g.emit(`r[${2 * i.reg}] = n; r[${2 * i.reg + 1}] = 0;`);
  g.emit(`fr = ${zero} ? ${ZF} : 0;`);
  g.emit('}');
  g.setFlags(Cc.Eflags, 4);
}

/**
 * LZCNT r, r/m: leading zeros, the operand size when the source is 0. CF = source zero, ZF =
 * result zero, SF = the result's top bit, PF = AF = OF = 0 (QEMU's CC_OP_BMILG).
 */
export function lzcnt(g: Gen): void {
  const i = g.i;
  const size = i.osz;
  g.emit('{');
  g.readRm(size, 's');
  if (size === 8) g.emit('const n = sh !== 0 ? Math.clz32(sh) : 32 + Math.clz32(s);');
  else g.emit(`const n = Math.clz32(s) - ${32 - 8 * size};`);
  if (size === 2) g.emit(g.wr(i.reg, 2, 'n'));
  else g.emit(`r[${2 * i.reg}] = n; r[${2 * i.reg + 1}] = 0;`);
  g.emit(`fr = (${size === 8 ? '(s | sh) === 0' : 's === 0'} ? ${CF} : 0) | (n === 0 ? ${ZF} : 0);`);
  g.emit('}');
  g.setFlags(Cc.Eflags, 4);
}

export function bswap(g: Gen, n: number): void {
  const sw = (v: string): string => `((${v} >>> 24) | ((${v} >>> 8) & 65280) | ((${v} & 65280) << 8) | (${v} << 24))`;
  if (g.i.osz === 8) g.emit(`{ const l = r[${2 * n}], h = r[${2 * n + 1}]; r[${2 * n}] = ${sw('h')}; r[${2 * n + 1}] = ${sw('l')}; }`);
  else g.emit(`{ const l = r[${2 * n}]; r[${2 * n}] = ${sw('l')}; r[${2 * n + 1}] = 0; }`); // 16-bit: a 32-bit swap, as QEMU
}

/** SHLD/SHRD r/m, reg, imm8/CL (helper: counts, the 16-bit Intel behaviour QEMU follows, flags). */
export function shiftDouble(g: Gen, right: boolean, count: number | undefined): void {
  const i = g.i;
  const size = i.osz;
  g.flagsRead();
  g.emit('{');
  g.emit(`const n = ${count === undefined ? 'r[2]' : count} & ${size === 8 ? 63 : 31};`);
  g.readRm(size, 'a');
  if (size === 8) g.emit(`const b = r[${2 * i.reg}], bh = r[${2 * i.reg + 1}];`);
  else g.emit(`const b = ${g.rd(i.reg, size)}, bh = 0;`);
  g.emit(`const v = H.shiftd(c, ${right}, ${size}, a, ${size === 8 ? 'ah' : '0'}, b, bh, n), vh = c.loadHi | 0;`);
  g.emit(g.writeRm(size, 'v', 'vh'));
  g.emit('}');
  g.flagsClobbered();
}

export function xadd(g: Gen, size: number): void {
  const i = g.i;
  g.emit('{');
  g.readRm(size, 'a');
  if (size === 8) {
    g.emit(`const b = r[${2 * i.reg}], bh = r[${2 * i.reg + 1}];`);
    g.emit('const s = (a >>> 0) + (b >>> 0); const v = s | 0, vh = (ah + bh + (s > 4294967295 ? 1 : 0)) | 0;');
    if (i.isMem) g.emit(g.writeRm(8, 'v', 'vh'));
    g.emit(g.wr64(i.reg, 'a', 'ah'));
    if (!i.isMem) g.emit(g.wr64(i.rm, 'v', 'vh'));
    g.emit('fa = a; fah = ah; fb = b; fbh = bh; fr = v; frh = vh;');
  } else {
    g.emit(`const b = ${g.rd(i.reg, size)};`);
    g.emit(`const v = (a + b)${size === 4 ? ' | 0' : ` & ${maskOf(size)}`};`);
    if (i.isMem) g.emit(g.writeRm(size, 'v'));
    g.emit(g.wr(i.reg, size, 'a'));
    if (!i.isMem) g.emit(g.wr(i.rm, size, 'v'));
    g.emit('fa = a; fb = b; fr = v;');
  }
  g.emit('}');
  g.setFlags(Cc.Add, size);
}

/**
 * CMPXCHG r/m, reg: flags of CMP rAX, r/m. Equal: the destination gets reg; not equal: rAX gets
 * the destination's value (a memory destination is written back either way, as QEMU does).
 */
export function cmpxchg(g: Gen, size: number): void {
  const i = g.i;
  g.emit('{');
  g.readRm(size, 'o');
  if (size === 8) {
    g.emit(`const cl = r[0], ch = r[1], nl = r[${2 * i.reg}], nh = r[${2 * i.reg + 1}]; const eq = o === cl && oh === ch;`);
    if (i.isMem) g.emit(g.writeRm(8, 'eq ? nl : o', 'eq ? nh : oh'));
    else g.emit(`if (eq) { ${g.wr64(i.rm, 'nl', 'nh')} }`);
    g.emit('if (!eq) { r[0] = o; r[1] = oh; }');
    g.emit('const s = (cl >>> 0) - (o >>> 0); fa = cl; fah = ch; fb = o; fbh = oh; fr = s | 0; frh = (ch - oh - (s < 0 ? 1 : 0)) | 0;');
  } else {
    g.emit(`const cv = ${g.rd(0, size)}, nv = ${g.rd(i.reg, size)}; const eq = o === cv;`);
    if (i.isMem) g.emit(g.writeRm(size, 'eq ? nv : o'));
    else g.emit(`if (eq) { ${g.wr(i.rm, size, 'nv')} }`);
    g.emit(`if (!eq) { ${g.wr(0, size, 'o')} }`);
    g.emit(`fa = cv; fb = o; fr = (cv - o)${size === 4 ? ' | 0' : ` & ${maskOf(size)}`};`);
  }
  g.emit('}');
  g.setFlags(Cc.Sub, size);
}

/** CMPXCHG8B / CMPXCHG16B m (16B needs REX.W and a 16-byte aligned operand). */
export function cmpxchg8b16b(g: Gen): void {
  const i = g.i;
  g.emit('{');
  const a = g.addr();
  g.flagsRead();
  g.mayFault();
  g.emit(`H.cmpxchgWide(c, ${a.lo}, ${a.hi}, ${i.rexW ? 16 : 8});`);
  g.emit('}');
  g.stored = true;
  g.flagsClobbered();
}
