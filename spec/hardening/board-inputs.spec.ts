import { expect } from 'chai';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import { chimera, hasStackTrace, put, scratchDir, type CliRun } from './harness.js';

const SORT = join(packageRoot(), 'guests', 'aarch64', 'build', 'sort.elf');

/** A small aarch64 board; `extra` is appended to its devices list. */
const board = (cpus: string, memory = '  - { id: ram, kind: ram, base: 0x40000000, size: 1MiB }', devices = '') =>
  `name: t\ncpus:\n${cpus}\nmemory:\n${memory}\ndevices:\n  - { id: uart0, plugin: pl011, base: 0x09000000, size: 0x1000 }\n${devices}`;
const oneCpu = '  - { id: cpu0, arch: aarch64 }';

function refusedCleanly(r: CliRun, ...expected: (string | RegExp)[]): void {
  expect(r.signal, `killed: ${r.stderr}`).to.equal(null);
  expect(r.code, r.stderr).to.equal(2);
  expect(hasStackTrace(r.stderr), r.stderr).to.equal(false);
  for (const e of expected) {
    if (typeof e === 'string') expect(r.stderr).to.contain(e);
    else expect(r.stderr).to.match(e);
  }
}

describe('hardening: board inputs that used to slip through', function () {
  this.timeout(120000);
  const dir = scratchDir('boards');

  it('bounds count before expanding it: 1000, 100000 and 1e9 are refused at once, in little memory', () => {
    for (const count of ['1000', '100000', '1e9']) {
      const file = put(dir, `count-${count}.yaml`, board(`  - { id: "cpu\${i}", count: ${count}, arch: aarch64 }`));
      const r = chimera(['validate', file], { bare: true, timeoutMs: 20000, heapMiB: 128 });
      refusedCleanly(r, 'cpus[0].count');
    }
  });

  it('refuses count on a memory entry (the schema has none there)', () => {
    const file = put(dir, 'memcount.yaml', board(oneCpu, '  - { id: "ram${i}", count: 3, kind: ram, base: 0x40000000, size: 4KiB }'));
    refusedCleanly(chimera(['validate', file], { bare: true }), 'memory[0]: unknown field "count"');
  });

  it('refuses a YAML alias bomb with a message, not a stack trace', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) levels.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(9).fill(`*${'abcdefgh'[i - 1]}`).join(',')}]`);
    const file = put(dir, 'bomb.yaml', `${levels.join('\n')}\n${board(oneCpu)}`);
    refusedCleanly(chimera(['validate', file], { bare: true, timeoutMs: 20000, heapMiB: 256 }), /alias/i);
  });

  it('refuses nesting deeper than any board needs, in YAML and in JSON', () => {
    const yaml = put(dir, 'deep.yaml', `${board(oneCpu)}x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    refusedCleanly(chimera(['validate', yaml], { bare: true, timeoutMs: 20000 }), 'nested too deep');
    const json = put(dir, 'deep.json', `{"name": "d", "cpus": [{"id": "cpu0", "arch": "aarch64", "options": ${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}}]}`);
    refusedCleanly(chimera(['validate', json], { bare: true, timeoutMs: 20000 }), 'nested more than');
  });

  it('refuses the same output wired twice to the same input', () => {
    const file = put(dir, 'twice.yaml', board(oneCpu, undefined, '  - { id: gic, plugin: gicv2, base: 0x08000000, size: 0x20000, inputs: { spi1: uart0.irq } }\n').replace(
      'size: 0x1000 }',
      'size: 0x1000, outputs: { irq: gic.spi1 } }',
    ));
    refusedCleanly(chimera(['validate', file], { bare: true }), 'uart0.irq is wired to gic.spi1 twice');
  });

  it('reads .json boards as strict JSON: a trailing comma is an error with its line', () => {
    const file = put(
      dir,
      'comma.json',
      '{\n  "name": "x",\n  "cpus": [{ "id": "cpu0", "arch": "aarch64" },],\n  "memory": [{ "id": "ram", "kind": "ram", "base": 1073741824, "size": "1MiB" }]\n}\n',
    );
    refusedCleanly(chimera(['validate', file], { bare: true }), /JSON error: .*line 3/);
  });

  it('reports every error in one pass: a malformed memory entry, an unknown arch, an unknown plugin and bad options', () => {
    const file = put(
      dir,
      'layers.yaml',
      board(
        '  - { id: cpu0, arch: mips }',
        '  - { id: ram, kind: ram, base: 0x40000000 }',
        '  - { id: rtc, plugin: no-such-device, base: 0x09010000 }\n  - { id: gic, plugin: gicv2, base: 0x08000000, options: { spis: "many" } }\n',
      ),
    );
    refusedCleanly(
      chimera(['validate', file], { bare: true }),
      'memory[0]: missing required field "size"',
      'cpus[0].arch: unknown arch "mips"',
      'devices[1].plugin: unknown plugin "no-such-device"',
      'devices[2].options.spis',
    );
  });

  it('refuses RAM whose base or size is not page-aligned, in validate and in run (no RangeError)', () => {
    for (const [name, mem] of [
      ['base', '  - { id: ram, kind: ram, base: 0x40000800, size: 1MiB }'],
      ['size', '  - { id: ram, kind: ram, base: 0x40000000, size: 0x100001 }'],
    ]) {
      const file = put(dir, `unaligned-${name}.yaml`, board(oneCpu, mem));
      refusedCleanly(chimera(['validate', file], { bare: true }), 'page boundary');
      refusedCleanly(chimera(['run', file, '--kernel', SORT, '--max-time', '10ms'], { bare: true }), 'page boundary');
    }
  });
});
