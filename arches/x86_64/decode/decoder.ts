/**
 * The x86 instruction decoder: prefixes, REX, opcode maps, ModRM/SIB/displacement (16, 32 and
 * 64-bit addressing, RIP-relative) and immediates. It reads from a byte window the block
 * builder filled from guest memory, and says when the window ran out (the next page could not
 * be fetched) or the instruction is longer than 15 bytes.
 * @module
 */
import { IMM_0, IMM_1, MODRM_0, MODRM_1 } from './opcode-tables.js';
import { BASE_RIP, DecodeFail, Imm, type Insn, Seg } from './insn.js';

/** Code sizes a block is decoded for: 2 (16-bit), 4 (32-bit), 8 (64-bit mode). */
export type CodeSize = 2 | 4 | 8;

const MAX_LEN = 15;

/**
 * Decode the instruction at bytes[0..avail). `ripLo/ripHi` is its address (for RIP-relative
 * operands the translator adds the length). Returns the instruction or a DecodeFail.
 */
export function decode(bytes: Uint8Array, avail: number, code: CodeSize, ripLo: number, ripHi: number): Insn | DecodeFail {
  const mode64 = code === 8;
  let i = 0;
  let p66 = false;
  let p67 = false;
  let rep = 0;
  let lock = false;
  let seg = -1;
  let rex = 0;
  let b: number;
  const need = (n: number): boolean => i + n <= avail && i + n <= MAX_LEN;
  const fail = (n: number): DecodeFail => (i + n > MAX_LEN ? DecodeFail.TooLong : DecodeFail.Fetch);

  // ---- prefixes ----
  for (;;) {
    if (!need(1)) return fail(1);
    b = bytes[i];
    if (b === 0x66) p66 = true;
    else if (b === 0x67) p67 = true;
    else if (b === 0xf2 || b === 0xf3) rep = b;
    else if (b === 0xf0) lock = true;
    else if (b === 0x26 || b === 0x2e || b === 0x36 || b === 0x3e) seg = (b >>> 3) & 3;
    else if (b === 0x64 || b === 0x65) seg = b - 0x60;
    else if (mode64 && (b & 0xf0) === 0x40) {
      rex = b;
      i++;
      continue;
    } else break;
    rex = 0; // a legacy prefix after REX cancels it
    i++;
  }

  // ---- opcode ----
  let map = 0;
  let op = bytes[i++];
  if (op === 0x0f) {
    if (!need(1)) return fail(1);
    op = bytes[i++];
    map = 1;
    if (op === 0x38 || op === 0x3a) {
      if (!need(1)) return fail(1);
      map = op === 0x38 ? 2 : 3;
      op = bytes[i++];
    }
  }

  const rexW = (rex & 8) !== 0;
  const osz: 2 | 4 | 8 = rexW ? 8 : (code === 2) !== p66 ? 2 : 4;
  const asz: 2 | 4 | 8 = mode64 ? (p67 ? 4 : 8) : (code === 2) !== p67 ? 2 : 4;

  // ---- ModRM / SIB / displacement ----
  let hasModrm: boolean;
  let immKind: number;
  if (map === 0) {
    hasModrm = MODRM_0[op] === 1;
    immKind = IMM_0[op];
  } else if (map === 1) {
    hasModrm = MODRM_1[op] === 1;
    immKind = IMM_1[op];
  } else {
    hasModrm = true;
    immKind = map === 3 ? Imm.B : Imm.None;
  }
  // LES/LDS outside 64-bit mode: ModRM; in 64-bit mode C4/C5 are VEX prefixes (#UD here, no AVX).
  let modrm = 0;
  let mod = 0;
  let reg = 0;
  let rm = 0;
  let isMem = false;
  let base = -1;
  let index = -1;
  let scale = 0;
  let disp = 0;
  let defaultSeg = Seg.DS;
  if (hasModrm) {
    if (!need(1)) return fail(1);
    modrm = bytes[i++];
    mod = modrm >>> 6;
    reg = ((modrm >>> 3) & 7) | ((rex & 4) << 1);
    rm = modrm & 7;
    if (mod === 3) {
      rm |= (rex & 1) << 3;
    } else {
      isMem = true;
      if (asz === 2) {
        switch (rm) {
          case 0: base = 3; index = 6; break; // BX+SI
          case 1: base = 3; index = 7; break; // BX+DI
          case 2: base = 5; index = 6; defaultSeg = Seg.SS; break; // BP+SI
          case 3: base = 5; index = 7; defaultSeg = Seg.SS; break; // BP+DI
          case 4: base = 6; break; // SI
          case 5: base = 7; break; // DI
          case 6: if (mod !== 0) { base = 5; defaultSeg = Seg.SS; } break; // BP, or disp16
          default: base = 3; // BX
        }
        if (mod === 1) {
          if (!need(1)) return fail(1);
          disp = (bytes[i++] << 24) >> 24;
        } else if (mod === 2 || (mod === 0 && rm === 6)) {
          if (!need(2)) return fail(2);
          disp = ((bytes[i] | (bytes[i + 1] << 8)) << 16) >> 16;
          i += 2;
        }
      } else {
        let dispSize = mod === 1 ? 1 : mod === 2 ? 4 : 0;
        if (rm === 4) {
          if (!need(1)) return fail(1);
          const sib = bytes[i++];
          scale = sib >>> 6;
          const ix = ((sib >>> 3) & 7) | ((rex & 2) << 2);
          index = ix === 4 ? -1 : ix;
          const bs = sib & 7;
          if (bs === 5 && mod === 0) {
            base = -1;
            dispSize = 4;
          } else base = bs | ((rex & 1) << 3);
        } else if (rm === 5 && mod === 0) {
          base = mode64 ? BASE_RIP : -1;
          dispSize = 4;
        } else base = rm | ((rex & 1) << 3);
        if ((base & 7) === 4 && base !== -1) defaultSeg = Seg.SS;
        if ((base & 7) === 5 && base !== BASE_RIP && base !== -1) defaultSeg = Seg.SS;
        if (dispSize === 1) {
          if (!need(1)) return fail(1);
          disp = (bytes[i++] << 24) >> 24;
        } else if (dispSize === 4) {
          if (!need(4)) return fail(4);
          disp = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
          i += 4;
        }
      }
    }
  }

  // ---- immediate ----
  if (map === 0 && (op === 0xf6 || op === 0xf7) && ((modrm >>> 3) & 7) < 2) immKind = op === 0xf6 ? Imm.B : Imm.Z;
  let imm = 0;
  let imm2 = 0;
  const rd = (n: number): number => {
    let v = 0;
    for (let k = n - 1; k >= 0; k--) v = (v << 8) | bytes[i + k];
    i += n;
    return v;
  };
  switch (immKind) {
    case Imm.B:
      if (!need(1)) return fail(1);
      imm = (rd(1) << 24) >> 24;
      break;
    case Imm.W:
      if (!need(2)) return fail(2);
      imm = rd(2);
      break;
    case Imm.Z:
      if (osz === 2) {
        if (!need(2)) return fail(2);
        imm = (rd(2) << 16) >> 16;
      } else {
        if (!need(4)) return fail(4);
        imm = rd(4) | 0;
      }
      break;
    case Imm.V:
      if (osz === 2) {
        if (!need(2)) return fail(2);
        imm = rd(2);
      } else if (osz === 4) {
        if (!need(4)) return fail(4);
        imm = rd(4) | 0;
      } else {
        if (!need(8)) return fail(8);
        imm = rd(4) | 0;
        imm2 = rd(4) | 0;
      }
      break;
    case Imm.Far:
      if (osz === 2) {
        if (!need(4)) return fail(4);
        imm = rd(2);
      } else {
        if (!need(6)) return fail(6);
        imm = rd(4) >>> 0;
      }
      imm2 = rd(2);
      break;
    case Imm.Moffs:
      if (asz === 2) {
        if (!need(2)) return fail(2);
        imm = rd(2);
      } else if (asz === 4) {
        if (!need(4)) return fail(4);
        imm = rd(4) >>> 0;
      } else {
        if (!need(8)) return fail(8);
        imm = rd(4) >>> 0;
        imm2 = rd(4) >>> 0;
      }
      break;
    case Imm.Enter:
      if (!need(3)) return fail(3);
      imm = rd(2);
      imm2 = rd(1);
      break;
  }

  return {
    ripLo, ripHi, len: i, map, op, osz, asz, p66, rep, lock, seg, rex, rexW,
    hasModrm, modrm, mod, reg, rm, isMem, base, index, scale, disp, defaultSeg, imm, imm2, mode64,
  };
}
