// Regenerates ../sse-vectors.generated.ts: every SSE/SSE2/SSE3/MMX instruction form the module
// implements (and a set of encodings that must be #UD), each run once per row under QEMU 7.2
// (qemu-x86_64 -cpu qemu64, the reference) and on the host CPU by insn-oracle.c. Register and
// memory contents come from the row's seed (helpers/vector-state.ts) plus optional overrides;
// only the changes are recorded, merged by the policy in mergeOutcome() below.
// Usage (from this directory, after `npx tsc -p ../../../../../tsconfig.json`):
//   gcc -O1 -static insn-oracle.c -o /tmp/insn-oracle
//   node insn-gen.mjs /tmp/insn-oracle
import { writeFileSync } from 'node:fs';
import { initialState, applyOverrides, MOCK_BASE } from '../../../../../dist/spec/arches/x86_64/sse/helpers/vector-state.js';
import { FORMS, EDGE_ROWS } from './forms.mjs';
import { changes, cpuName, hex, mergeOutcome, oracleLine, runBoth, summarize } from './harness.mjs';

const oracle = process.argv[2];
if (!oracle) throw new Error('usage: node insn-gen.mjs <insn-oracle binary>');

let seed = 0x5eed1234;
function rnd() {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed;
}
const below = (n) => rnd() % n;
const pick = (a) => a[below(a.length)];

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

const lines = rows.map((r, i) => {
  const s = initialState(r.seed);
  applyOverrides(s, r.overrides);
  r.state = s;
  return oracleLine(i, r.bytes, r.ptrmask, s, r.mxcsr);
});
const [qemu, host] = runBoth(oracle, lines);

const out = [];
const notes = new Map();
rows.forEach((r, i) => {
  const q = qemu[i];
  const h = host[i];
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

const summary = summarize(notes);
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
