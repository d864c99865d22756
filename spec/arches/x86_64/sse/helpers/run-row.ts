/**
 * Running one recorded vector (sse-vectors.generated.ts) on the SSE module: the instruction
 * bytes are decoded here the way the core would hand them over (mandatory prefix, REX, map,
 * opcode, ModRM, immediate; memory operands are [rbx+disp8]), the state comes from the seed,
 * and the outcome and final state are compared with the recorded ones.
 */
import type { FpInsn } from '../../../../../arches/x86_64/fp-contract.js';
import { decodeSse } from '../../../../../arches/x86_64/sse/index.js';
import { MockHost, Raised } from './mock-host.js';
import { MOCK_BASE, MOCK_SIZE, applyOverrides, initialState, type VectorState } from './vector-state.js';

export interface Row {
  form: string;
  bytes: number[];
  seed: number;
  mxcsr: number;
  overrides: string[];
  outcome: string;
  changes: string[];
}

export function parseRow(line: string): Row {
  const f = line.split(' ');
  const bytes = (f[1].match(/../g) ?? []).map((b) => parseInt(b, 16));
  let i = 4;
  const overrides: string[] = [];
  while (f[i].startsWith('@')) overrides.push(f[i++].slice(1));
  return { form: f[0], bytes, seed: parseInt(f[2], 16), mxcsr: parseInt(f[3], 16), overrides, outcome: f[i], changes: f.slice(i + 1) };
}

/** The core's view of the instruction, and the displacement of its memory operand. */
export function decodeBytes(bytes: number[]): { insn: FpInsn; disp: number } {
  let i = 0;
  let prefix = 0;
  let opsize16 = false;
  while (bytes[i] === 0x66 || bytes[i] === 0xf2 || bytes[i] === 0xf3) {
    if (bytes[i] === 0x66) {
      opsize16 = true;
      if (prefix === 0) prefix = 0x66;
    } else prefix = bytes[i];
    i++;
  }
  let rex = 0;
  if ((bytes[i] & 0xf0) === 0x40) rex = bytes[i++];
  if (bytes[i++] !== 0x0f) throw new Error('not a 0F opcode');
  let map = 1;
  if (bytes[i] === 0x38 || bytes[i] === 0x3a) map = bytes[i++] === 0x38 ? 2 : 3;
  const opcode = bytes[i++];
  const modrm = bytes[i++];
  const mod = modrm >> 6;
  let disp = 0;
  if (mod === 1) disp = (bytes[i++] << 24) >> 24;
  const imm8 = i < bytes.length ? bytes[i] : 0;
  const insn: FpInsn = {
    prefix,
    map,
    opcode,
    modrm,
    reg: ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0),
    rm: (modrm & 7) | (rex & 1 ? 8 : 0),
    isMem: mod !== 3,
    rexW: (rex & 8) !== 0,
    rex: rex !== 0,
    opsize16,
    imm8,
  };
  return { insn, disp };
}

/** A mock CPU holding `s` with MXCSR `mxcsr`. */
export function hostFor(s: VectorState, mxcsr: number): MockHost {
  const h = new MockHost();
  for (let i = 0; i < 16; i++) for (let k = 0; k < 4; k++) h.xmm[4 * i + k] = s.xmm[i][k];
  for (let i = 0; i < 8; i++) {
    const r = s.fpr[i];
    h.x87.fpr.set([r.lo & 0xffff, r.lo >>> 16, r.hi & 0xffff, r.hi >>> 16, r.exp], 5 * i);
  }
  h.x87.top = s.top;
  let ftw = 0;
  for (let i = 0; i < 8; i++) if (((s.tags >> i) & 1) === 0) ftw |= 3 << (2 * i);
  h.x87.ftw = ftw;
  for (let i = 0; i < 16; i++) {
    h.r[2 * i] = s.gpr[i][0];
    h.r[2 * i + 1] = s.gpr[i][1];
  }
  h.mem.set(s.mem, MOCK_BASE);
  h.mxcsr = mxcsr;
  return h;
}

const VECTOR_NAMES: Record<number, string> = { 6: 'UD', 13: 'GP', 19: 'XM' };
const hex = (n: number): string => (n >>> 0).toString(16);

