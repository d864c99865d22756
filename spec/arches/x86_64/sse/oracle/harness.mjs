// Shared by the vector generators: the FXSAVE image of a seed state, parsing insn-oracle's
// output, the changes between two states, running both oracles, and the merge policy that
// turns QEMU's and the host's outcomes into what Chimera must do.
import { execFileSync } from 'node:child_process';
import { MOCK_BASE } from '../../../../../dist/spec/arches/x86_64/sse/helpers/vector-state.js';

export const hex = (n, w = 0) => (n >>> 0).toString(16).padStart(w, '0');

// FXSAVE image of a state: x87 stack order (ST(j) = R[(TOP + j) & 7]), MXCSR, XMM0-15.
export function fxImage(s, mxcsr) {
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

export function parseOut(line) {
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
export function changes(s, mxcsr, o) {
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
export function mergeOutcome(q, h, mmxRexB, mxcsr) {
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

/** The oracle's input line for a row: id, bytes, pointer mask, FXSAVE image, GPRs, RFLAGS, memory. */
export function oracleLine(id, bytes, ptrmask, s, mxcsr) {
  const g = s.gpr.map(([lo, hi]) => hex(hi, 8) + hex(lo, 8)).join(' ');
  return `${id} ${bytes.map((b) => hex(b, 2)).join('')} ${hex(ptrmask)} ${fxImage(s, mxcsr)} ${g} ${hex(s.rflags)} ${Buffer.from(s.mem).toString('hex')}`;
}

/** Run the input lines under qemu-x86_64 -cpu qemu64 and on the host; parsed outputs. */
export function runBoth(oracle, lines) {
  const input = lines.join('\n');
  const run = (cmd, args) => execFileSync(cmd, args, { input, maxBuffer: 1 << 30 }).toString().trim().split('\n').map(parseOut);
  return [run('qemu-x86_64', ['-cpu', 'qemu64', oracle]), run(oracle, [])];
}

/**
 * Comment lines summarising disagreements grouped by what differed, with the forms (and rows)
 * concerned: notes maps "form: what" to a row count.
 */
export function summarize(notes) {
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
  return summary;
}

export function cpuName() {
  try {
    const l = execFileSync('grep', ['-m1', 'model name', '/proc/cpuinfo']).toString();
    return l.split(':')[1].trim();
  } catch {
    return 'unknown';
  }
}
