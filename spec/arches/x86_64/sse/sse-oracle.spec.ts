/**
 * Differential test of every SSE/SSE2/SSE3/MMX instruction form of the SSE module against
 * single-instruction results recorded under QEMU 7.2 and on the host CPU (see
 * oracle/insn-gen.mjs and sse-vectors.generated.ts). For each row the same instruction bytes
 * are decoded as the core would, run on a MockHost holding the state derived from the row's
 * seed, and every register, the x87 TOP and tags, RFLAGS, MXCSR and the memory buffer must end
 * as recorded; #UD, #GP and #XM rows must raise exactly that.
 */
import { expect } from 'chai';
import { SSE_VECTORS } from './sse-vectors.generated.js';
import { checkRow, parseRow, type Row } from './helpers/run-row.js';

describe('x86-64 SSE module: QEMU/hardware vectors', () => {
  const byForm = new Map<string, Row[]>();
  for (const line of SSE_VECTORS) {
    const row = parseRow(line);
    const list = byForm.get(row.form) ?? [];
    list.push(row);
    byForm.set(row.form, list);
  }
  for (const [form, rows] of byForm) {
    it(`${form} (${rows.length} rows)`, () => {
      const failures: string[] = [];
      for (const row of rows) {
        const errs = checkRow(row);
        if (errs.length > 0) failures.push(`${row.bytes.map((b) => b.toString(16).padStart(2, '0')).join('')} seed ${row.seed.toString(16)} mxcsr ${row.mxcsr.toString(16)}: ${errs.join('; ')}`);
      }
      expect(failures.slice(0, 8), `${failures.length} of ${rows.length} rows differ`).to.deep.equal([]);
    });
  }
});
