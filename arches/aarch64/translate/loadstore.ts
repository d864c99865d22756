import type { FpDecoder } from '../fpsimd-contract.js';
import type { Gen } from './gen.js';
import { M64, extendReg, hi32, lo32, sext, spSlot } from './gen.js';
import { loadInline, storeInline } from './memory.js';

/** How a load writes its destination. */
const enum Ext {
  /** Zero-extend into Xt (W forms clear bits [63:32] too). */
  Zero,
  /** Sign-extend to 32 bits, clear [63:32]. */
  Signed32,
  /** Sign-extend to 64 bits. */
  Signed64,
}

/** Code declaring `name`/`nameh` = (lo, hi) + off, with carry into the high word. */
function addConst(name: string, lo: string, hi: string, off: number): string {
  if (off === 0) return `const ${name} = ${lo} >>> 0, ${name}h = ${hi} | 0;`;
  const fix =
    off > 0
      ? `if (${name} > 4294967295) { ${name} -= 4294967296; ${name}h = (${name}h + 1) | 0; }`
      : `if (${name} < 0) { ${name} += 4294967296; ${name}h = (${name}h - 1) | 0; }`;
  return `let ${name} = (${lo} >>> 0) + ${off}, ${name}h = ${hi} | 0; ${fix}`;
}

function baseLo(b: number): string {
  return `x[${2 * b}]`;
}
function baseHi(b: number): string {
  return `x[${2 * b + 1}]`;
}

/**
 * The access itself: a load into Xt/Vt or a store from it, at address (a, ah). Integer accesses
 * are inline (see memory.ts); SIMD&FP ones call the CPU's helpers (they move V registers), so
 * they record the PC first.
 */
function access(g: Gen, vector: boolean, load: boolean, sizeLog2: number, ext: Ext, t: number, a: string, ah: string): string {
  if (vector) {
    g.mayFault();
    if (sizeLog2 === 4) return load ? `c.load128(${a}, ${ah}, ${t});` : `c.store128(${a}, ${ah}, ${t});`;
    const vr = 4 * t;
    if (load) {
      if (sizeLog2 === 3) return `{ const v = c.load64(${a}, ${ah}); const r = c.vregs; r[${vr}] = v; r[${vr + 1}] = c.loadHi; r[${vr + 2}] = 0; r[${vr + 3}] = 0; }`;
      const fn = ['load8', 'load16', 'load32'][sizeLog2];
      return `{ const v = c.${fn}(${a}, ${ah}); const r = c.vregs; r[${vr}] = v; r[${vr + 1}] = 0; r[${vr + 2}] = 0; r[${vr + 3}] = 0; }`;
    }
    if (sizeLog2 === 3) return `c.store64(${a}, ${ah}, c.vregs[${vr}], c.vregs[${vr + 1}]);`;
    if (sizeLog2 === 2) return `c.store32(${a}, ${ah}, c.vregs[${vr}]);`;
    if (sizeLog2 === 1) return `c.store16(${a}, ${ah}, c.vregs[${vr}] & 0xffff);`;
    return `c.store8(${a}, ${ah}, c.vregs[${vr}] & 0xff);`;
  }
  const tl = t === 31 ? '0' : `x[${2 * t}]`;
  const th = t === 31 ? '0' : `x[${2 * t + 1}]`;
  if (!load) return storeInline(g, sizeLog2, a, ah, tl, sizeLog2 === 3 ? th : '0');
  const ld = loadInline(g, sizeLog2, a, ah, 'v');
  if (t === 31) return `{ ${ld} }`;
  if (sizeLog2 === 3) return `{ ${ld} x[${2 * t}] = v; x[${2 * t + 1}] = vh; }`;
  const sh = 32 - 8 * (1 << sizeLog2);
  const signed = sh === 0 ? 'v | 0' : `(v << ${sh}) >> ${sh}`;
  if (ext === Ext.Zero) return `{ ${ld} x[${2 * t}] = v; x[${2 * t + 1}] = 0; }`;
  if (ext === Ext.Signed32) return `{ ${ld} x[${2 * t}] = ${signed}; x[${2 * t + 1}] = 0; }`;
  return `{ ${ld} const s = ${signed}; x[${2 * t}] = s; x[${2 * t + 1}] = s >> 31; }`;
}

