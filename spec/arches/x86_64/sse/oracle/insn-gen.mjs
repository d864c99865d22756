// Regenerates ../sse-vectors.generated.ts: every SSE/SSE2/SSE3/MMX instruction form the module
// implements (and a set of encodings that must be #UD), each run once per row under QEMU 7.2
// (qemu-x86_64 -cpu qemu64, the reference) and on the host CPU by insn-oracle.c. Register and
// memory contents come from the row's seed (helpers/vector-state.ts) plus optional overrides;
// only the changes are recorded, merged by the policy in mergeOutcome() below.
// Usage (from this directory, after `npx tsc -p ../../../../../tsconfig.json`):
//   gcc -O1 -static insn-oracle.c -o /tmp/insn-oracle
//   node insn-gen.mjs /tmp/insn-oracle
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { initialState, applyOverrides, MOCK_BASE } from '../../../../../dist/spec/arches/x86_64/sse/helpers/vector-state.js';
import { FORMS, EDGE_ROWS } from './forms.mjs';

const oracle = process.argv[2];
if (!oracle) throw new Error('usage: node insn-gen.mjs <insn-oracle binary>');

let seed = 0x5eed1234;
function rnd() {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed;
}
const below = (n) => rnd() % n;
const pick = (a) => a[below(a.length)];
const hex = (n, w = 0) => (n >>> 0).toString(16).padStart(w, '0');

// MXCSR for floating-point rows: mostly the reset value, then each control variant, sticky
// flags already set, and unmasked exceptions (the host decides #XM).
const MX_FP = [
  0x1f80, 0x1f80, 0x1f80, 0x1fa0, 0x3f80, 0x5f80, 0x7f80, 0x1fc0, 0x9f80, 0x9fc0, 0xbf80, 0xdf80, 0x1fbf,
];
function fpMxcsr() {
  if (below(8) === 0) {
    // Unmask one or two exceptions, random control bits.
    let m = 0x1f80 & ~(0x80 << below(6));
    if (below(2)) m &= ~(0x80 << below(6));
    return (m | (below(4) << 13) | (below(4) === 0 ? 0x8040 : 0)) >>> 0;
  }
  return pick(MX_FP);
}

