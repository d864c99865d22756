/**
 * Dense scalar vectors for the SSE module's own arithmetic (oracle/ieee-gen.mjs): each
 * operation in every rounding direction with and without DAZ and FZ, with random operands around
 * zeros, denormals, infinities, NaN payloads, overflow and conversion limits. Result bits and
 * MXCSR must equal QEMU 7.2's (with the host's DE flag).
 */
import { expect } from 'chai';
import { decodeSse } from '../../../../arches/x86_64/sse/index.js';
import { SSE_IEEE_VECTORS } from './ieee-vectors.generated.js';
import { decodeBytes, hostFor } from './helpers/run-row.js';
import { applyOverrides, initialState } from './helpers/vector-state.js';
import { IEEE_OPS, IEEE_SEED, type IeeeOp } from './helpers/ieee-ops.js';

const OPS = new Map<string, IeeeOp>(IEEE_OPS.map((o) => [o.name, o]));

function split(v: string): [number, number] {
  const n = BigInt('0x' + v);
  return [Number(n & 0xffffffffn), Number(n >> 32n)];
}

/** Run one row; the difference from the recorded result, or null. */
function check(line: string): string | null {
  const [name, mx, a, b, res, mxAfter] = line.split(' ');
  const op = OPS.get(name);
  if (op === undefined) return `unknown op ${name}`;
  const [alo, ahi] = split(a);
  const [blo, bhi] = split(b);
  const s = initialState(IEEE_SEED);
  applyOverrides(s, [`x0=${alo.toString(16)},${ahi.toString(16)},0,0`, `x1=${blo.toString(16)},${bhi.toString(16)},0,0`, `g1=${bhi.toString(16)}:${blo.toString(16)}`]);
  const h = hostFor(s, parseInt(mx, 16));
  const { insn } = decodeBytes(op.bytes);
  const d = decodeSse(insn);
  if (d === null) return 'decoded as #UD';
  d.exec(h, 0, 0);
  let got: string;
  const big = (lo: number, hi: number): string => ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16);
  switch (op.out) {
    case 'x32':
      got = h.xmm[0].toString(16);
      break;
    case 'x64':
      got = big(h.xmm[0], h.xmm[1]);
      break;
    case 'g':
      got = big(h.r[0], h.r[1]);
      break;
    default:
      got = ((s.rflags & 0x8d5 & ~0x8d5) | (h.zf << 6) | (h.pf << 2) | h.cf).toString(16);
  }
  const gotMx = h.mxcsr.toString(16);
  if (got === res && gotMx === mxAfter) return null;
  return `${line}: got ${got} mxcsr ${gotMx}`;
}

describe('x86-64 SSE module: scalar IEEE vectors (QEMU 7.2)', () => {
  const byOp = new Map<string, string[]>();
  for (const line of SSE_IEEE_VECTORS) {
    const name = line.slice(0, line.indexOf(' '));
    const list = byOp.get(name) ?? [];
    list.push(line);
    byOp.set(name, list);
  }
  for (const [name, lines] of byOp) {
    it(`${name} (${lines.length} rows)`, () => {
      const failures = lines.map(check).filter((e): e is string => e !== null);
      expect(failures.slice(0, 10), `${failures.length} of ${lines.length} rows differ`).to.deep.equal([]);
    });
  }
});
