import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseElf } from '../../src/loader/elf-parser.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { packageRoot } from '../../src/util/package-root.js';
import { scratchDir } from './harness.js';

/**
 * ELF files cut at every offset and with bits flipped: the parser gives an image or a message
 * naming the file, never an exception, and quickly. A sample of the mutants that still parse is
 * loaded and run, to check that loading and running them cannot crash the host either.
 */
const ELVES: { file: string; board: string }[] = [
  { file: join(packageRoot(), 'guests', 'aarch64', 'build', 'sort.elf'), board: 'virt-aarch64' },
  { file: join(packageRoot(), 'guests', 'sparc', 'build', 'hello.elf'), board: 'leon3' },
];

/** Deterministic xorshift32, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

/** Parse and classify: 'image', 'message' or the exception that escaped. */
function outcome(bytes: Uint8Array, name: string): 'image' | 'message' {
  const r = parseElf(bytes, name);
  if (r._tag === 'Left') {
    if (!r.left.startsWith(`${name}: `)) throw new Error(`message does not name the file: ${r.left}`);
    return 'message';
  }
  return 'image';
}

export const elfFuzzCounts = { truncated: 0, flipped: 0, run: 0 };

describe('hardening: ELF files truncated at every offset and bit-flipped', function () {
  this.timeout(300000);

  for (const { file } of ELVES) {
    const original = new Uint8Array(readFileSync(file));
    const name = file.slice(packageRoot().length + 1);

    it(`${name} (${original.length} bytes) cut at every offset: a message, never an exception`, () => {
      const t0 = Date.now();
      let images = 0;
      for (let n = 0; n < original.length; n++) if (outcome(original.subarray(0, n), name) === 'image') images++;
      elfFuzzCounts.truncated += original.length;
      // A cut inside the loaded segments or their headers is never an image.
      expect(images).to.be.below(original.length);
      expect(Date.now() - t0, 'wall time').to.be.below(60000);
    });

    it(`${name}: every bit of the headers flipped, and 3000 random bit flips and byte smears elsewhere`, () => {
      const t0 = Date.now();
      const headers = Math.min(original.length, 64 + 56 * 4);
      let tried = 0;
      for (let bit = 0; bit < headers * 8; bit++) {
        const m = original.slice();
        m[bit >> 3] ^= 1 << (bit & 7);
        outcome(m, name);
        tried++;
      }
      const rand = prng(original.length);
      for (let k = 0; k < 3000; k++) {
        const m = original.slice();
        const flips = 1 + (rand() % 8);
        for (let f = 0; f < flips; f++) {
          const at = rand() % m.length;
          if (k % 3 === 0) m[at] = rand() & 0xff;
          else m[at] ^= 1 << (rand() & 7);
        }
        outcome(m, name);
        tried++;
      }
      elfFuzzCounts.flipped += tried;
      expect(Date.now() - t0, 'wall time').to.be.below(60000);
    });
  }

  it('a symbol table with 1-byte entries is refused, not parsed as one bogus symbol per byte', () => {
    const m = new Uint8Array(readFileSync(ELVES[1].file));
    const v = new DataView(m.buffer);
    const shoff = v.getUint32(32, false);
    const shentsize = v.getUint16(46, false);
    for (let i = 0; i < v.getUint16(48, false); i++) if (v.getUint32(shoff + i * shentsize + 4, false) === 2) v.setUint32(shoff + i * shentsize + 36, 1, false);
    const r = parseElf(m, 'x.elf');
    expect(r._tag).to.equal('Left');
    expect((r as { left: string }).left).to.contain('entries of 1 bytes');
  });

  it('a sample of mutants that still parse loads and runs for 1 ms without harming the host', async () => {
    const dir = scratchDir('elf-run');
    let ran = 0;
    for (const { file, board } of ELVES) {
      const original = new Uint8Array(readFileSync(file));
      const rand = prng(0x5eed + original.length);
      for (let k = 0; k < 12; k++) {
        const m = original.slice();
        // Flip bits in the loaded bytes and the entry point, where running makes a difference.
        for (let f = 0; f < 4; f++) m[64 + (rand() % (m.length - 64))] ^= 1 << (rand() & 7);
        if (k % 4 === 0) m[24 + (rand() % 4)] ^= 1 << (rand() & 7);
        const path = join(dir, `m${ran}-${k}.elf`);
        writeFileSync(path, m);
        const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board, images: [{ file: path }] });
        if (built._tag === 'Left') continue;
        built.right.connectConsole(() => {});
        for (const ch of built.right.serial.values()) ch.connect(() => {});
        const stop = built.right.run(1e9);
        expect(['exit', 'all-stopped', 'max-time', 'deadlock']).to.include(stop.kind);
        ran++;
      }
    }
    elfFuzzCounts.run += ran;
    expect(ran).to.be.greaterThan(10);
  });

  after(() => {
    process.stdout.write(`      ELF fuzz: ${elfFuzzCounts.truncated} truncations, ${elfFuzzCounts.flipped} bit-flipped files parsed, ${elfFuzzCounts.run} mutants run; every one handled cleanly\n`);
  });
});