/** Encode one instance of a form; returns { bytes, ptrmask } and the register picks. */
function encode(f) {
  const bytes = [];
  if (f.prefix) bytes.push(f.prefix);
  // Register operands: XMM 0-15, MMX 0-7 (REX bits ignored), GPR never RBX/RSP/RDI.
  const gprs = [0, 1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  const regOf = (kind) => (kind === 'xmm' ? below(16) : kind === 'mm' ? below(8) | (below(4) === 0 ? 8 : 0) : kind === 'gpr' ? pick(gprs) : 0);
  let reg = f.ext !== undefined ? f.ext : regOf(f.reg);
  let rm = f.mem ? 3 : regOf(f.rm);
  // Two XMM operands: often a neighbouring pair, whose seed values are related.
  if (!f.mem && f.reg === 'xmm' && f.rm === 'xmm' && f.ext === undefined && below(2)) {
    reg = 2 * below(8);
    rm = reg + 1;
    if (below(3) === 0) [reg, rm] = [rm, reg];
  }
  const w = f.w ? 1 : 0;
  const rexR = f.ext === undefined && reg > 7 ? 1 : 0;
  const rexB = !f.mem && rm > 7 ? 1 : 0;
  if (w || rexR || rexB || (f.rex && below(2))) bytes.push(0x40 | (w << 3) | (rexR << 2) | rexB);
  bytes.push(0x0f);
  if (f.map === 2) bytes.push(0x38);
  bytes.push(f.opcode);
  const mod = f.mem ? 1 : 3;
  bytes.push((mod << 6) | ((reg & 7) << 3) | (rm & 7));
  if (f.mem) {
    const aligned = f.misalign ? below(3) !== 0 : true;
    let disp = 16 * (below(9) - 4);
    if (!aligned) disp += 1 + below(15);
    bytes.push(disp & 0xff);
  }
  if (f.imm !== undefined) bytes.push(typeof f.imm === 'function' ? f.imm(below) : f.imm);
  const ptrmask = (f.mem ? 1 << 3 : 0) | (f.rdi ? 1 << 7 : 0);
  return { bytes, ptrmask };
}

// FXSAVE image of a state: x87 stack order (ST(j) = R[(TOP + j) & 7]), MXCSR, XMM0-15.
function fxImage(s, mxcsr) {
  const b = Buffer.alloc(512);
  b.writeUInt16LE(0x037f, 0);
  b.writeUInt16LE(s.top << 11, 2);
  b.writeUInt8(s.tags, 4);
  b.writeUInt32LE(mxcsr, 24);
  for (let j = 0; j < 8; j++) {
    const r = s.fpr[(s.top + j) & 7];
    b.writeUInt32LE(r.lo >>> 0, 32 + 16 * j);
    b.writeUInt32LE(r.hi >>> 0, 36 + 16 * j);
    b.writeUInt16LE(r.exp, 40 + 16 * j);
  }
  for (let i = 0; i < 16; i++) for (let k = 0; k < 4; k++) b.writeUInt32LE(s.xmm[i][k] >>> 0, 160 + 16 * i + 4 * k);
  return b.toString('hex');
}

function parseOut(line) {
  const parts = line.split(' ');
  const outcome = parts[2];
  const b = Buffer.from(parts[3], 'hex');
  const top = (b.readUInt16LE(2) >> 11) & 7;
  const fpr = [];
  for (let i = 0; i < 8; i++) {
    const j = (i - top) & 7;
    fpr.push({ lo: b.readUInt32LE(32 + 16 * j), hi: b.readUInt32LE(36 + 16 * j), exp: b.readUInt16LE(40 + 16 * j) });
  }
  const xmm = [];
  for (let i = 0; i < 16; i++) xmm.push([0, 1, 2, 3].map((k) => b.readUInt32LE(160 + 16 * i + 4 * k)));
  const gpr = parts.slice(4, 20).map((x) => {
    const v = BigInt('0x' + x);
    return [Number(v & 0xffffffffn), Number(v >> 32n)];
  });
  const rflags = parseInt(parts[20], 16);
  const mem = [...Buffer.from(parts[21], 'hex')];
  return { outcome, mxcsr: b.readUInt32LE(24), top, tags: b.readUInt8(4), fpr, xmm, gpr, rflags, mem };
}

/** The changes from the initial state s (with mxcsr) to the final state o, as row fields. */
function changes(s, mxcsr, o) {
  const out = [];
  for (let i = 0; i < 16; i++) if (o.xmm[i].some((w, k) => w !== s.xmm[i][k] >>> 0)) out.push(`x${i}=${o.xmm[i].map((w) => hex(w)).join(',')}`);
  for (let i = 0; i < 8; i++) {
    const a = s.fpr[i];
    const b = o.fpr[i];
    if (a.lo >>> 0 !== b.lo || a.hi >>> 0 !== b.hi || a.exp !== b.exp) out.push(`f${i}=${hex(b.hi)}:${hex(b.lo)}:${hex(b.exp)}`);
  }
  if (o.top !== s.top) out.push(`top=${o.top}`);
  if (o.tags !== s.tags) out.push(`tags=${hex(o.tags)}`);
  for (let i = 0; i < 16; i++) if (i !== 4 && (o.gpr[i][0] !== s.gpr[i][0] >>> 0 || o.gpr[i][1] !== s.gpr[i][1] >>> 0)) out.push(`g${i}=${hex(o.gpr[i][1])}:${hex(o.gpr[i][0])}`);
  if ((o.rflags & 0x8d5) !== (s.rflags & 0x8d5)) out.push(`fl=${hex(o.rflags & 0x8d5)}`);
  if (o.mxcsr !== mxcsr) out.push(`mx=${hex(o.mxcsr)}`);
  for (let i = 0; i < 512; i++) if (o.mem[i] !== s.mem[i]) out.push(`m${hex(MOCK_BASE + i)}=${hex(o.mem[i], 2)}`);
  return out;
}

/**
 * What Chimera must do, from QEMU's and the host's outcomes:
 * - both completed: QEMU's results (it is the reference for every result bit), except the
 *   MXCSR.DE flag, the exponent words MMX writes set and the x87 TOP/tags (QEMU also makes the
 *   MMX transition for memory-source CVTPI2PS/PD), which QEMU 7.2 does not model: those come
 *   from the host;
 * - an MMX register in ModRM.rm with REX.B: the host (QEMU 7.2 indexes past MM7);
 * - FZ set with underflow unmasked: the host (FZ applies only when UE is masked, SDM);
 * - the host raised #XM (QEMU never does): #XM, with the host's MXCSR;
 * - the host raised #UD or #GP where QEMU completed: the host's exception (QEMU 7.2 accepts some
 *   encodings the SDM makes #UD and omits some alignment checks);
 * - QEMU raised #UD where the host completed: #UD (a feature qemu64 does not advertise).
 * Returns [expected, note] where note names a disagreement (for the summary).
 */
function mergeOutcome(q, h, mmxRexB, mxcsr) {
  if (q.outcome === 'OK' && h.outcome === 'OK' && (mxcsr & 0x8800) === 0x8000 && (q.mxcsr & 0x10) !== 0 && (h.mxcsr & 0x10) === 0) {
    // FZ with underflow unmasked: QEMU flushed (and set UE) where FZ does not apply (SDM vol. 1
    // 10.2.3.3: only with UE masked) and the hardware found no underflow.
    return [h, 'qemu FZ with UE unmasked'];
  }
  if (mmxRexB && q.outcome === 'OK' && h.outcome === 'OK') {
    // QEMU 7.2 applies REX.B to an MMX register in ModRM.rm (it reads past its 8 MMX registers).
    const differs = JSON.stringify({ ...q, outcome: 0 }) !== JSON.stringify({ ...h, outcome: 0 });
    return [h, differs ? 'qemu REX.B on MMX' : ''];
  }
  if (q.outcome === 'OK' && h.outcome === 'OK') {
    const m = {
      ...q,
      mxcsr: (q.mxcsr & ~2) | (h.mxcsr & 2),
      fpr: q.fpr.map((r, i) => ({ ...r, exp: h.fpr[i].exp })),
      top: h.top,
      tags: h.tags,
    };
    const notes = [];
    if (q.mxcsr !== h.mxcsr) notes.push((q.mxcsr & ~2) !== (h.mxcsr & ~2) ? 'mxcsr' : 'DE');
    if (q.xmm.some((w, i) => w.some((x, k) => x !== h.xmm[i][k]))) notes.push('xmm');
    if (q.gpr.some((g, i) => g[0] !== h.gpr[i][0] || g[1] !== h.gpr[i][1])) notes.push('gpr');
    if (q.fpr.some((r, i) => r.lo !== h.fpr[i].lo || r.hi !== h.fpr[i].hi)) notes.push('mm');
    if (q.fpr.some((r, i) => r.exp !== h.fpr[i].exp)) notes.push('mmx-exponent');
    if (q.top !== h.top || q.tags !== h.tags) notes.push('x87-tags');
    if ((q.rflags & 0x8d5) !== (h.rflags & 0x8d5)) notes.push('rflags');
    if (q.mem.some((b, i) => b !== h.mem[i])) notes.push('mem');
    return [m, notes.join('+')];
  }
  if (h.outcome === 'XM') return [h, q.outcome === 'OK' ? 'host #XM' : `qemu ${q.outcome} host XM`];
  if (q.outcome === 'OK' && (h.outcome === 'UD' || h.outcome === 'GP')) return [h, `host ${h.outcome}`];
  if (q.outcome === 'UD' && h.outcome === 'OK') return [q, 'qemu UD (feature)'];
  if (q.outcome === h.outcome) return [q, ''];
  return [q, `qemu ${q.outcome} host ${h.outcome}`];
}

// Build the rows.
const rows = [];
for (const f of FORMS) {
  const n = f.count ?? (f.fp ? 48 : 14);
  for (let i = 0; i < n; i++) {
    const { bytes, ptrmask } = encode(f);
    rows.push({ form: f.name, bytes, ptrmask, seed: rnd(), mxcsr: f.fp ? fpMxcsr() : f.mxcsr ?? 0x1f80, overrides: [], mmxRm: f.rm === 'mm' && !f.mem });
  }
}
for (const e of EDGE_ROWS) rows.push({ ptrmask: 0, seed: rnd(), overrides: [], ...e });

const input = rows
  .map((r, i) => {
    const s = initialState(r.seed);
    applyOverrides(s, r.overrides);
    r.state = s;
    const g = s.gpr.map(([lo, hi]) => hex(hi, 8) + hex(lo, 8)).join(' ');
    return `${i} ${r.bytes.map((b) => hex(b, 2)).join('')} ${hex(r.ptrmask)} ${fxImage(s, r.mxcsr)} ${g} ${hex(s.rflags)} ${Buffer.from(s.mem).toString('hex')}`;
  })
  .join('\n');

const run = (cmd, args) => execFileSync(cmd, args, { input, maxBuffer: 1 << 30 }).toString().trim().split('\n');
const qemu = run('qemu-x86_64', ['-cpu', 'qemu64', oracle]);
const host = run(oracle, []);

const out = [];
const notes = new Map();
rows.forEach((r, i) => {
  const q = parseOut(qemu[i]);
  const h = parseOut(host[i]);
  const rexB = r.bytes.some((b, k) => (b & 0xf1) === 0x41 && r.bytes[k + 1] === 0x0f);
  const [m, note] = mergeOutcome(q, h, rexB && r.mmxRm, r.mxcsr);
  if (note) {
    if (process.env.ORACLE_DEBUG) console.error(`${r.form} ${r.bytes.map((b) => hex(b, 2)).join('')} rbx=${hex(r.state.gpr[3][0])} mx=${hex(r.mxcsr)} qemu=${q.outcome} host=${h.outcome} ${note} | ${changes(r.state, r.mxcsr, q).join(' ')} | ${changes(r.state, r.mxcsr, h).join(' ')}`);
    const key = `${r.form}: ${note}`;
    notes.set(key, (notes.get(key) ?? 0) + 1);
  }
  const fields = [r.form.replace(/ /g, '_'), r.bytes.map((b) => hex(b, 2)).join(''), hex(r.seed), hex(r.mxcsr), ...r.overrides.map((o) => '@' + o), m.outcome];
  const ch = changes(r.state, r.mxcsr, m);
  out.push([...fields, ...ch].join(' '));
});

// Disagreements grouped by what differed, with the forms (and rows) concerned.
const byNote = new Map();
for (const [k, v] of notes) {
  const [form, note] = k.split(': ');
  const base = form.replace(/\.m$|\.st$/, '');
  if (!byNote.has(note)) byNote.set(note, new Map());
  const forms = byNote.get(note);
  forms.set(base, (forms.get(base) ?? 0) + v);
}
const summary = [];
for (const [note, forms] of [...byNote.entries()].sort()) {
  const total = [...forms.values()].reduce((a, b) => a + b, 0);
  let line = ` *   ${note} (${total} rows):`;
  for (const [form, n] of [...forms.entries()].sort()) {
    const item = ` ${form} ${n},`;
    if (line.length + item.length > 100) {
      summary.push(line);
      line = ' *    ';
    }
    line += item;
  }
  summary.push(line.replace(/,$/, ''));
}
const text = `/**
 * GENERATED by spec/arches/x86_64/sse/oracle/insn-gen.mjs: do not edit.
 * Each row: "form bytes seed mxcsr [@override...] outcome changes...". Registers and memory start
 * as helpers/vector-state.ts derives them from the seed (memory operands are [rbx+disp8] in the
 * 512-byte buffer at 0x${hex(MOCK_BASE)}; MASKMOV writes at rdi). The outcome (OK, UD, GP, XM)
 * and changes were obtained by running the instruction under qemu-x86_64 -cpu qemu64 (Debian
 * QEMU 7.2.22, user mode) and on the host CPU (${cpuName()}) with oracle/insn-oracle.c, merged:
 * QEMU's results, the host's MXCSR.DE, MMX exponent words, #XM, and #UD/#GP where QEMU is lax.
 * Rows where QEMU and the host disagree, by form and what differed:
${summary.join('\n')}
 * @module
 */
export const SSE_VECTORS: readonly string[] = [
${out.map((l) => `  '${l}',`).join('\n')}
];
`;
writeFileSync(new URL('../sse-vectors.generated.ts', import.meta.url), text);
console.log(`${out.length} rows; ${notes.size} disagreement kinds`);

function cpuName() {
  try {
    const l = execFileSync('grep', ['-m1', 'model name', '/proc/cpuinfo']).toString();
    return l.split(':')[1].trim();
  } catch {
    return 'unknown';
  }
}
