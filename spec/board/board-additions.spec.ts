import { expect } from 'chai';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseBoard } from '../../src/board/board-parser.js';
import { packageRoot } from '../../src/util/package-root.js';
import { scratchFile } from '../helpers/toy-harness.js';
import { Tree } from '../helpers/fdt-query.js';
import { readFileSync } from 'node:fs';

const parse = (text: string, set?: Record<string, string>) => parseBoard(text, '/b/test.yaml', { knownArches: ['toy'], set, resolveFile: (v) => resolve(v) });

const board = (devices: string, extra = '') => `
name: b
${extra}
cpus:
  - { id: cpu0, arch: toy }
devices:
  - { id: gic, plugin: gicv2, base: 0x08000000 }
${devices}`;

describe('boards: ranged wires, file parameters, deviceTree', () => {
  it('"spi[0..3]": gic.spi[48..51] is four wires, in order', () => {
    const r = parse(board('  - { id: v2m, plugin: gicv2m, base: 0x08020000, outputs: { "spi[0..3]": "gic.spi[48..51]" } }'));
    if (r._tag === 'Left') throw new Error(r.left.message);
    expect(r.right.devices[1].outputs).to.deep.equal({ spi0: ['gic.spi48'], spi1: ['gic.spi49'], spi2: ['gic.spi50'], spi3: ['gic.spi51'] });
    const fan = parse(board('  - { id: v2m, plugin: gicv2m, base: 0x08020000, outputs: { "spi[0..1]": "gic.spi9" } }'));
    expect(fan._tag === 'Right' && fan.right.devices[1].outputs).to.deep.equal({ spi0: ['gic.spi9'], spi1: ['gic.spi9'] });
  });

  it('names the field when the ranges do not match', () => {
    const r = parse(board('  - { id: v2m, plugin: gicv2m, base: 0x08020000, outputs: { "spi[0..3]": "gic.spi[48..50]" } }'));
    expect(r._tag === 'Left' && r.left.message).to.equal('/b/test.yaml: devices[1].outputs.spi[0..3]: gic.spi[48..50] must name 4 inputs, as [first..last] of the same length');
    const bad = parse(board('  - { id: v2m, plugin: gicv2m, base: 0x08020000, outputs: { "spi[3..0]": "gic.spi1" } }'));
    expect(bad._tag === 'Left' && bad.left.message).to.contain('devices[1].outputs.spi[3..0]: write a range as name[first..last]');
  });

  it('resolves a --set value of a file parameter against the current directory; an empty value stays empty', () => {
    const text = board('  - { id: d, plugin: virtio-mmio, base: 0x0a000000, options: { backend: block, image: "${disk}" } }', 'parameters:\n  disk: { default: "", file: true }');
    const set = parse(text, { disk: 'images/hd.img' });
    expect(set._tag === 'Right' && set.right.devices[1].options).to.deep.equal({ backend: 'block', image: resolve('images/hd.img') });
    const none = parse(text);
    expect(none._tag === 'Right' && none.right.devices[1].options).to.deep.equal({ backend: 'block', image: '' });
  });

  it('reads deviceTree and checks that stdout names a device', () => {
    const r = parse(board('', 'deviceTree: { model: m, compatible: [a,b], stdout: gic }'));
    expect(r._tag === 'Right' && r.right.deviceTree).to.deep.equal({ model: 'm', compatible: ['a', 'b'], stdout: 'gic' });
    const bad = parse(board('', 'deviceTree: { stdout: uart9 }'));
    expect(bad._tag === 'Left' && bad.left.message).to.equal('/b/test.yaml: deviceTree.stdout: no device "uart9"');
    expect(parse(board('', 'deviceTree: { colour: red }'))._tag).to.equal('Left');
  });
});

describe('chimera dumpdtb and the new run flags', function () {
  this.timeout(60_000);
  const BIN = join(packageRoot(), 'bin', 'chimera.js');
  const chimera = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'latin1' });

  it('dumpdtb writes the tree a board generates, with --append as bootargs', () => {
    const out = scratchFile('virt.dtb');
    const r = chimera('dumpdtb', 'virt-aarch64', '--set', 'cpus=2', '--append', 'console=ttyAMA0', '-o', out);
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    const t = new Tree(readFileSync(out));
    expect(t.node('/cpus')!.children).to.have.length(2);
    expect(t.strings('/chosen', 'bootargs')).to.deep.equal(['console=ttyAMA0']);
    expect(chimera('dumpdtb', 'virt-aarch64').status).to.equal(2);
    expect(chimera('dumpdtb', 'virt-aarch64', '--cpu', 'cpu7', '-o', out).stderr).to.contain('--cpu cpu7: board virt-aarch64 has no such CPU');
  });

  it('refuses missing --initrd/--dtb files and an output over them, naming the flag', () => {
    const k = join(packageRoot(), 'guests', 'aarch64', 'build', 'dtb.img');
    expect(chimera('run', 'virt-aarch64', '--kernel', k, '--initrd', '/no/such/initrd').stderr).to.equal('chimera: --initrd /no/such/initrd: no such file\n');
    expect(chimera('run', 'virt-aarch64', '--kernel', k, '--dtb', '/no/such.dtb').stderr).to.equal('chimera: --dtb /no/such.dtb: no such file\n');
    const r = chimera('run', 'virt-aarch64', '--kernel', k, '--initrd', k, '--trace', k);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('is an input file; refusing to overwrite it');
  });
});
