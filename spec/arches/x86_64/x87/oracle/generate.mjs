// Regenerates ../x87-vectors.generated.ts (QEMU 7.2's results), ../x87-stack-vectors.generated.ts
// (stack faults, which QEMU does not model: the host CPU's results) and DIFFERENCES.md (where
// QEMU and this host's CPU disagree).
// Usage (from this directory, on an x86-64 Linux host with qemu-user installed):
//   node generate.mjs
// It writes insns.h from ops.mjs into a temporary directory, builds x87-oracle.c statically
// there, and runs it under qemu-x86_64 and natively on the same input.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { OPS } from './ops.mjs';

import {
  FILL, MEM_BYTES, buildOracle, genCw, genInputs, genSw, hex, memHex, pick, rnd, runOracle,
} from './vectors.mjs';

// ---- build the case list ----
const cases = [];
OPS.forEach((o, id) => {
  for (let k = 0; k < o.n; k++) {
    const { st, mem } = genInputs(o);
    const cw = genCw(o);
    const top = rnd(8);
    const sw = (genSw(o, cw) & ~0x3800) | (top << 11);
    let eflags = 0x202;
    if (o.kind === 1) eflags |= rnd(2) | (rnd(2) << 2) | (rnd(2) << 6) | (rnd(4) === 0 ? 0x890 : 0);
    cases.push({ o, id, cw, sw, tags: 0x7f, st, mem, eflags, stack: false });
  }
});
// Stack faults: random empty registers, IE masked or not (host CPU only: QEMU has no stack faults).
const STACK_OPS = ['fadd_st0_st1', 'fsub_m64', 'faddp_st1_st0', 'fcom_st0_st1', 'fcompp', 'fucomi_st1', 'fld_m32', 'fld_m80', 'fild_m16',
  'fld_st1', 'fld1', 'fldpi', 'fbld', 'fst_m32', 'fstp_m64', 'fstp_m80', 'fistp_m32', 'fisttp_m64', 'fbstp', 'fst_st2', 'fstp_st2', 'fxch_st1',
  'fchs', 'fabs', 'ftst', 'fxam', 'fsqrt', 'frndint', 'fscale', 'fxtract', 'fprem', 'fcmovb', 'fcmovnb', 'fyl2x', 'fpatan', 'f2xm1', 'fptan',
  'fsincos', 'fcomip_st1', 'fucom_st1'];
for (const name of STACK_OPS) {
  const id = OPS.findIndex((o) => o.name === name);
  const o = OPS[id];
  for (let k = 0; k < 16; k++) {
    const { st, mem } = genInputs(o);
    const cw = (0x037f & ~(k % 3 === 0 ? 1 : 0)) | (rnd(4) << 10);
    const top = rnd(8);
    const tags = k < 5 ? rnd(256) : pick([0x00, 0xff, 0xfe, 0x7e, 0x80, 0x01, 0xfd]);
    let eflags = 0x202;
    if (o.kind === 1) eflags |= rnd(2) | (rnd(2) << 2) | (rnd(2) << 6);
    cases.push({ o, id, cw, sw: top << 11, tags, st, mem, eflags, stack: true });
  }
}

const memSize = (o) => (o.mem ? MEM_BYTES[o.mem] : 0);
const line = (c) => {
  const st = c.st.map((v, i) => v ?? FILL[i]).concat(FILL.slice(3));
  return [c.id, hex(c.cw, 4), hex(c.sw, 4), hex(c.tags, 2), ...st, memHex(c.mem, memSize(c.o)), hex(c.eflags, 1)].join(' ');
};

// ---- build and run ----
const exe = buildOracle();
const input = cases.map(line).join('\n') + '\n';
const qemu = runOracle(exe, input, true);
const host = runOracle(exe, input, false);
if (qemu.length !== cases.length || host.length !== cases.length) throw new Error('oracle output length');

