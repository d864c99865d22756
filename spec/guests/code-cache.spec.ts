import { expect } from 'chai';
import { join } from 'node:path';
import { cachedFactories } from '../../arches/aarch64/translate/region.js';
import { OutputRouter } from '../../src/output/output-router.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { packageRoot } from '../../src/util/package-root.js';
import { boardWithCpuOptions } from './board-variant.js';
import { expectedOutput } from './guest-runner.js';

interface CacheUser {
  run(budget: number): number;
  readonly translatedInstructions?: number;
  readonly codeCacheUse?: { instructions: number; regionPages: number; decodedPages: number };
}

/**
 * The translation caches are bounded: the codegen guests write 8192 distinct functions; with a
 * cache of 1024 instructions the cores empty it again and again and still print what QEMU does.
 */
describe('translation cache bound', function () {
  this.timeout(240_000);
  const LIMIT = 1024;
  for (const [dir, board, arch, extra] of [
    ['aarch64', 'virt-aarch64', 'aarch64', {}],
    ['sparc', 'leon3', 'sparc', { hotThreshold: 1 }],
  ] as const) {
    it(`${arch}: never keeps more than codeCacheLimit instructions translated, and the output stays right`, async () => {
      const file = boardWithCpuOptions(board, arch, { codeCacheLimit: LIMIT, ...extra }, 'small-cache');
      const elf = join(packageRoot(), 'guests', dir, 'build', 'codegen.elf');
      const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board: file, images: [{ file: elf }] });
      if (built._tag === 'Left') throw new Error(built.left.message);
      const machine = built.right;
      const cpu = machine.cpus[0] as unknown as CacheUser;
      let most = 0;
      const run = cpu.run.bind(cpu);
      cpu.run = (budget: number): number => {
        const used = run(budget);
        const use = cpu.translatedInstructions ?? cpu.codeCacheUse!.instructions;
        most = Math.max(most, use);
        return used;
      };
      const chunks: Buffer[] = [];
      const router = new OutputRouter(machine, new Map(), (c) => chunks.push(c));
      machine.run(60e12, () => router.flush());
      router.close();
      expect(Buffer.concat(chunks).toString('latin1')).to.equal(expectedOutput({ dir: join(packageRoot(), 'guests', dir) }, { name: 'codegen' }));
      expect(most).to.be.at.most(LIMIT);
      expect(most).to.be.above(LIMIT / 4); // the cache was used, and emptied when full
      if (cpu.codeCacheUse) expect(cpu.codeCacheUse.decodedPages).to.be.at.most(LIMIT >>> 8);
    });
  }

  it('keeps at most FACTORY_SOURCE_LIMIT (8 MiB) characters of compiled aarch64 region source', () => {
    expect(cachedFactories().chars).to.be.at.most(8 << 20);
  });
});