/** An integer access through the CPU's helpers (they use the TLB selected at run time: LDTR/STTR). */
function helperAccess(load: boolean, sizeLog2: number, ext: Ext, t: number): string {
  const tl = t === 31 ? '0' : `x[${2 * t}]`;
  const th = t === 31 ? '0' : `x[${2 * t + 1}]`;
  if (!load) {
    if (sizeLog2 === 3) return `c.store64(a, ah, ${tl}, ${th});`;
    return `c.${['store8', 'store16', 'store32'][sizeLog2]}(a, ah, ${tl}${sizeLog2 === 2 ? '' : sizeLog2 === 1 ? ' & 0xffff' : ' & 0xff'});`;
  }
  if (sizeLog2 === 3) return t === 31 ? 'c.load64(a, ah);' : `{ const v = c.load64(a, ah); x[${2 * t}] = v; x[${2 * t + 1}] = c.loadHi; }`;
  const fn = ['load8', 'load16', 'load32'][sizeLog2];
  if (t === 31) return `c.${fn}(a, ah);`;
  const sh = 32 - 8 * (1 << sizeLog2);
  const signed = sh === 0 ? 'v | 0' : `(v << ${sh}) >> ${sh}`;
  if (ext === Ext.Zero) return `x[${2 * t}] = c.${fn}(a, ah); x[${2 * t + 1}] = 0;`;
  if (ext === Ext.Signed32) return `{ const v = c.${fn}(a, ah); x[${2 * t}] = ${signed}; x[${2 * t + 1}] = 0; }`;
  return `{ const v = c.${fn}(a, ah); const s = ${signed}; x[${2 * t}] = s; x[${2 * t + 1}] = s >> 31; }`;
}

/** Decode size/opc of a single-register load/store. Undefined → null; PRFM → 'prfm'. */
function decodeKind(insn: number): { vector: boolean; load: boolean; sizeLog2: number; ext: Ext } | null | 'prfm' {
  const size = insn >>> 30;
  const vector = ((insn >>> 26) & 1) === 1;
  const opc = (insn >>> 22) & 3;
  if (vector) {
    if (opc & 2) {
      if (size !== 0) return null;
      return { vector, load: (opc & 1) === 1, sizeLog2: 4, ext: Ext.Zero };
    }
    return { vector, load: (opc & 1) === 1, sizeLog2: size, ext: Ext.Zero };
  }
  if (opc === 0) return { vector, load: false, sizeLog2: size, ext: Ext.Zero };
  if (opc === 1) return { vector, load: true, sizeLog2: size, ext: Ext.Zero };
  if (opc === 2) {
    if (size === 3) return 'prfm';
    return { vector, load: true, sizeLog2: size, ext: Ext.Signed64 };
  }
  if (size >= 2) return null;
  return { vector, load: true, sizeLog2: size, ext: Ext.Signed32 };
}

/** Loads and stores (op0 = x1x0). */
export function translateLoadStore(g: Gen, insn: number, fpDecode: FpDecoder): boolean {
  if ((insn & 0xbe000000) === 0x0c000000) {
    // AdvSIMD structure loads/stores: the FP/SIMD module.
    const fn = fpDecode(insn);
    if (!fn) return false;
    g.mayFault();
    g.emit(`if (c.fpTrapped) c.fpAccessTrap(); F[${g.fp(fn)}](c, ${insn | 0});`);
    return true;
  }
  if ((insn & 0x3f000000) === 0x08000000) return exclusive(g, insn);
  if ((insn & 0x3b000000) === 0x18000000) return literal(g, insn);
  if ((insn & 0x38000000) === 0x28000000) return pair(g, insn);
  if ((insn & 0x38000000) === 0x38000000) return single(g, insn);
  return false;
}

function fpCheck(vector: boolean): string {
  return vector ? 'if (c.fpTrapped) c.fpAccessTrap(); ' : '';
}

function literal(g: Gen, insn: number): boolean {
  const opc = insn >>> 30;
  const vector = ((insn >>> 26) & 1) === 1;
  const t = insn & 31;
  const addr = (g.pc + BigInt(sext((insn >>> 5) & 0x7ffff, 19) * 4)) & M64;
  const a = String(lo32(addr) >>> 0);
  const ah = String(hi32(addr));
  if (!vector && opc === 3) return true; // PRFM (literal)
  if (vector && opc === 3) return false;
  let code: string;
  if (vector) code = fpCheck(true) + access(g, true, true, opc + 2, Ext.Zero, t, a, ah);
  else if (opc === 2) code = access(g, false, true, 2, Ext.Signed64, t, a, ah);
  else code = access(g, false, true, opc === 0 ? 2 : 3, Ext.Zero, t, a, ah);
  g.emit(code);
  return true;
}

