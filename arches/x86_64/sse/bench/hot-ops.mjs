// Throughput of the SSE exec functions GCC's floating-point loops spend their time in, called
// the way translated blocks call them (one exec per instruction, register numbers baked in).
// Run after `npx tsc -p tsconfig.json`:  node arches/x86_64/sse/bench/hot-ops.mjs
import { decodeSse } from '../../../../dist/arches/x86_64/sse/index.js';

/** The least of a CPU an exec function touches. */
function host() {
  const buf = new ArrayBuffer(256);
  const mem = new DataView(new ArrayBuffer(4096));
  return {
    r: new Int32Array(32),
    xmm: new Uint32Array(buf),
    xmmBytes: new Uint8Array(buf),
    xmmU16: new Uint16Array(buf),
    xmmI32: new Int32Array(buf),
    xmmF32: new Float32Array(buf),
    xmmF64: new Float64Array(buf),
    mxcsr: 0x1f80,
    x87: { fpr: new Uint16Array(40), fcw: 0x37f, fsw: 0, top: 0, ftw: 0xffff, fop: 0, fipLo: 0, fipHi: 0, fdpLo: 0, fdpHi: 0 },
    mode64: true,
    cr0: 0x21,
    cr4: 0x600,
    ripLo: 0, ripHi: 0, csSelector: 8,
    zf: 0, pf: 0, cf: 0,
    setCompareFlags(z, p, c) { this.zf = z; this.pf = p; this.cf = c; },
    conditionHolds() { return false; },
    loadHi: 0,
    load8: (lo) => mem.getUint8(lo),
    load16: (lo) => mem.getUint16(lo, true),
    load32: (lo) => mem.getUint32(lo, true),
    load64(lo) { this.loadHi = mem.getUint32(lo + 4, true); return mem.getUint32(lo, true); },
    store8: (lo, hi, v) => mem.setUint8(lo, v),
    store16: (lo, hi, v) => mem.setUint16(lo, v, true),
    store32: (lo, hi, v) => mem.setUint32(lo, v, true),
    store64: (lo, hi, a, b) => { mem.setUint32(lo, a, true); mem.setUint32(lo + 4, b, true); },
    probeWrite() {},
    raise(v) { throw new Error(`exception ${v}`); },
  };
}

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
  ['xorpd xmm0, xmm1', [0x66, 0x0f, 0x57, 0xc1]],
  ['pxor xmm0, xmm0', [0x66, 0x0f, 0xef, 0xc0]],
  ['paddd xmm0, xmm1', [0x66, 0x0f, 0xfe, 0xc1]],
];

const N = 3_000_000;
const only = process.argv[2];
for (const [name, bytes] of CASES) {
  if (only && !name.startsWith(only)) continue;
  const exec = decodeSse(insn(bytes)).exec;
  const cpu = host();
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      // Fresh operands each time, as a loop over an array would give: normal doubles near 1.
      cpu.xmmF64[0] = 1 + (i & 1023) * 0.0009765625 + 0.1;
      cpu.xmmF64[2] = 1.5 + (i & 511) * 0.001;
      cpu.xmmF32[0] = cpu.xmmF64[0];
      cpu.xmmF32[4] = cpu.xmmF64[2];
      cpu.r[0] = i;
      exec(cpu, 512, 0);
    }
    const ns = Number(process.hrtime.bigint() - t0) / N;
    best = Math.min(best, ns);
  }
  console.log(`${name.padEnd(22)} ${best.toFixed(1).padStart(6)} ns/op  ${(1000 / best).toFixed(0).padStart(5)} M/s`);
}
