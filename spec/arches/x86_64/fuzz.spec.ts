import { expect } from 'chai';
import { Seg } from '../../../arches/x86_64/decode/insn.js';
import { CODE, longMode, protectedMode, realMode, X86TestMachine } from './harness.js';

/** A small deterministic PRNG (xorshift32). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

const IDT = 0x3000;
const HANDLER = 0x5000;

/** Every vector's gate points at a HLT, so whatever the random bytes raise ends the run there. */
function catchAll(m: X86TestMachine, mode: 'real' | 'pm' | 'long'): void {
  const cpu = m.cpus[0];
  m.load(HANDLER, 'f4');
  for (let v = 0; v < 256; v++) {
    if (mode === 'real') m.load(v * 4, Uint8Array.of(HANDLER & 0xff, HANDLER >>> 8, 0, 0));
    else if (mode === 'pm') m.write64(IDT + v * 8, 0x00008e0000080000n | BigInt(HANDLER));
    else {
      m.write64(IDT + v * 16, 0x00008e0000180000n | BigInt(HANDLER));
      m.write64(IDT + v * 16 + 8, 0n);
    }
  }
  if (mode !== 'real') {
    cpu.idtBaseLo = IDT;
    cpu.idtLimit = mode === 'pm' ? 0x7ff : 0xfff;
  }
}

describe('x86-64 core on random bytes', function () {
  this.timeout(120_000);

  for (const mode of ['long', 'pm', 'pm16', 'real'] as const) {
    it(`${mode}: any byte sequence ends in a guest exception or runs on, never in a host error`, () => {
      const next = rng(mode.length * 7919);
      let faults = 0;
      const m = new X86TestMachine();
      const cpu = m.cpus[0];
      for (let trial = 0; trial < 120; trial++) {
        m.exitStatus = undefined;
        const bytes = new Uint8Array(48);
        for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
        if (mode === 'real') {
          realMode(cpu, CODE & 0xffff);
          cpu.setSegmentCache(Seg.CS, CODE >>> 4, CODE & 0xf0000, 0xffff, 0x9b00);
          cpu.setRip(0, 0);
          cpu.updateMode();
          m.load(CODE & 0xf0000, bytes);
        } else {
          if (mode === 'long') longMode(m, cpu, CODE);
          else protectedMode(m, cpu, CODE);
          if (mode === 'pm16') {
            cpu.setSegmentCache(Seg.CS, 0x20, 0, 0xffff, 0x9b00);
            cpu.updateMode();
          }
          m.load(CODE, bytes);
        }
        catchAll(m, mode === 'pm16' ? 'pm' : mode === 'long' ? 'long' : mode === 'pm' ? 'pm' : 'real');
        // Registers point somewhere harmless-ish; memory accesses may still go anywhere.
        for (let k = 0; k < 16; k++) if (k !== 4) cpu.r[2 * k] = (next() & 0xfffff) | 0;
        expect(() => m.run(5_000)).not.to.throw();
        if (cpu.ip === HANDLER + 1 || cpu.ip === ((HANDLER + 1) & 0xffff)) faults++;
      }
      // Random bytes fault often; the point is that every fault was architectural.
      expect(faults).to.be.greaterThan(0);
    });
  }
});
