import { expect } from 'chai';
import { loadFixture, symbols } from './harness.js';

function readWords(m: ReturnType<typeof loadFixture>, addr: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(m.mem.read32(addr + 4 * k));
  return out;
}

describe('sparc register windows', () => {
  it('spills and fills through overflow/underflow traps in a deep recursion', () => {
    const m = loadFixture('windows');
    const sym = symbols('windows');
    m.run();
    expect(m.exits).to.deep.equal([{ status: 0, by: 'cpu0: ta 0 with traps disabled (LEON3 shutdown)' }]);
    expect(m.mem.read32(sym.get('results')!)).to.equal(210);
    const count = m.mem.read32(sym.get('trap_count')!);
    const log = readWords(m, sym.get('trap_log')!, count);
    const overflows = log.filter((t) => t === 5).length;
    const underflows = log.filter((t) => t === 6).length;
    expect(overflows).to.be.greaterThan(10);
    expect(underflows).to.equal(overflows);
    expect(log.every((t) => t === 5 || t === 6)).to.equal(true);
  });
});