// ---- compress and write ----
const parse = (l) => {
  const f = l.split(' ');
  return { cw: f[0], sw: f[1], tw: f[2], st: f.slice(3, 11), mem: f[11], eflags: f[12], ax: f[13] };
};
/** Out registers other than ST(0..2) must be the untouched input registers (same physical slot). */
function checkUntouched(c, out) {
  const inTop = (c.sw >> 11) & 7;
  const outTop = (parseInt(out.sw, 16) >> 11) & 7;
  const inSt = line(c).split(' ').slice(4, 12);
  for (let i = 3; i < 8; i++) {
    const p = (outTop + i) & 7;
    const k = (p - inTop) & 7;
    if (out.st[i] !== inSt[k]) return false;
  }
  return true;
}
const memOut = (o, out) => (o.out ? out.mem.slice(0, 2 * o.out) : '-');
const rows = { qemu: [], stack: [] };
const diff = new Map();
cases.forEach((c, n) => {
  const q = parse(qemu[n]);
  const h = parse(host[n]);
  const o = c.o;
  const ref = c.stack ? h : q;
  if (!checkUntouched(c, ref)) throw new Error(`${o.name}: registers beyond ST(2) changed: ${line(c)}`);
  if (ref.mem.slice(2 * o.out) !== memHex(c.mem, memSize(o)).slice(2 * o.out)) throw new Error(`${o.name}: stored beyond its operand`);
  const input = [o.name, hex(c.cw, 4), hex(c.sw, 4), hex(c.tags, 2), ...c.st.map((v) => v ?? '-'),
    o.mem ? hex(c.mem, 2 * MEM_BYTES[o.mem]) : '-', o.kind === 1 ? hex(c.eflags, 3) : '-'];
  const inSt = line(c).split(' ').slice(4, 7);
  const same = (r, i) => (r.st[i] === inSt[i] ? '=' : r.st[i]);
  const output = (r) => [r.cw === hex(c.cw, 4) ? '-' : r.cw, r.sw, r.tw, same(r, 0), same(r, 1), same(r, 2), memOut(o, r),
    o.kind === 1 ? hex(parseInt(r.eflags, 16) & 0x8d5, 3) : '-', o.kind === 2 ? r.ax : '-'];
  const qo = output(q);
  const ho = output(h);
  let note = '';
  if (!c.stack) {
    const valuesDiffer = qo.slice(3).join(' ') !== ho.slice(3).join(' ') || qo[0] !== ho[0];
    const swDiffer = qo[1] !== ho[1];
    const twDiffer = qo[2] !== ho[2];
    if (swDiffer) note += ` h=${ho[1]}`;
    if (valuesDiffer) note += ' hv';
    const d = diff.get(o.name) ?? { n: 0, values: 0, sw: 0, c1: 0, flags: 0, cc: 0, tw: 0 };
    d.n++;
    if (valuesDiffer) d.values++;
    if (twDiffer) d.tw++;
    if (swDiffer) {
      d.sw++;
      const x = parseInt(qo[1], 16) ^ parseInt(ho[1], 16);
      if (x & 0x200) d.c1++;
      if (x & 0x3f) d.flags++;
      if (x & 0x4500) d.cc++;
    }
    diff.set(o.name, d);
    rows.qemu.push(`${input.join(' ')} > ${qo.join(' ')}${note}`);
  } else if (parseInt(ho[1], 16) & 0x40) {
    // Only rows where the host reports a stack fault (SF); the others are ordinary cases.
    rows.stack.push(`${input.join(' ')} > ${ho.join(' ')}`);
  }
});

const header = (what) => `/**
 * GENERATED by spec/arches/x86_64/x87/oracle/generate.mjs: do not edit.
 * ${what}
 * Row: "op cw sw tags st0 st1 st2 mem eflags > cw' sw' tw' st0' st1' st2' mem' eflags' ax' [h=sw] [hv]"
 * (hex; "-" = not used / unchanged, "=" = ST(i) as on input; tags bit i = ST(i) in use; st values are sign-exponent then
 * significand; unused ST(1), ST(2) and ST(3..7) hold the fillers of the spec; memory operands are
 * at the start of a 32-byte area otherwise filled with a fixed pattern). "h=" gives this host
 * CPU's status word where it differs from QEMU's, "hv" marks different values.
 * @module
 */
`;
const cpu = cpus()[0].model;
writeFileSync('../x87-vectors.generated.ts', header(`Inputs are random and edge-case values; outputs are QEMU 7.2's (qemu-x86_64 -cpu qemu64 running
 * oracle/x87-oracle.c); "h=" and "hv" compare with the host CPU (${cpu}).`) +
  `/** The instruction forms: encoding, memory input kind and stored bytes, 1 = EFLAGS in/out, 2 = AX out. */
export const X87_OPS: Readonly<Record<string, { bytes: number[]; mem: string | null; out: number; kind: number }>> = {
${OPS.map((o) => `  ${o.name}: { bytes: [${o.bytes.map((b) => '0x' + hex(b, 2)).join(', ')}], mem: ${o.mem ? `'${o.mem}'` : 'null'}, out: ${o.out}, kind: ${o.kind} },`).join('\n')}
};

export const X87_VECTORS: readonly string[] = [\n${rows.qemu.map((r) => `  '${r}',`).join('\n')}\n];\n`);
writeFileSync('../x87-stack-vectors.generated.ts', header(`Stack overflow and underflow cases (some registers empty, IE masked or not), which QEMU 7.2 does
 * not model; outputs are the host CPU's (${cpu}) running oracle/x87-oracle.c natively.`) +
  `export const X87_STACK_VECTORS: readonly string[] = [\n${rows.stack.map((r) => `  '${r}',`).join('\n')}\n];\n`);

const table = [...diff.entries()].filter(([, d]) => d.values || d.sw || d.tw)
  .map(([name, d]) => `| ${name} | ${d.n} | ${d.values} | ${d.c1} | ${d.flags} | ${d.cc} | ${d.tw} |`);
writeFileSync('DIFFERENCES.md', `# Where QEMU 7.2 and the host CPU disagree (x87 oracle vectors)

Generated by generate.mjs. Host CPU: ${cpu}. Counts are vectors of x87-vectors.generated.ts whose
outputs differ between qemu-x86_64 and native execution; operations without differences are not
listed. Columns: vectors, value results (registers, memory, EFLAGS, AX), C1, exception flags
(bits 5:0), condition codes C3/C2/C0, tag word.

| op | vectors | values | C1 | flags | C3/C2/C0 | tags |
|---|---|---|---|---|---|---|
${table.join('\n')}
`);
console.log(`${rows.qemu.length} QEMU vectors, ${rows.stack.length} stack vectors, ${table.length} ops with differences`);
