// Regenerates ../simd-vectors.generated.ts: random AdvSIMD / FP / structure load-store
// instruction words from encoding patterns, executed once each under qemu-aarch64 by
// insn-oracle.c; only the changes are recorded. Register contents come from the seed via
// helpers/vector-state.ts (build with tsc first).
// Usage (from this directory, after `npx tsc -p ../../../../../tsconfig.json`):
//   aarch64-linux-gnu-gcc -O1 -static insn-oracle.c -o /tmp/insn-oracle
//   node insn-gen.mjs /tmp/insn-oracle
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { initialState, memByte } from '../../../../../dist/spec/arches/aarch64/fpsimd/helpers/vector-state.js';

let seed = 0x2468ace1;
function rnd() {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed;
}

// Letters: d n m t = register fields (0..7); P = post-index Rm (31 or 1..3); N = X0;
// any other letter = random bit; 0/1 literal.
const PATTERNS = [
  ['three-same', '0QU01110ss1mmmmmooooo1nnnnnddddd', 1200],
  ['three-diff', '0QU01110ss1mmmmmoooo00nnnnnddddd', 750],
  ['two-reg-misc', '0QU01110ss10000ooooo10nnnnnddddd', 1200],
  ['across', '0QU01110ss11000ooooo10nnnnnddddd', 450],
  ['copy', '0Qo01110000iiiii0iiii1nnnnnddddd', 600],
  ['permute', '0Q001110ss0mmmmm0ooo10nnnnnddddd', 360],
  ['ext', '0Q101110000mmmmm0iiii0nnnnnddddd', 120],
  ['tbl', '0Q001110000mmmmm0llo00nnnnnddddd', 180],
  ['mod-imm', '0Qo0111100000aaaccccp1aaaaaddddd', 360],
  ['shift-imm', '0QU011110hhhhiiiooooo1nnnnnddddd', 1200],
  ['indexed', '0QU01111ssLMmmmmooooH0nnnnnddddd', 900],
  ['scalar-three-same', '01U11110ss1mmmmmooooo1nnnnnddddd', 750],
  ['scalar-two-reg-misc', '01U11110ss10000ooooo10nnnnnddddd', 750],
  ['scalar-pairwise', '01U11110ss11000ooooo10nnnnnddddd', 240],
  ['scalar-copy', '01011110000iiiii000001nnnnnddddd', 90],
  ['scalar-shift-imm', '01U111110hhhhiiiooooo1nnnnnddddd', 750],
  ['scalar-indexed', '01U11111ssLMmmmmooooH0nnnnnddddd', 450],
  ['scalar-three-diff', '01U11110ss1mmmmmoooo00nnnnnddddd', 240],
  ['fp-csel', '00011110tt1mmmmmcccc11nnnnnddddd', 120],
  ['fp-ccmp', '00011110tt1mmmmmcccc01nnnnnoffff', 120],
  ['fp-imm', '00011110tt1iiiiiiii10000000ddddd', 90],
  ['fp-fmov-gen', 's0011110tt1rr11o000000nnnnnddddd', 180],
  ['ldst-multi', '0Q0011000L000000oooozz00000ttttt', 450],
  ['ldst-multi-post', '0Q0011001L0PPPPPoooozz00000ttttt', 300],
  ['ldst-single', '0Q0011010LR00000oooSzz00000ttttt', 450],
  ['ldst-single-post', '0Q0011011LRPPPPPoooSzz00000ttttt', 300],
];

function gen(pattern) {
  let insn = 0;
  const reg = {};
  for (const f of 'dnmtP') reg[f] = f === 'P' ? (rnd() % 4 === 0 ? 31 : 1 + (rnd() % 3)) : rnd() % 8;
  const pos = {};
  for (let i = 0; i < 32; i++) {
    const c = pattern[i];
    const bitIndex = 31 - i;
    let b;
    if (c === '0' || c === '1') b = Number(c);
    else if ('dnmtP'.includes(c)) {
      pos[c] = (pos[c] ?? 0) + 1;
      const k = 5 - pos[c]; // bit of the 5-bit field, msb first
      b = (reg[c] >> k) & 1;
    } else b = rnd() & 1;
    insn |= b << bitIndex;
  }
  return insn >>> 0;
}

