/**
 * Differential test of AdvSIMD, scalar FP and structure load/store decoding and execution
 * against single-instruction results recorded under qemu-aarch64 (see oracle/insn-gen.mjs and
 * simd-vectors.generated.ts). For each row the same instruction word runs on a MockHost with
 * the registers derived from the row's seed; every register, NZCV, FPSR and memory byte must
 * end as recorded, and UNDEF rows must decode as unallocated.
 */
import { expect } from 'chai';
import { decodeFpSimd } from '../../../../arches/aarch64/fpsimd/index.js';
import { SIMD_VECTORS } from './simd-vectors.generated.js';
import { MockHost } from './helpers/mock-host.js';
import { initialState, memByte } from './helpers/vector-state.js';

interface Row {
  group: string;
  insn: number;
  fpcr: number;
  nzcv: number;
  seed: number;
  changes: string[];
}

function parse(line: string): Row {
  const [group, insn, fpcr, nzcv, seed, ...changes] = line.split(' ');
  return { group, insn: parseInt(insn, 16), fpcr: parseInt(fpcr, 16), nzcv: parseInt(nzcv, 16), seed: parseInt(seed, 16), changes };
}

/** Run one row; returns a failure message or null. */
function check(row: Row): string | null {
  const mem = row.group.startsWith('ldst');
  const s = initialState(row.seed, mem);
  const h = new MockHost();
  for (let i = 0; i < 8; i++) {
    h.putX(i, s.x[i]);
    h.putV(i, (s.v[i][1] << 64n) | s.v[i][0]);
  }
  for (let i = 0; i < 512; i++) h.mem[0x1000 + i] = memByte(i);
  h.fpcr = row.fpcr;
  h.nf = (row.nzcv >> 3) & 1;
  h.zf = (row.nzcv >> 2) & 1;
  h.cf = (row.nzcv >> 1) & 1;
  h.vf = row.nzcv & 1;
  const fn = decodeFpSimd(row.insn);
  const undef = row.changes[0] === 'UNDEF';
  if (fn === null) return undef ? null : 'decoded as unallocated';
  if (undef) return 'qemu says UNDEF, decoded as allocated';
  fn(h, row.insn);
  // Expected final state: initial state plus the recorded changes.
  const wantX = s.x.slice();
  const wantV = s.v.map(([lo, hi]) => [lo, hi]);
  let wantNzcv = row.nzcv;
  let wantFpsr = 0;
  const wantMem = new Map<number, number>();
  for (const c of row.changes) {
    const [k, val] = c.split('=');
    if (k[0] === 'x') wantX[Number(k.slice(1))] = BigInt('0x' + val);
    else if (k[0] === 'v') {
      const [lo, hi] = val.split(',');
      wantV[Number(k.slice(1))] = [BigInt('0x' + lo), BigInt('0x' + hi)];
    } else if (k === 'nzcv') wantNzcv = parseInt(val, 16);
    else if (k === 'fpsr') wantFpsr = parseInt(val, 16);
    else if (k[0] === 'm') wantMem.set(parseInt(k.slice(1), 16), parseInt(val, 16));
  }
  const errs: string[] = [];
  for (let i = 0; i < 8; i++) if (h.getX(i) !== wantX[i]) errs.push(`x${i}=${h.getX(i).toString(16)} want ${wantX[i].toString(16)}`);
  for (let i = 0; i < 8; i++) {
    const got = h.getV(i);
    const want = (wantV[i][1] << 64n) | wantV[i][0];
    if (got !== want) errs.push(`v${i}=${got.toString(16)} want ${want.toString(16)}`);
  }
  const nz = (h.nf << 3) | (h.zf << 2) | (h.cf << 1) | h.vf;
  if (nz !== wantNzcv) errs.push(`nzcv=${nz} want ${wantNzcv}`);
  if (h.fpsr !== wantFpsr) errs.push(`fpsr=${h.fpsr.toString(16)} want ${wantFpsr.toString(16)}`);
  if (mem) {
    for (let i = 0; i < 512; i++) {
      const a = 0x1000 + i;
      const want = wantMem.get(a) ?? memByte(i);
      if (h.mem[a] !== want) {
        errs.push(`mem ${a.toString(16)}=${h.mem[a].toString(16)} want ${want.toString(16)}`);
        break;
      }
    }
  }
  return errs.length ? errs.join('; ') : null;
}

describe('aarch64 AdvSIMD/FP instructions vs qemu-aarch64 recorded single-instruction runs', () => {
  const groups = new Map<string, Row[]>();
  for (const line of SIMD_VECTORS) {
    const r = parse(line);
    if (!groups.has(r.group)) groups.set(r.group, []);
    groups.get(r.group)!.push(r);
  }
  for (const [group, rows] of groups) {
    it(`${group} (${rows.length} instructions)`, () => {
      const failures: string[] = [];
      for (const r of rows) {
        let msg: string | null;
        try {
          msg = check(r);
        } catch (e) {
          msg = `threw ${(e as Error).message}`;
        }
        if (msg !== null) failures.push(`${r.insn.toString(16).padStart(8, '0')} fpcr=${r.fpcr.toString(16)} seed=${r.seed.toString(16)}: ${msg}`);
      }
      expect(failures.slice(0, 10), `${failures.length} failures`).to.deep.equal([]);
    });
  }
});
