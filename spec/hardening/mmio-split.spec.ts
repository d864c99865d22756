import { expect } from 'chai';
import { AddressSpace } from '../../src/memory/address-space.js';
import { TestMachine } from '../arches/aarch64/harness.js';

/** A device window that records every access as "W<size>@<offset>=<hex>" / "R<size>@<offset>". */
function recorder(log: string[], readValue = (o: number, s: number) => (0x11223344 + o) & (2 ** (8 * s) - 1)) {
  return {
    read: (o: number, s: number) => {
      log.push(`R${s}@${o}`);
      return readValue(o, s);
    },
    write: (o: number, s: number, v: number) => void log.push(`W${s}@${o}=${v.toString(16)}`),
  };
}

/** Run aarch64 instruction words at 0x40000000 with X0 = 0x09000000 and X1 = 0x5678_0000_1234 (set by the words). */
function runA64(words: number[], maxAccess: 1 | 2 | 4, log: string[]): TestMachine {
  const m = new TestMachine(1, {}, (space) => space.mapMmio('rec', 0x09000000, 0x1000, recorder(log), maxAccess));
  const setup = [0xd2a12000 /* movz x0, #0x900, lsl 16 */, 0xd2824681 /* movz x1, #0x1234 */, 0xf2cacf01 /* movk x1, #0x5678, lsl 32 */];
  m.loadWords(0x40000000, [...setup, ...words, 0x14000000 /* b . */]);
  m.cpus[0].setEntry(0x40000000);
  m.run(1e7);
  return m;
}

describe('hardening: MMIO accesses wider than a device\'s registers are split as a bus splits them', () => {
  it('an unaligned 64-bit store to a 32-bit device is two 32-bit writes, not eight byte writes', () => {
    const log: string[] = [];
    runA64([0xf8004001 | (4 << 12) /* stur x1, [x0, #4] */], 4, log);
    expect(log).to.deep.equal(['W4@4=1234', 'W4@8=5678']);
  });

  it('an aligned 64-bit store and load are two 32-bit accesses in address order', () => {
    const log: string[] = [];
    const m = runA64([0xf9000001 /* str x1, [x0] */, 0xf9400402 /* ldr x2, [x0, #8] */], 4, log);
    expect(log).to.deep.equal(['W4@0=1234', 'W4@4=5678', 'R4@8', 'R4@12']);
    expect([m.cpus[0].x[4] >>> 0, m.cpus[0].x[5] >>> 0]).to.deep.equal([0x1122334c, 0x11223350]);
  });

  it('an unaligned 64-bit load from a 32-bit device is two 32-bit reads', () => {
    const log: string[] = [];
    runA64([0xf8404002 | (4 << 12) /* ldur x2, [x0, #4] */], 4, log);
    expect(log).to.deep.equal(['R4@4', 'R4@8']);
  });

  it('a device with byte-wide registers (maxAccessSize 1) gets a 32-bit store as four byte writes', () => {
    const log: string[] = [];
    runA64([0xb9000001 /* str w1, [x0] */], 1, log);
    expect(log).to.deep.equal(['W1@0=34', 'W1@1=12', 'W1@2=0', 'W1@3=0']);
  });

  it('splits in the view\'s byte order: on a big-endian view the first piece holds the high half', () => {
    const log: string[] = [];
    const be = new AddressSpace('be', false, 0);
    be.mapMmio('rec', 0x1000, 0x100, recorder(log), 4);
    be.writeAccess(0x1000, 8, 0x55667788, 0x11223344);
    be.write32(0x1010, 0xaabbccdd);
    const lo = be.readAccess(0x1020, 8);
    expect(log).to.deep.equal(['W4@0=11223344', 'W4@4=55667788', 'W4@16=aabbccdd', 'R4@32', 'R4@36']);
    expect([be.accessHi, lo].map((v) => v.toString(16))).to.deep.equal(['11223364', '11223368']);
  });
});
