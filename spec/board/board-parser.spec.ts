import { expect } from 'chai';
import { parseBoard } from '../../src/board/board-parser.js';
import type { BoardSpec } from '../../src/board/board-spec.js';

const arches = ['aarch64', 'sparc', 'toy'];
const parse = (text: string, set?: Record<string, string>) => parseBoard(text, '/b/test.yaml', { knownArches: arches, set });
const ok = (text: string, set?: Record<string, string>): BoardSpec => {
  const r = parse(text, set);
  if (r._tag === 'Left') throw new Error(r.left.message);
  return r.right;
};
const err = (text: string, set?: Record<string, string>): string => {
  const r = parse(text, set);
  expect(r._tag).to.equal('Left');
  return (r as { left: { message: string } }).left.message;
};

const minimal = `
name: m
cpus:
  - { id: cpu0, arch: toy, clock: 40MHz }
memory:
  - { id: ram, kind: ram, base: 0x40000000, size: 128MiB }
devices:
  - { id: uart0, plugin: pl011, base: 0x09000000, outputs: { irq: gic.spi1 } }
  - { id: gic, plugin: gicv2, base: 0x08000000, size: 0x20000 }
`;

describe('board parser', () => {
  it('reads CPUs, memory as devices, sizes, clocks and wiring', () => {
    const b = ok(minimal);
    expect(b.cpus).to.have.length(1);
    expect(b.cpus[0]).to.include({ id: 'cpu0', arch: 'toy', frequency: 40e6, start: true, boot: 'entry' });
    expect(b.quantum).to.equal(10_000_000);
    const ram = b.devices.find((d) => d.id === 'ram')!;
    expect(ram).to.include({ plugin: 'ram', base: 0x40000000, size: 128 * 1024 * 1024 });
    expect(b.devices.find((d) => d.id === 'uart0')!.outputs).to.deep.equal({ irq: ['gic.spi1'] });
  });

  it('names the path and the known arches for an unknown arch', () => {
    expect(err(minimal.replace('arch: toy', 'arch: mips'))).to.equal('/b/test.yaml: cpus[0].arch: unknown arch "mips"; known: aarch64, sparc, toy');
  });

  it('reports schema errors with their paths', () => {
    expect(err(minimal.replace('kind: ram', 'kind: flash'))).to.contain('memory[0].kind: must be one of "ram", "rom"');
    expect(err(minimal.replace('clock: 40MHz', 'clock: 40MHz, colour: red'))).to.contain('cpus[0]: unknown field "colour"');
    expect(err('name: x\n')).to.contain('missing required field "cpus"');
    expect(err(minimal.replace('size: 128MiB', 'size: lots'))).to.contain('memory[0].size');
    expect(err(minimal.replace('clock: 40MHz', 'clock: quick'))).to.contain('cpus[0].clock: "quick" is not a frequency');
  });

  it('reports duplicate ids, unknown wiring nodes and YAML syntax errors', () => {
    expect(err(minimal.replace('id: gic', 'id: uart0'))).to.contain('devices[1].id: "uart0" is already used by devices[0]');
    expect(err(minimal.replace('gic.spi1', 'pic.spi1'))).to.contain('devices[0].outputs.irq: "pic.spi1" names no CPU or device "pic"');
    expect(err('name: [unclosed\ncpus: []')).to.match(/YAML error at line/);
    expect(err('- just\n- a list')).to.contain('a board must be a mapping');
  });

  it('explains that placeholders in flow mappings need quotes', () => {
    expect(err('name: q\ncpus:\n  - { id: cpu${i}, arch: toy }\n')).to.match(/YAML error at line 3/);
  });

  it('expands counted entries with parameters, and --set overrides within bounds', () => {
    const text = `
name: p
parameters:
  cpus: { default: 2, minimum: 1, maximum: 4 }
cpus:
  - id: cpu\${i}
    count: \${cpus}
    arch: toy
    start: first
    outputs: { out: "gic.in\${i}" }
devices:
  - { id: gic, plugin: gicv2, base: 0, options: { cpus: "\${cpus}" } }
`;
    const two = ok(text);
    expect(two.cpus.map((c) => [c.id, c.start])).to.deep.equal([['cpu0', true], ['cpu1', false]]);
    expect(two.cpus[1].outputs).to.deep.equal({ out: ['gic.in1'] });
    expect(two.devices[0].options).to.deep.equal({ cpus: 2 });
    const four = ok(text, { cpus: '4' });
    expect(four.cpus.map((c) => c.id)).to.deep.equal(['cpu0', 'cpu1', 'cpu2', 'cpu3']);
    expect(err(text, { cpus: '9' })).to.contain('--set cpus=9: must be at most 4');
    expect(err(text, { cpus: 'many' })).to.contain('--set cpus=many: must be a whole number');
    expect(err(text, { colour: 'red' })).to.contain('--set colour: the board has no parameter "colour"; it has cpus');
    expect(err(text.replace('count: ${cpus}', 'count: ${ncpu}'))).to.contain('unknown parameter ${ncpu}');
  });

  it('keeps boolean parameters boolean and refuses other values for them', () => {
    const text = 'name: b\nparameters:\n  lse: { default: false }\ncpus:\n  - id: c\n    arch: toy\n    options:\n      lse: ${lse}\n';
    expect(ok(text).cpus[0].options).to.deep.equal({ lse: false });
    expect(ok(text, { lse: 'true' }).cpus[0].options).to.deep.equal({ lse: true });
    expect(err(text, { lse: 'yes' })).to.contain('--set lse=yes: must be true or false');
  });

  it('accepts private and per-CPU placement, and checks the CPU ids it names', () => {
    const text = `
name: h
cpus:
  - { id: a, arch: toy }
  - { id: b, arch: toy }
memory:
  - { id: ra, kind: ram, base: 0x1000, size: 4KiB, cpus: [a] }
  - { id: shared, kind: ram, base: 0x20000000, size: 1MiB, at: { b: 0x30000000 } }
`;
    const b = ok(text);
    expect(b.devices[0].cpus).to.deep.equal(['a']);
    expect(b.devices[1].at).to.deep.equal({ b: 0x30000000 });
    expect(err(text.replace('cpus: [a]', 'cpus: [z]'))).to.contain('memory[0].cpus[0]: no CPU "z"');
  });
});
