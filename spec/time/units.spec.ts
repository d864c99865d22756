import { expect } from 'chai';
import { parseDuration, parseFrequency, periodPs } from '../../src/time/units.js';

describe('time units', () => {
  it('parses durations into exact picoseconds', () => {
    expect(parseDuration('10us')).to.deep.equal({ _tag: 'Right', right: 10_000_000 });
    expect(parseDuration('1.5ms')).to.deep.equal({ _tag: 'Right', right: 1_500_000_000 });
    expect(parseDuration('2s')).to.deep.equal({ _tag: 'Right', right: 2_000_000_000_000 });
    expect(parseDuration('250ns')).to.deep.equal({ _tag: 'Right', right: 250_000 });
  });

  it('refuses malformed and too-long durations with a message', () => {
    const bad = parseDuration('ten seconds');
    expect(bad._tag).to.equal('Left');
    expect((bad as { left: string }).left).to.match(/not a duration/);
    expect(parseDuration('5000min')._tag).to.equal('Left');
  });

  it('parses frequencies and derives integer periods', () => {
    expect(parseFrequency('40MHz')).to.deep.equal({ _tag: 'Right', right: 40e6 });
    expect(parseFrequency('1GHz')).to.deep.equal({ _tag: 'Right', right: 1e9 });
    expect(parseFrequency('fast')._tag).to.equal('Left');
    expect(periodPs(40e6)).to.equal(25_000);
    expect(periodPs(62.5e6)).to.equal(16_000);
    expect(periodPs(1e9)).to.equal(1000);
  });
});
