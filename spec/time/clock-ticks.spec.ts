import { expect } from 'chai';
import { ticksAt, timeOfTick } from '../../src/time/clock-ticks.js';

const PIT = 1193182;

describe('clock ticks', () => {
  it('counts whole edges of a clock whose period is not a whole number of picoseconds', () => {
    // 1193182 Hz: one tick is 838095.1... ps.
    expect(ticksAt(0, PIT)).to.equal(0);
    expect(ticksAt(838095, PIT)).to.equal(0);
    expect(ticksAt(838096, PIT)).to.equal(1);
    expect(ticksAt(1e12, PIT)).to.equal(PIT);
    expect(ticksAt(1e12 - 1, PIT)).to.equal(PIT - 1);
  });

  it('places edge k at the first picosecond where k edges have passed', () => {
    for (const k of [1, 2, 3, 1000, 65536, 1193182, 123456789]) {
      const t = timeOfTick(k, PIT);
      expect(ticksAt(t, PIT), `edge ${k}`).to.equal(k);
      expect(ticksAt(t - 1, PIT), `before edge ${k}`).to.equal(k - 1);
    }
  });

  it('stays exact where products pass 2^53 (hours of virtual time)', () => {
    const ps = Number.MAX_SAFE_INTEGER - 12345; // about 2.5 hours
    const expected = Number((BigInt(ps) * BigInt(PIT)) / 1_000_000_000_000n);
    expect(ticksAt(ps, PIT)).to.equal(expected);
    const k = expected;
    const t = timeOfTick(k, PIT);
    expect(ticksAt(t, PIT)).to.equal(k);
    expect(ticksAt(t - 1, PIT)).to.equal(k - 1);
  });

  it('is the identity for a clock with a whole-picosecond period', () => {
    expect(ticksAt(5000, 1e9)).to.equal(5);
    expect(timeOfTick(5, 1e9)).to.equal(5000);
  });
});
