// Measures agreement with QEMU 7.2 on many more vectors than the committed ones, for the
// coverage figures of docs/arch-x86_64.md: per instruction, how many results (registers, memory,
// status word without C1) are bit-identical, and how far the others are (in units of the last
// place: of 64 bits, or of the double for the trigonometric instructions).
// Usage (after `npx tsc -p tsconfig.json` at the repository root):
//   node measure.mjs [vectors-per-op] [op ...]     (SHOW=n prints n differing inputs per op)
import { OPS } from './ops.mjs';
import { FILL, MEM_BYTES, PATTERN, buildOracle, genCw, genInputs, genSw, hex, memHex, rnd, runOracle, setSeed } from './vectors.mjs';

const root = new URL('../../../../../', import.meta.url);
const { MockHost } = await import(new URL('dist/spec/arches/x86_64/x87/helpers/mock-host.js', root));
const { run, getPhys, setPhys, statusWord } = await import(new URL('dist/spec/arches/x86_64/x87/helpers/harness.js', root));
const { loadStatusWord } = await import(new URL('dist/arches/x86_64/x87/exec/environment.js', root));

const n = Number(process.argv[2] ?? 5000);
const wanted = process.argv.slice(3);
const ops = OPS.map((o, id) => ({ o, id })).filter(({ o }) => (wanted.length ? wanted.includes(o.name) : true));
setSeed(0x9e3779b97f4a7c15n);

const cases = [];
for (const { o, id } of ops) {
  for (let k = 0; k < n; k++) {
    const { st, mem } = genInputs(o);
    const cw = genCw(o);
    const top = rnd(8);
    const sw = (genSw(o, cw) & ~0x3800) | (top << 11);
    let eflags = 0x202;
    if (o.kind === 1) eflags |= rnd(2) | (rnd(2) << 2) | (rnd(2) << 6);
    cases.push({ o, id, cw, sw, st: st.map((v, i) => v ?? FILL[i]).concat(FILL.slice(3)), mem, eflags });
  }
}
const input = cases.map((c) => [c.id, hex(c.cw, 4), hex(c.sw, 4), '7f', ...c.st, memHex(c.mem, c.o.mem ? MEM_BYTES[c.o.mem] : 0), hex(c.eflags, 1)].join(' ')).join('\n') + '\n';
const qemu = runOracle(buildOracle(), input, true);

const TRIG = new Set(['fptan', 'fsin', 'fcos', 'fsincos']);
const stats = new Map();
cases.forEach((c, i) => {
  const f = qemu[i].split(' ');
  const want = { sw: parseInt(f[1], 16), st: f.slice(3, 11), mem: f[11] };
  const h = new MockHost();
  const x = h.x87;
  x.fcw = c.cw;
  loadStatusWord(x, c.sw);
  for (let k = 0; k < 8; k++) setPhys(h, (x.top + k) & 7, c.st[k]);
  x.ftw = 3 << (2 * ((x.top + 7) & 7)); // ST(7) empty, as in the oracle input
  PATTERN.forEach((b, j) => (h.mem[0x2000 + j] = b));
  if (c.o.mem) for (let j = 0; j < MEM_BYTES[c.o.mem]; j++) h.mem[0x2000 + j] = Number((c.mem >> BigInt(8 * j)) & 0xffn);
  h.cf = c.eflags & 1;
  h.pf = (c.eflags >> 2) & 1;
  h.zf = (c.eflags >> 6) & 1;
  run(h, { opcode: c.o.bytes[0], modrm: c.o.bytes[1] }, 0x2000);
  const s = stats.get(c.o.name) ?? { n: 0, exact: 0, swDiff: 0, ulps: new Map() };
  s.n++;
  let worst = 0n;
  let same = true;
  for (let k = 0; k < 3; k++) {
    const got = getPhys(h, (x.top + k) & 7);
    if (got !== want.st[k]) {
      same = false;
      let d = BigInt('0x' + got) - BigInt('0x' + want.st[k]);
      if (d < 0n) d = -d;
      if (TRIG.has(c.o.name)) d >>= 11n;
      if (d > worst) worst = d;
    }
  }
  let memGot = '';
  for (let j = 0; j < 32; j++) memGot += h.mem[0x2000 + j].toString(16).padStart(2, '0');
  if (memGot !== want.mem) same = false;
  const swSame = ((statusWord(h) ^ want.sw) & ~0x200) === 0;
  if (!swSame) s.swDiff++;
  if (same && swSame) s.exact++;
  else if (!same) {
    if ((s.shown ?? 0) < Number(process.env.SHOW ?? 0)) {
      s.shown = (s.shown ?? 0) + 1;
      console.error(`${c.o.name} cw=${hex(c.cw, 4)} st0=${c.st[0]} st1=${c.st[1]}: qemu ${want.st.slice(0, 2).join(' ')}`);
    }
    const key = worst > 4n ? '>4' : String(worst);
    s.ulps.set(key, (s.ulps.get(key) ?? 0) + 1);
  }
  stats.set(c.o.name, s);
});
console.log('| op | vectors | bit-identical | status word differs | value differs by (ulps: count) |');
console.log('|---|---|---|---|---|');
for (const [name, s] of stats) {
  const ulps = [...s.ulps.entries()].map(([k, v]) => `${k}: ${v}`).join(', ');
  console.log(`| ${name} | ${s.n} | ${s.exact} (${((100 * s.exact) / s.n).toFixed(2)}%) | ${s.swDiff} | ${ulps || '-'} |`);
}
