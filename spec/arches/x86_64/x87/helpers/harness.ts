/**
 * Running x87 instructions in tests the way the core would: decode once, make the FpClass checks
 * (CR0.EM/TS/MP), call exec with the operand's linear address. Plus register helpers in the
 * oracle's text form (20 hex digits: sign/exponent, then significand).
 */
import { FpClass, type FpInsn } from '../../../../../arches/x86_64/fp-contract.js';
import { decodeX87 } from '../../../../../arches/x86_64/x87/index.js';
import { MockHost, Raised } from './mock-host.js';

const CR0_MP = 2;
const CR0_EM = 4;
const CR0_TS = 8;

export interface Encoding {
  /** Opcode map: 0 one-byte, 1 = 0F. */
  map?: number;
  opcode: number;
  modrm: number;
  prefix?: number;
  opsize16?: boolean;
  rexW?: boolean;
}

export function insn(e: Encoding): FpInsn {
  const mod = e.modrm >>> 6;
  return {
    prefix: e.prefix ?? 0,
    map: e.map ?? 0,
    opcode: e.opcode,
    modrm: e.modrm,
    reg: (e.modrm >>> 3) & 7,
    rm: e.modrm & 7,
    isMem: mod !== 3,
    rexW: e.rexW ?? false,
    rex: e.rexW ?? false,
    opsize16: e.opsize16 ?? false,
    imm8: 0,
  };
}

/** Decode and run; the #UD/#NM of the core's FpClass checks are raised through the host too. */
export function run(host: MockHost, e: Encoding, ea = 0): void {
  const d = decodeX87(insn(e));
  if (!d) host.raise(6);
  const cr0 = host.cr0;
  switch (d.fpClass) {
    case FpClass.X87:
      if (cr0 & (CR0_EM | CR0_TS)) host.raise(7);
      break;
    case FpClass.Mmx:
      if (cr0 & CR0_EM) host.raise(6);
      if (cr0 & CR0_TS) host.raise(7);
      break;
    case FpClass.Wait:
      if ((cr0 & (CR0_MP | CR0_TS)) === (CR0_MP | CR0_TS)) host.raise(7);
      break;
    default:
      throw new Error(`unexpected class ${d.fpClass}`);
  }
  d.exec(host, ea >>> 0, 0);
}

/** Run and return the vector raised (or null). */
export function runCatch(host: MockHost, e: Encoding, ea = 0): number | null {
  try {
    run(host, e, ea);
    return null;
  } catch (err) {
    if (err instanceof Raised) return err.vector;
    throw err;
  }
}

/** Set physical register p from 20 hex digits. */
export function setPhys(host: MockHost, p: number, v: string): void {
  const f = host.x87.fpr;
  f[5 * p + 4] = parseInt(v.slice(0, 4), 16);
  for (let k = 0; k < 4; k++) f[5 * p + 3 - k] = parseInt(v.slice(4 + 4 * k, 8 + 4 * k), 16);
}

export function getPhys(host: MockHost, p: number): string {
  const f = host.x87.fpr;
  let s = f[5 * p + 4].toString(16).padStart(4, '0');
  for (let k = 3; k >= 0; k--) s += f[5 * p + k].toString(16).padStart(4, '0');
  return s;
}

export function st(host: MockHost, i: number): string {
  return getPhys(host, (host.x87.top + i) & 7);
}

/** Load a stack: values[0] becomes ST(0); all other registers empty; TOP as given. */
export function loadStack(host: MockHost, values: string[], top = 0): void {
  const x = host.x87;
  x.top = top;
  x.ftw = 0xffff;
  values.forEach((v, i) => {
    const p = (top + i) & 7;
    setPhys(host, p, v);
    x.ftw &= ~(3 << (2 * p));
  });
}

/** The status word with TOP, as FNSTSW gives it. */
export function statusWord(host: MockHost): number {
  return ((host.x87.fsw & ~0x3800) | (host.x87.top << 11)) & 0xffff;
}
