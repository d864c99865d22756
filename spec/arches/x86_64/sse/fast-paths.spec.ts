/**
 * The inline fast paths (arches/x86_64/sse/ops/fast.ts) must give exactly what the general
 * path gives — the general path being the one the QEMU vectors check in every MXCSR mode. Here
 * both run on the same random operands (normal, tiny, huge, denormal, zero, infinite, NaN,
 * exact and inexact cases) under the reset MXCSR, with PE clear and already set, and under
 * other MXCSR values where they must step aside; the outcome and the whole state must match.
 */
import { expect } from 'chai';
import { decodeSse } from '../../../../arches/x86_64/sse/index.js';
import { comisBody, compareBody, generalBinary, sqrtBody } from '../../../../arches/x86_64/sse/ops/fp-arith.js';
import { cvtFloatBody, toIntBody } from '../../../../arches/x86_64/sse/ops/fp-convert.js';
import type { Body } from '../../../../arches/x86_64/sse/ops/form.js';
import { ADD, DIV, MAX, MIN, MUL, SUB } from '../../../../arches/x86_64/sse/fp/lanes.js';
import { F32, F64 } from '../../../../arches/x86_64/sse/fp/round.js';
import { MockHost, Raised } from './helpers/mock-host.js';
import { decodeBytes } from './helpers/run-row.js';
import { F32_SPECIAL, F64_SPECIAL, Rng } from './helpers/vector-state.js';

function single(r: Rng): number {
  const k = r.below(8);
  if (k === 0) return F32_SPECIAL[r.below(F32_SPECIAL.length)];
  const e = k === 1 ? r.below(30) : k === 2 ? 254 - r.below(30) : 127 + r.below(40) - 20;
  let m = r.next() & 0x7fffff;
  if (r.below(3) === 0) m &= 0x7f0000; // exact results
  return ((r.below(2) << 31) | (e << 23) | m) >>> 0;
}

function double(r: Rng): [number, number] {
  const k = r.below(8);
  if (k === 0) {
    const [hi, lo] = F64_SPECIAL[r.below(F64_SPECIAL.length)];
    return [lo >>> 0, hi >>> 0];
  }
  const e = k === 1 ? r.below(60) : k === 2 ? 2046 - r.below(60) : k === 3 ? 1023 + r.below(64) : 1023 + r.below(80) - 40;
  let lo = r.next();
  if (r.below(3) === 0) lo = 0;
  return [lo >>> 0, ((r.below(2) << 31) | (e << 20) | (r.next() & 0xfffff)) >>> 0];
}

/** Fill XMM0 and XMM1 with related random values (sometimes equal or negated). */
function fill(h: MockHost, r: Rng, dbl: boolean): void {
  for (const reg of [0, 1]) {
    for (let k = 0; k < (dbl ? 2 : 4); k++) {
      if (dbl) {
        const [lo, hi] = double(r);
        h.xmm[4 * reg + 2 * k] = lo;
        h.xmm[4 * reg + 2 * k + 1] = hi;
      } else h.xmm[4 * reg + k] = single(r);
    }
  }
  if (r.below(4) === 0) for (let k = 0; k < 4; k++) h.xmm[4 + k] = r.below(2) ? h.xmm[k] : (h.xmm[k] ^ 0x80000000) >>> 0;
}

function snapshot(h: MockHost): string {
  return JSON.stringify([[...h.xmm.subarray(0, 8)], h.mxcsr, [...h.r.subarray(0, 4)], h.zf, h.pf, h.cf]);
}

function attempt(f: () => void): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof Raised) return `raised ${e.vector}`;
    throw e;
  }
}

/**
 * MXCSR values: mostly the reset one (with PE clear or set), where the fast paths apply, and
 * the others, where they must step aside: directed rounding, DAZ, FZ, unmasked exceptions.
 */
const MXCSRS = [0x1f80, 0x1f80, 0x1f80, 0x1fa0, 0x1fa0, 0x1fa0, 0x7f80, 0x3fa0, 0x1fc0, 0x9f80, 0x1f00, 0x1e80, 0x1d80, 0x0f80, 0x1780, 0x0020];

