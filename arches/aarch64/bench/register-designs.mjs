// Micro-benchmark behind PERFORMANCE-NOTES.md: int32 pairs vs BigInt64Array for 64-bit guest
// registers, each operation in its own (non-inlined) function as in an interpreter.
// Run: node arches/aarch64/bench/register-designs.mjs
// Same work, but each op is a separate non-inlined handler (interpreter-like dispatch),
// so values cross function boundaries: does BigInt still avoid allocation?
const N = 5_000_000;
function mk(kind) {
  if (kind === 'pairs') {
    const x = new Int32Array(68); x[2] = 7; x[6] = N;
    const st = { nf: 0, zf: 0, cf: 0, vf: 0 };
    const ops = [
      () => { const lo = (x[4] >>> 0) + (x[2] >>> 0); x[5] = x[5] + x[3] + (lo > 0xffffffff ? 1 : 0); x[4] = lo; },
      () => { const al = x[6], ah = x[7]; const lo = (al >>> 0) + 0xffffffff; const hi = (ah >>> 0) + 0xffffffff + (lo > 0xffffffff ? 1 : 0);
              const rl = lo | 0, rh = hi | 0; st.nf = rh >>> 31; st.zf = (rl | rh) === 0 ? 1 : 0; st.cf = hi > 0xffffffff ? 1 : 0; st.vf = (ah & ~rh) >>> 31; x[6] = rl; x[7] = rh; },
      () => { x[8] ^= x[4]; x[9] ^= x[5]; },
      () => { const l2 = x[4], h2 = x[5]; x[11] = (h2 << 3) | (l2 >>> 29); x[10] = l2 << 3; },
      () => { const a = (x[4] >>> 0) + (x[5] >>> 0) * 4294967296; st.addr = a; }, // address formation
    ];
    return [ops, () => x[4]];
  }
  const x = new BigInt64Array(34); x[1] = 7n; x[3] = BigInt(N);
  const st = { nf: 0, zf: 0, cf: 0, vf: 0 };
  const ops = [
    () => { x[2] = x[2] + x[1]; },
    () => { const a = x[3]; const r = BigInt.asIntN(64, a - 1n); st.nf = r < 0n ? 1 : 0; st.zf = r === 0n ? 1 : 0; st.cf = BigInt.asUintN(64, a) >= 1n ? 1 : 0; st.vf = a < 0n && r >= 0n ? 1 : 0; x[3] = r; },
    () => { x[4] ^= x[2]; },
    () => { x[5] = x[2] << 3n; },
    () => { st.addr = Number(BigInt.asUintN(64, x[2])); },
  ];
  return [ops, () => x[2]];
}
for (const kind of ['pairs', 'bigint', 'pairs', 'bigint']) {
  const [ops, res] = mk(kind);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) for (let k = 0; k < 5; k++) ops[k]();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${kind}: ${(N * 5 / ms / 1e3).toFixed(0)} M ops/s (${ms.toFixed(0)} ms) res=${res()}`);
}
