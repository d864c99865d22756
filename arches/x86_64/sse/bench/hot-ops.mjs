// Throughput of the SSE exec functions GCC's floating-point loops spend their time in, called
// the way translated blocks call them (one exec per instruction, register numbers baked in).
// Run after `npx tsc -p tsconfig.json`:  node arches/x86_64/sse/bench/hot-ops.mjs [prefix] [--mxcsr=7f80]
// (a non-reset MXCSR, e.g. round toward zero, measures the general path instead of the fast one)
import { decodeSse } from '../../../../dist/arches/x86_64/sse/index.js';
import { MockHost } from '../../../../dist/spec/arches/x86_64/sse/helpers/mock-host.js';

function insn(bytes) {
  let i = 0, prefix = 0, rex = 0;
  while (bytes[i] === 0x66 || bytes[i] === 0xf2 || bytes[i] === 0xf3) { if (bytes[i] !== 0x66 || prefix === 0) prefix = bytes[i]; i++; }
  if ((bytes[i] & 0xf0) === 0x40) rex = bytes[i++];
  i++; // 0F
  const opcode = bytes[i++], modrm = bytes[i++];
  const mod = modrm >> 6;
  if (mod === 1) i++;
  return { prefix, map: 1, opcode, modrm, reg: ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0), rm: (modrm & 7) | (rex & 1 ? 8 : 0), isMem: mod !== 3, rexW: (rex & 8) !== 0, rex: rex !== 0, opsize16: false, imm8: bytes[i] ?? 0 };
}

const CASES = [
  ['addsd xmm0, xmm1', [0xf2, 0x0f, 0x58, 0xc1]],
  ['mulsd xmm0, xmm1', [0xf2, 0x0f, 0x59, 0xc1]],
  ['divsd xmm0, xmm1', [0xf2, 0x0f, 0x5e, 0xc1]],
  ['subsd xmm0, xmm1', [0xf2, 0x0f, 0x5c, 0xc1]],
  ['sqrtsd xmm0, xmm1', [0xf2, 0x0f, 0x51, 0xc1]],
  ['addss xmm0, xmm1', [0xf3, 0x0f, 0x58, 0xc1]],
  ['mulss xmm0, xmm1', [0xf3, 0x0f, 0x59, 0xc1]],
  ['addpd xmm0, xmm1', [0x66, 0x0f, 0x58, 0xc1]],
  ['mulps xmm0, xmm1', [0x0f, 0x59, 0xc1]],
  ['movsd xmm0, xmm1', [0xf2, 0x0f, 0x10, 0xc1]],
  ['movsd xmm0, [m]', [0xf2, 0x0f, 0x10, 0x03]],
  ['movsd [m], xmm0', [0xf2, 0x0f, 0x11, 0x03]],
  ['movapd xmm0, xmm1', [0x66, 0x0f, 0x28, 0xc1]],
  ['movapd xmm0, [m]', [0x66, 0x0f, 0x28, 0x03]],
  ['ucomisd xmm0, xmm1', [0x66, 0x0f, 0x2e, 0xc1]],
  ['cvtsi2sd xmm0, eax', [0xf2, 0x0f, 0x2a, 0xc0]],
  ['cvttsd2si eax, xmm1', [0xf2, 0x0f, 0x2c, 0xc1]],
  ['cvtss2sd xmm0, xmm1', [0xf3, 0x0f, 0x5a, 0xc1]],
  ['cvtsd2ss xmm0, xmm1', [0xf2, 0x0f, 0x5a, 0xc1]],
  ['maxsd xmm0, xmm1', [0xf2, 0x0f, 0x5f, 0xc1]],
  ['cmpltsd xmm0, xmm1', [0xf2, 0x0f, 0xc2, 0xc1, 0x01]],
  ['cvtsi2ss xmm0, eax', [0xf3, 0x0f, 0x2a, 0xc0]],
  ['cvttss2si eax, xmm1', [0xf3, 0x0f, 0x2c, 0xc1]],
  ['xorpd xmm0, xmm1', [0x66, 0x0f, 0x57, 0xc1]],
  ['pxor xmm0, xmm0', [0x66, 0x0f, 0xef, 0xc0]],
  ['paddd xmm0, xmm1', [0x66, 0x0f, 0xfe, 0xc1]],
];

const N = 3_000_000;
const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
const mxArg = process.argv.find((a) => a.startsWith('--mxcsr='));
const mxcsr = mxArg ? parseInt(mxArg.slice(8), 16) : 0x1f80;
for (const [name, bytes] of CASES) {
  if (only && !name.startsWith(only)) continue;
  const exec = decodeSse(insn(bytes)).exec;
  const cpu = new MockHost();
  cpu.mxcsr = mxcsr;
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    // CPU time of this process, not wall time: the build machine is shared.
    const t0 = process.cpuUsage();
    for (let i = 0; i < N; i++) {
      // Fresh operands each time, as a loop over an array would give: normal doubles near 1.
      cpu.xmmF64[0] = 1 + (i & 1023) * 0.0009765625 + 0.1;
      cpu.xmmF64[2] = 1.5 + (i & 511) * 0.001;
      cpu.xmmF32[0] = cpu.xmmF64[0];
      cpu.xmmF32[4] = cpu.xmmF64[2];
      cpu.r[0] = i;
      exec(cpu, 512, 0);
    }
    const t = process.cpuUsage(t0);
    const ns = ((t.user + t.system) * 1000) / N;
    best = Math.min(best, ns);
  }
  console.log(`${name.padEnd(22)} ${best.toFixed(1).padStart(6)} ns/op  ${(1000 / best).toFixed(0).padStart(5)} M/s`);
}