const FPCRS = [0, 0, 0, 0x400000, 0x800000, 0xc00000, 0x1000000, 0x2000000];
const rows = [];
for (const [name, pattern, count] of PATTERNS) {
  if (pattern.length !== 32) throw new Error(`${name}: pattern length ${pattern.length}`);
  const mem = name.startsWith('ldst');
  for (let i = 0; i < count; i++) {
    let insn = gen(pattern);
    if (name.includes('shift-imm') && ((insn >>> 19) & 15) === 0) insn |= 1 << (19 + (rnd() % 4));
    rows.push({ name, insn, fpcr: FPCRS[rnd() % FPCRS.length], nzcv: rnd() % 16, mem, seed: rnd() });
  }
}

const hex = (v) => v.toString(16);
const input = rows
  .map((r) => {
    const s = initialState(r.seed, r.mem);
    return [hex(r.insn), hex(r.fpcr), hex(r.nzcv), r.mem ? '1' : '0', ...s.x.map(hex), ...s.v.flatMap(([lo, hi]) => [hex(lo), hex(hi)])].join(' ');
  })
  .join('\n');
const out = execFileSync('qemu-aarch64', ['-cpu', 'cortex-a57', process.argv[2] ?? '/tmp/insn-oracle'], { input: input + '\n', maxBuffer: 1 << 28 })
  .toString()
  .trim()
  .split('\n');
if (out.length !== rows.length) throw new Error(`oracle returned ${out.length} of ${rows.length} rows`);

const lines = [];
const undefCount = new Map();
for (let i = 0; i < rows.length; i++) {
  const r = rows[i];
  const res = out[i].split(' => ')[1];
  const head = `${r.name} ${hex(r.insn)} ${hex(r.fpcr)} ${hex(r.nzcv)} ${hex(r.seed)}`;
  if (res === 'UNDEF' || res === 'FAULT') {
    // Keep a sample of unallocated encodings per group: they check the decoder's nulls.
    const k = undefCount.get(r.name) ?? 0;
    undefCount.set(r.name, k + 1);
    if (k < 60) lines.push(`${head} ${res}`);
    continue;
  }
  const f = res.split(' ');
  const s = initialState(r.seed, r.mem);
  const diff = [];
  for (let k = 0; k < 8; k++) if (BigInt('0x' + f[k]) !== s.x[k]) diff.push(`x${k}=${f[k]}`);
  for (let k = 0; k < 8; k++) {
    const lo = BigInt('0x' + f[8 + 2 * k]);
    const hi = BigInt('0x' + f[9 + 2 * k]);
    if (lo !== s.v[k][0] || hi !== s.v[k][1]) diff.push(`v${k}=${hex(lo)},${hex(hi)}`);
  }
  const nz = parseInt(f[24], 16);
  if (nz !== r.nzcv) diff.push(`nzcv=${hex(nz)}`);
  if (f[25] !== '0') diff.push(`fpsr=${f[25]}`);
  if (r.mem) {
    const m = f[26];
    for (let b = 0; b < 512; b++) {
      const v = parseInt(m.slice(2 * b, 2 * b + 2), 16);
      if (v !== memByte(b)) diff.push(`m${hex(0x1000 + b)}=${hex(v)}`);
    }
  }
  lines.push(`${head} ${diff.join(' ')}`.trimEnd());
}

writeFileSync(
  new URL('../simd-vectors.generated.ts', import.meta.url),
  `/**
 * GENERATED by spec/arches/aarch64/fpsimd/oracle/insn-gen.mjs: do not edit.
 * Each row: "group insn fpcr nzcv seed changes...". Instruction words are random fills of
 * encoding patterns; registers start as helpers/vector-state.ts derives them from the seed
 * (memory: 512 bytes at 0x1000). The changes (registers, NZCV, FPSR, memory bytes) or UNDEF
 * were obtained by executing the instruction once under qemu-aarch64 (Debian qemu-user,
 * user mode, -cpu cortex-a57) with oracle/insn-oracle.c.
 * @module
 */
export const SIMD_VECTORS: readonly string[] = [
${lines.map((l) => `  '${l}',`).join('\n')}
];
`,
);
console.log(`${lines.length} vectors, ${lines.filter((l) => l.endsWith('UNDEF')).length} UNDEF`);