function single(g: Gen, insn: number): boolean {
  // Atomic memory operations reuse the size/opc bits as A/R: check them before decoding kind.
  if (((insn >>> 24) & 1) === 0 && ((insn >>> 21) & 1) === 1 && ((insn >>> 10) & 3) === 0) {
    return ((insn >>> 26) & 1) === 0 && g.lse && atomic(g, insn);
  }
  const kind = decodeKind(insn);
  const rn = (insn >>> 5) & 31;
  const t = insn & 31;
  const b = spSlot(rn);
  if (kind === null) return false;
  if ((insn >>> 24) & 1) {
    // Unsigned scaled 12-bit offset.
    if (kind === 'prfm') return true;
    const off = ((insn >>> 10) & 0xfff) << kind.sizeLog2;
    g.emit(`{ ${fpCheck(kind.vector)}${addConst('a', baseLo(b), baseHi(b), off)} ${access(g, kind.vector, kind.load, kind.sizeLog2, kind.ext, t, 'a', 'ah')} }`);
    return true;
  }
  if ((insn >>> 21) & 1) {
    const op4 = (insn >>> 10) & 3;
    if (op4 === 2) {
      // Register offset.
      const option = (insn >>> 13) & 7;
      if ((option & 2) === 0) return false;
      if (kind === 'prfm') return true;
      const s = (insn >>> 12) & 1;
      const rm = (insn >>> 16) & 31;
      const e = extendReg(option, rm, s ? kind.sizeLog2 : 0);
      g.emit(
        `{ ${fpCheck(kind.vector)}${e.code} let a = (${baseLo(b)} >>> 0) + (${e.l} >>> 0), ah = (${baseHi(b)} + ${e.h}) | 0; if (a > 4294967295) { a -= 4294967296; ah = (ah + 1) | 0; } ${access(g, kind.vector, kind.load, kind.sizeLog2, kind.ext, t, 'a', 'ah')} }`,
      );
      return true;
    }
    return false;
  }
  const mode = (insn >>> 10) & 3;
  const imm9 = sext((insn >>> 12) & 0x1ff, 9);
  if (kind === 'prfm') return mode === 0; // PRFUM only
  if (mode === 2) {
    // Unprivileged (LDTR/STTR): EL0 permissions when at EL1, through the CPU's helpers.
    if (kind.vector) return false;
    g.mayFault();
    g.emit(`{ ${addConst('a', baseLo(b), baseHi(b), imm9)} c.selectTlb(0); try { ${helperAccess(kind.load, kind.sizeLog2, kind.ext, t)} } finally { c.selectTlb(c.el); } }`);
    return true;
  }
  const acc = access(g, kind.vector, kind.load, kind.sizeLog2, kind.ext, t, 'a', 'ah');
  switch (mode) {
    case 0: // unscaled (LDUR/STUR)
      g.emit(`{ ${fpCheck(kind.vector)}${addConst('a', baseLo(b), baseHi(b), imm9)} ${acc} }`);
      return true;
    case 1: // post-index
      g.emit(`{ ${fpCheck(kind.vector)}${addConst('a', baseLo(b), baseHi(b), 0)} ${acc} ${addConst('w', 'a', 'ah', imm9)} x[${2 * b}] = w; x[${2 * b + 1}] = wh; }`);
      return true;
    default: // pre-index
      g.emit(`{ ${fpCheck(kind.vector)}${addConst('a', baseLo(b), baseHi(b), imm9)} ${acc} x[${2 * b}] = a; x[${2 * b + 1}] = ah; }`);
      return true;
  }
}

function pair(g: Gen, insn: number): boolean {
  const opc = insn >>> 30;
  const vector = ((insn >>> 26) & 1) === 1;
  const variant = (insn >>> 23) & 3;
  const load = ((insn >>> 22) & 1) === 1;
  const rt2 = (insn >>> 10) & 31;
  const rn = (insn >>> 5) & 31;
  const t = insn & 31;
  const b = spSlot(rn);
  let sizeLog2: number;
  let ext = Ext.Zero;
  if (vector) {
    if (opc === 3) return false;
    sizeLog2 = opc + 2;
  } else {
    if (opc === 3) return false;
    if (opc === 1) {
      if (!load || variant === 0) return false; // STGP (MTE) / LDNP with opc 01
      sizeLog2 = 2;
      ext = Ext.Signed64;
    } else sizeLog2 = opc === 0 ? 2 : 3;
  }
  if (variant === 0 && opc === 1) return false;
  const bytes = 1 << sizeLog2;
  const off = sext((insn >>> 15) & 0x7f, 7) * bytes;
  if (vector) g.mayFault();
  let code = `{ ${fpCheck(vector)}`;
  code += variant === 1 ? addConst('a', baseLo(b), baseHi(b), 0) : addConst('a', baseLo(b), baseHi(b), off);
  code += ' ' + addConst('a2', 'a', 'ah', bytes);
  if (load && !vector) {
    // Both loads first, then the registers: a fault leaves them untouched.
    code += ` ${loadInline(g, sizeLog2, 'a', 'ah', 'v1')} ${loadInline(g, sizeLog2, 'a2', 'a2h', 'v2')}`;
    const hiOf = (name: string): string => (sizeLog2 === 3 ? `${name}h` : ext === Ext.Signed64 ? `(${name} | 0) >> 31` : '0');
    if (t !== 31) code += ` x[${2 * t}] = v1; x[${2 * t + 1}] = ${hiOf('v1')};`;
    if (rt2 !== 31) code += ` x[${2 * rt2}] = v2; x[${2 * rt2 + 1}] = ${hiOf('v2')};`;
  } else if (load) {
    // SIMD&FP pair: check the second address first, then load both.
    code += ` c.translateData(a2, a2h, ${bytes}, false, false); ${access(g, true, true, sizeLog2, Ext.Zero, t, 'a', 'ah')} ${access(g, true, true, sizeLog2, Ext.Zero, rt2, 'a2', 'a2h')}`;
  } else if (vector) {
    // SIMD&FP pair: check the second address first, then store both.
    code += ` c.translateData(a2, a2h, ${bytes}, true, false); ${access(g, true, false, sizeLog2, Ext.Zero, t, 'a', 'ah')} ${access(g, true, false, sizeLog2, Ext.Zero, rt2, 'a2', 'a2h')}`;
  } else {
    // As QEMU: the first store is done when the second faults.
    code += ` ${access(g, false, false, sizeLog2, Ext.Zero, t, 'a', 'ah')} ${access(g, false, false, sizeLog2, Ext.Zero, rt2, 'a2', 'a2h')}`;
  }
  if (variant === 1) code += ` ${addConst('w', 'a', 'ah', off)} x[${2 * b}] = w; x[${2 * b + 1}] = wh;`;
  else if (variant === 3) code += ` x[${2 * b}] = a; x[${2 * b + 1}] = ah;`;
  g.emit(code + ' }');
  return true;
}

