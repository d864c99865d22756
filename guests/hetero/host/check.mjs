#!/usr/bin/env node
// Host cross-check of the expected outputs: recomputes, in JavaScript and independently of
// the guest C code, every number the pairs print that does not depend on timing, and checks
// that expected/*.out contains exactly those lines. For the race it checks the arithmetic
// (final + lost = 2N) and that the three quanta give three different results; for the quantum
// pair, that no CPU saw the other more than one quantum ahead in virtual time.
//   node host/check.mjs          (exit status 1 on any mismatch)
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (name) => readFileSync(join(here, 'expected', name), 'latin1').split('\n');
const hex = (v, digits = 8) => (v >>> 0).toString(16).padStart(digits, '0');
const u32 = (v) => v >>> 0;
const bswap32 = (v) => u32(((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24));
const bswap16 = (v) => ((v & 0xff) << 8) | (v >>> 8);

let failures = 0;
function expectLines(file, lines) {
  const have = read(file);
  for (const line of lines) {
    if (!have.includes(line)) {
      failures++;
      console.log(`${file}: missing ${JSON.stringify(line)}`);
    }
  }
  console.log(`${file}: ${lines.length} computed lines checked`);
}

// ---- pingpong: LCG messages, reply x*3+1, FNV-1a over 32-bit words ----
{
  const N = 300, BATCH = 50;
  let x = 2024, sum = 2166136261;
  const lines = [];
  for (let n = 1; n <= N; n++) {
    const reply = u32(Math.imul(x, 3) + 1);
    sum = u32(Math.imul(sum ^ reply, 16777619));
    x = u32(Math.imul(x, 1664525) + 1013904223);
    if (n % BATCH === 0) {
      lines.push(`[uart1] sparc: batch ${n / BATCH}: ${n} messages, checksum ${hex(sum)}`);
      lines.push(`[uart0] a64: batch ${n / BATCH}: ${n} replies, checksum ${hex(sum)}`);
    }
  }
  lines.push(`[uart1] sparc: pingpong done: ${N} messages, checksum ${hex(sum)}, errors 0: OK`);
  lines.push(`[uart0] a64: sparc checksum ${hex(sum)}: match`);
  lines.push(`[uart0] a64: pingpong done: ${N} sent, ${N} replies, checksum ${hex(sum)}, errors 0: OK`);
  expectLines('pingpong.out', lines);
}

// ---- endian: what a big-endian reader sees of little-endian data, and back ----
{
  const w = [0x00000001, 0x12345678, 0xdeadbeef, 0x80000000, 0x000000ff, 0x01020304, 0xfffffffe, 0x7f00ff80];
  const h = [0x0001, 0x1234, 0xbeef, 0x8000, 0x00ff, 0xfffe];
  const text = 'Chimera: little-endian aarch64 -> big-endian SPARC';
  const lines = [
    `[uart1] sparc: magic raw ${hex(bswap32(0x454e4449))} -> 454e4449 ok; n32 ${w.length}, n16 ${h.length}, length ${text.length}`,
    `[uart0] a64: reply magic raw ${hex(bswap32(0x53504152))} -> 53504152 ok`,
  ];
  w.forEach((v, i) => {
    lines.push(`[uart1] sparc: u32[${i}] raw ${hex(bswap32(v))} -> ${hex(v)} (first byte ${hex(v & 0xff, 2)}) ok`);
    const a = u32(v + 1);
    lines.push(`[uart0] a64: u32[${i}] raw ${hex(bswap32(a))} -> ${hex(a)} (want ${hex(a)}, first byte ${hex(a >>> 24, 2)}) ok`);
  });
  h.forEach((v, i) => {
    lines.push(`[uart1] sparc: u16[${i}] raw ${hex(bswap16(v), 4)} -> ${hex(v, 4)} ok`);
    const a = (v + 1) & 0xffff;
    lines.push(`[uart0] a64: u16[${i}] raw ${hex(bswap16(a), 4)} -> ${hex(a, 4)} (want ${hex(a, 4)}) ok`);
  });
  lines.push(`[uart0] a64: string "${text.toUpperCase()}" ok`);
  lines.push('[uart0] a64: endian done: errors 0: OK');
  expectLines('endian.out', lines);
}

// ---- race: arithmetic of each result, and the quantum changes the result ----
{
  const N = 20000;
  const finals = [];
  for (const file of ['race.out', 'race-q1us.out', 'race-q100ns.out']) {
    const text = read(file).join('\n');
    const m = /final counter (\d+), lost updates (\d+)/.exec(text);
    const ok = m && Number(m[1]) + Number(m[2]) === 2 * N && Number(m[1]) <= 2 * N &&
      text.includes(`both done: ${N} + ${N} increments`) && text.includes('race done: OK');
    if (!ok) {
      failures++;
      console.log(`${file}: bad race result`);
    } else {
      finals.push(Number(m[1]));
      console.log(`${file}: final ${m[1]} + lost ${m[2]} = ${2 * N}`);
    }
  }
  if (new Set(finals).size !== finals.length) {
    failures++;
    console.log(`race: quanta 10us / 1us / 100ns should give different results: ${finals.join(', ')}`);
  }
}

// ---- quantum: no CPU sees another more than one quantum ahead, and the SPARC gets close ----
{
  // Resolution of the timestamps: a CNTVCT tick (16 ns) plus the few instructions between the
  // aarch64's tick edge and its GO (a few ns).
  const TOLERANCE_NS = 16 + 8;
  for (const [file, q] of [['quantum-q100ns.out', 100], ['quantum-q1us.out', 1000], ['quantum-q10us.out', 10000]]) {
    const text = read(file).join('\n');
    const s = /sparc: (\d+) observations, the aarch64 seen ahead (\d+) times, by at most (-?\d+) ns/.exec(text);
    const a = /a64: (\d+) observations, the SPARC seen ahead (\d+) times, by at most (-?\d+) ns/.exec(text);
    if (!s || !a) {
      failures++;
      console.log(`${file}: no observation lines`);
      continue;
    }
    const sLead = Number(s[3]);
    const aLead = Number(a[3]);
    const within = sLead <= q + TOLERANCE_NS && aLead <= q + TOLERANCE_NS;
    // The bound is reached: the SPARC, second in each slice, sees the aarch64 most of a quantum ahead.
    const reached = sLead >= q / 2;
    if (!within || !reached) failures++;
    console.log(`${file}: quantum ${q} ns: SPARC sees the aarch64 at most ${sLead} ns ahead, the aarch64 the SPARC ${aLead} ns: ${within && reached ? 'within the quantum' : 'VIOLATION'}`);
  }
}

console.log(failures ? `${failures} problem(s)` : 'all computed values match');
process.exit(failures ? 1 : 0);