/** Compare the decoded (fast) exec with the general body on `n` random states. */
function agree(hex: string, dbl: boolean, general: Body, n = 1000): void {
  const bytes = (hex.match(/../g) ?? []).map((b) => parseInt(b, 16));
  const { insn } = decodeBytes(bytes);
  const exec = decodeSse(insn)?.exec;
  if (!exec) throw new Error(`${hex}: #UD`);
  const r = new Rng(0xfa57 + bytes.reduce((a, b) => a * 31 + b, 0));
  for (let i = 0; i < n; i++) {
    const a = new MockHost();
    fill(a, r, dbl);
    a.mxcsr = MXCSRS[r.below(MXCSRS.length)];
    const b = new MockHost();
    b.xmm.set(a.xmm);
    b.mxcsr = a.mxcsr;
    const ra = attempt(() => exec(a, 0, 0));
    const rb = attempt(() => general(b, insn.reg, b, insn.rm));
    const sa = snapshot(a);
    const sb = snapshot(b);
    if (ra !== rb || sa !== sb) expect(`${ra} ${sa}`, `${hex} case ${i}`).to.equal(`${rb} ${sb}`);
  }
}

describe('x86-64 SSE module: fast paths agree with the general path', () => {
  const OPS: [string, number][] = [['58', ADD], ['5c', SUB], ['59', MUL], ['5e', DIV]];
  for (const [code, op] of OPS) {
    it(`0F ${code}: SD, SS, PD and PS forms`, () => {
      agree(`f20f${code}c1`, true, generalBinary(op, 0xf2));
      agree(`f30f${code}c1`, false, generalBinary(op, 0xf3));
      agree(`660f${code}c1`, true, generalBinary(op, 0x66));
      agree(`0f${code}c1`, false, generalBinary(op, 0));
    });
  }
  it('SQRTSD', () => agree('f20f51c1', true, sqrtBody(0xf2)));
  it('UCOMISD, COMISD, UCOMISS, COMISS', () => {
    agree('660f2ec1', true, comisBody(true, false));
    agree('660f2fc1', true, comisBody(true, true));
    agree('0f2ec1', false, comisBody(false, false));
    agree('0f2fc1', false, comisBody(false, true));
  });
  it('CVT[T]SD2SI and CVT[T]SS2SI, r32 and r64', () => {
    agree('f20f2cc1', true, toIntBody(F64, true, false, 0));
    agree('f2480f2cc1', true, toIntBody(F64, true, true, 0));
    agree('f20f2dc1', true, toIntBody(F64, false, false, 0));
    agree('f2480f2dc1', true, toIntBody(F64, false, true, 0));
    agree('f30f2cc1', false, toIntBody(F32, true, false, 0));
    agree('f3480f2dc1', false, toIntBody(F32, false, true, 0));
  });
  it('CVTSS2SD and CVTSD2SS', () => {
    agree('f30f5ac1', false, cvtFloatBody(0xf3));
    agree('f20f5ac1', true, cvtFloatBody(0xf2));
  });
  it('MINSD, MAXSD, MINSS, MAXSS', () => {
    agree('f20f5dc1', true, generalBinary(MIN, 0xf2));
    agree('f20f5fc1', true, generalBinary(MAX, 0xf2));
    agree('f30f5dc1', false, generalBinary(MIN, 0xf3));
    agree('f30f5fc1', false, generalBinary(MAX, 0xf3));
  });
  it('CMPPS, CMPPD, CMPSS, CMPSD with every predicate', () => {
    for (let imm = 0; imm < 8; imm++) {
      agree(`0fc2c10${imm}`, false, compareBody(imm, 0), 300);
      agree(`660fc2c10${imm}`, true, compareBody(imm, 0x66), 300);
      agree(`f30fc2c10${imm}`, false, compareBody(imm, 0xf3), 300);
      agree(`f20fc2c10${imm}`, true, compareBody(imm, 0xf2), 300);
    }
  });
});
