import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import { BIN, chimera, scratchDir, type CliRun } from './harness.js';

/**
 * Guests written to break the host (spec/fixtures/hostile, built with its Makefile): each must end
 * the way the architecture says, within a bound on wall time, with the host alive. Wall bounds
 * are generous (a shared, loaded machine), but far below what these guests took before.
 */
const HOSTILE = join(packageRoot(), 'spec', 'fixtures', 'hostile');
const guest = (name: string) => join(HOSTILE, `${name}.elf`);

interface Result {
  reason: string;
  exitCode: number;
  virtualTimePs: number;
  cpus: { instructions: number; cycles: number }[];
}

function runHostile(name: string, args: string[], opts: { timeoutMs: number; heapMiB?: number }): { run: CliRun; result: Result } {
  const file = join(scratchDir(name), 'result.json');
  const run = chimera(['run', 'virt-aarch64', '--kernel', guest(name), '--result', file, ...args], { bare: true, ...opts });
  expect(run.signal, `${name} was killed after ${run.ms} ms (wall bound ${opts.timeoutMs} ms); stderr: ${run.stderr.slice(0, 2000)}`).to.equal(null);
  expect(run.stderr, name).not.to.match(/Fatal|internal error|out of memory/i);
  return { run, result: JSON.parse(readFileSync(file, 'utf8')) as Result };
}

describe('hardening: hostile guests', function () {
  this.timeout(240000);

  describe('semihosting', () => {
    it('gives the architectural error results for huge lengths, bad pointers and bad handles, as QEMU 7.2 -semihosting', () => {
      const { run } = runHostile('semihosting-limits', ['--set', 'semihosting=true', '--max-time', '2s'], { timeoutMs: 60000 });
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(readFileSync(join(HOSTILE, 'semihosting-limits.on.expected'), 'latin1'));
    });

    it('is off unless turned on: HLT #0xF000 is UNDEFINED, as QEMU without -semihosting', () => {
      const { run } = runHostile('semihosting-limits', ['--max-time', '2s'], { timeoutMs: 60000 });
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(readFileSync(join(HOSTILE, 'semihosting-limits.off.expected'), 'latin1'));
    });

    it('streams a 48 MiB console write in a 64 MiB heap, and charges it virtual time', () => {
      const dir = scratchDir('flood');
      const result = join(dir, 'r.json');
      const t0 = Date.now();
      // stdout goes nowhere: 48 MiB need not pass through the test's memory either.
      const r = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'run', 'virt-aarch64', '--set', 'semihosting=true', '--kernel', guest('semihosting-flood'), '--result', result], {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'latin1',
        timeout: 120000,
        killSignal: 'SIGKILL',
      });
      expect(r.signal, `killed after ${Date.now() - t0} ms: ${r.stderr}`).to.equal(null);
      expect(r.status, r.stderr).to.equal(0);
      const res = JSON.parse(readFileSync(result, 'utf8')) as Result;
      expect(res.reason).to.equal('guest-exit');
      expect(res.virtualTimePs, 'a cycle per byte moved').to.be.at.least(48 * 2 ** 20 * 1000);
    });
  });

  describe('--max-time stops every guest promptly', () => {
    for (const [name, what] of [
      ['exception-storm', 'every vector fetch aborts'],
      ['udf-storm', 'every vector entry is UNDEFINED'],
      ['irq-storm', 'an interrupt that is never acknowledged'],
    ] as const) {
      it(`${name}: ${what}`, () => {
        const { run, result } = runHostile(name, ['--max-time', '100ms'], { timeoutMs: 45000 });
        expect(run.code, run.stderr).to.equal(3);
        expect(result.reason).to.equal('max-time');
        expect(result.virtualTimePs).to.equal(100e9);
      });
    }

    it('exception entry advances virtual time: an interrupt storm retires few instructions per millisecond', () => {
      // Each round is one ERET and one IRQ entry; entry costs cycles, so 1 ms holds ~30000 rounds, not 10^6.
      const { result } = runHostile('irq-storm', ['--max-time', '1ms'], { timeoutMs: 30000 });
      expect(result.cpus[0].instructions).to.be.below(100000);
      expect(result.cpus[0].cycles).to.be.at.least(1e6);
    });
  });

  it('wild stores, loads and jumps into device windows and unmapped memory: aborts the guest handles, then a clean power-off', () => {
    const { run, result } = runHostile('wild-stores', ['--serial', 'uart0=null', '--max-time', '10s'], { timeoutMs: 90000 });
    expect(run.code, run.stderr).to.equal(0);
    expect(result.reason).to.equal('guest-exit');
  });

  describe('memory stays bounded under self-modifying and sprawling code (a capped heap)', () => {
    it('rewriting the same 1 MiB of code, three rounds, in a 256 MiB heap', () => {
      // Old rounds' blocks are dropped by the writes over them (code tracking), not by the bound.
      const { run, result } = runHostile('code-rewrite', ['--max-time', '10s'], { timeoutMs: 200000, heapMiB: 256 });
      expect(run.code, run.stderr).to.equal(0);
      expect(result.reason).to.equal('guest-exit');
    });

    it('distinct code, never written again: its first 3 MiB translated in a 96 MiB heap', () => {
      // Only the translation cache's bound frees this code. 17.5 ms of virtual time is the fill
      // loop (16.8 M instructions) and then ~0.7 M instructions of new code, three times the
      // cache's 65536 instructions. Without the bound (--set codeCacheLimit=1000000000) the
      // same run dies of "JavaScript heap out of memory" (docs/performance.md). The whole
      // 16 MiB takes minutes: every block is compiled and run once.
      const { run, result } = runHostile('code-sprawl', ['--max-time', '17.5ms'], { timeoutMs: 200000, heapMiB: 96 });
      expect(run.code, run.stderr).to.equal(3);
      expect(result.reason).to.equal('max-time');
      expect(result.cpus[0].instructions).to.be.above(17e6);
    });
  });
});