/** Run a row; returns the differences from the recorded result (empty when it matches). */
export function checkRow(row: Row): string[] {
  const s = initialState(row.seed);
  applyOverrides(s, row.overrides);
  const h = hostFor(s, row.mxcsr);
  const { insn, disp } = decodeBytes(row.bytes);
  let outcome = 'OK';
  const decoded = decodeSse(insn);
  if (decoded === null) outcome = 'UD';
  else {
    const ea = insn.isMem ? s.gpr[3][0] + disp : insn.opcode === 0xf7 ? s.gpr[7][0] : 0;
    try {
      decoded.exec(h, ea >>> 0, 0);
    } catch (e) {
      if (!(e instanceof Raised)) throw e;
      outcome = VECTOR_NAMES[e.vector] ?? `vector ${e.vector}`;
      if (e.vector === 13 && e.errorCode !== 0) outcome += `(${e.errorCode})`;
    }
  }
  const errs: string[] = [];
  if (outcome !== row.outcome) errs.push(`outcome ${outcome}, want ${row.outcome}`);

  // Expected final state: the initial one plus the recorded changes.
  const want = {
    xmm: s.xmm.map((w) => w.map((x) => x >>> 0)),
    fpr: s.fpr.map((r) => [r.hi >>> 0, r.lo >>> 0, r.exp]),
    top: s.top,
    tags: s.tags,
    gpr: s.gpr.map(([lo, hi]) => [hi >>> 0, lo >>> 0]),
    rflags: s.rflags & 0x8d5,
    mxcsr: row.mxcsr,
    mem: new Map<number, number>(),
  };
  for (const c of row.changes) {
    const [k, v] = c.split('=');
    if (k === 'top') want.top = Number(v);
    else if (k === 'tags') want.tags = parseInt(v, 16);
    else if (k === 'fl') want.rflags = parseInt(v, 16);
    else if (k === 'mx') want.mxcsr = parseInt(v, 16);
    else if (k[0] === 'x') want.xmm[Number(k.slice(1))] = v.split(',').map((w) => parseInt(w, 16));
    else if (k[0] === 'f') want.fpr[Number(k.slice(1))] = v.split(':').map((w) => parseInt(w, 16));
    else if (k[0] === 'g') want.gpr[Number(k.slice(1))] = v.split(':').map((w) => parseInt(w, 16));
    else if (k[0] === 'm') want.mem.set(parseInt(k.slice(1), 16), parseInt(v, 16));
  }
  for (let i = 0; i < 16; i++) {
    const got = [0, 1, 2, 3].map((k) => h.xmm[4 * i + k]);
    if (got.some((w, k) => w !== want.xmm[i][k])) errs.push(`xmm${i}=${got.map(hex)} want ${want.xmm[i].map(hex)}`);
  }
  const f = h.x87.fpr;
  for (let i = 0; i < 8; i++) {
    const got = [(f[5 * i + 2] | (f[5 * i + 3] << 16)) >>> 0, (f[5 * i] | (f[5 * i + 1] << 16)) >>> 0, f[5 * i + 4]];
    if (got.some((w, k) => w !== want.fpr[i][k])) errs.push(`R${i}=${got.map(hex).join(':')} want ${want.fpr[i].map(hex).join(':')}`);
  }
  if (h.x87.top !== want.top) errs.push(`top=${h.x87.top} want ${want.top}`);
  let tags = 0;
  for (let i = 0; i < 8; i++) if (((h.x87.ftw >> (2 * i)) & 3) !== 3) tags |= 1 << i;
  if (tags !== want.tags) errs.push(`tags=${hex(tags)} want ${hex(want.tags)}`);
  for (let i = 0; i < 16; i++) {
    if (i === 4) continue;
    const got = [h.r[2 * i + 1] >>> 0, h.r[2 * i] >>> 0];
    if (got[0] !== want.gpr[i][0] || got[1] !== want.gpr[i][1]) errs.push(`gpr${i}=${got.map(hex).join(':')} want ${want.gpr[i].map(hex).join(':')}`);
  }
  const rflags = h.zf < 0 ? s.rflags & 0x8d5 : (s.rflags & 0x8d5 & ~0x8d5) | (h.zf << 6) | (h.pf << 2) | h.cf;
  if (rflags !== want.rflags) errs.push(`rflags=${hex(rflags)} want ${hex(want.rflags)}`);
  if (h.mxcsr !== want.mxcsr) errs.push(`mxcsr=${hex(h.mxcsr)} want ${hex(want.mxcsr)}`);
  for (let i = 0; i < MOCK_SIZE; i++) {
    const a = MOCK_BASE + i;
    const w = want.mem.get(a) ?? s.mem[i];
    if (h.mem[a] !== w) {
      errs.push(`mem[${hex(a)}]=${hex(h.mem[a])} want ${hex(w)}`);
      break;
    }
  }
  return errs;
}