/** LDXR/STXR family, LDAR/STLR, CAS/CASP (bits 29:24 = 001000). */
function exclusive(g: Gen, insn: number): boolean {
  const size = insn >>> 30;
  const o2 = (insn >>> 23) & 1;
  const l = (insn >>> 22) & 1;
  const o1 = (insn >>> 21) & 1;
  const rs = (insn >>> 16) & 31;
  const rt2 = (insn >>> 10) & 31;
  const rn = (insn >>> 5) & 31;
  const t = insn & 31;
  const b = spSlot(rn);
  const addr = addConst('a', baseLo(b), baseHi(b), 0);
  g.mayFault();
  if (o2 === 0 && o1 === 0) {
    // LDXR/LDAXR, STXR/STLXR
    g.emit(l ? `{ ${addr} H.ldx(c, a, ah, ${size}, ${t}, -1); }` : `{ ${addr} H.stx(c, a, ah, ${size}, ${rs}, ${t}, -1); }`);
    return true;
  }
  if (o2 === 0 && o1 === 1) {
    if (size >= 2) {
      // LDXP/LDAXP, STXP/STLXP (size 2: 32-bit pair, 3: 64-bit pair)
      g.emit(l ? `{ ${addr} H.ldx(c, a, ah, ${size}, ${t}, ${rt2}); }` : `{ ${addr} H.stx(c, a, ah, ${size}, ${rs}, ${t}, ${rt2}); }`);
      return true;
    }
    // CASP/CASPA/CASPL/CASPAL: size bit 30 gives 32/64-bit registers.
    if (!g.lse || rt2 !== 31 || (rs & 1) || (t & 1)) return false;
    g.emit(`{ ${addr} H.casp(c, a, ah, ${size ? 3 : 2}, ${rs}, ${t}); }`);
    return true;
  }
  if (o2 === 1 && o1 === 0) {
    // LDAR/LDLAR, STLR/STLLR: ordinary accesses that must be aligned.
    g.emit(`{ ${addr} H.ordered(c, a, ah, ${size}, ${l}, ${t}); }`);
    return true;
  }
  // CAS/CASA/CASL/CASAL (B/H/W/X)
  if (!g.lse || rt2 !== 31) return false;
  g.emit(`{ ${addr} H.cas(c, a, ah, ${size}, ${rs}, ${t}); }`);
  return true;
}

/** LSE atomic memory operations: LDADD..LDUMIN, SWP. */
function atomic(g: Gen, insn: number): boolean {
  const size = insn >>> 30;
  const o3 = (insn >>> 15) & 1;
  const opc = (insn >>> 12) & 7;
  const rs = (insn >>> 16) & 31;
  const rn = (insn >>> 5) & 31;
  const t = insn & 31;
  if (o3 === 1 && opc !== 0) return false; // LDAPR and friends: not in this core
  const b = spSlot(rn);
  g.mayFault();
  g.emit(`{ ${addConst('a', baseLo(b), baseHi(b), 0)} H.atomic(c, a, ah, ${size}, ${o3 ? 8 : opc}, ${rs}, ${t}); }`);
  return true;
}
