import { expect } from 'chai';
import { dtRef, type DtContribution } from '../../src/api/index.js';
import { DeviceTreeBuilder } from '../../src/device-tree/device-tree-builder.js';
import { readFdt, writeFdt, type FdtNode } from '../../src/device-tree/fdt-blob.js';
import { userDeviceTree } from '../../src/device-tree/user-device-tree.js';
import { dtcDecompile, requireDtc } from '../helpers/dtc.js';
import { Tree } from '../helpers/fdt-query.js';

function build(contributions: DtContribution[]): FdtNode {
  const b = new DeviceTreeBuilder();
  b.setRootProperty('#address-cells', [2]);
  b.setRootProperty('#size-cells', [2]);
  contributions.forEach((c, i) => b.add(c, `contribution ${i}`));
  const r = b.finish();
  if (r._tag === 'Left') throw new Error(r.left);
  return r.right;
}

const sample = (): FdtNode =>
  build([
    { node: { name: 'clk', label: 'clk', properties: { compatible: 'fixed-clock', '#clock-cells': [0], 'clock-frequency': [24_000_000] } } },
    { node: { name: 'intc', label: 'intc', properties: { 'interrupt-controller': true, '#interrupt-cells': [3], '#address-cells': [0] } } },
    { node: { name: 'uart@2000', properties: { compatible: ['vendor,uart', 'generic-uart'], reg: [0, 0x2000, 0, 0x100], clocks: [dtRef('clk')], 'interrupt-parent': [dtRef('intc')], interrupts: [0, 5, 4], blob: Uint8Array.of(1, 2, 3) } } },
    { node: { name: 'unused', label: 'nobody-refers-to-me', properties: {} } },
  ]);

describe('device tree: the FDT writer and reader', () => {
  it('round-trips names, properties and children byte for byte', () => {
    const root = sample();
    const back = readFdt(writeFdt(root));
    if (back._tag === 'Left') throw new Error(back.left);
    expect(writeFdt(back.right)).to.deep.equal(writeFdt(root));
    const t = new Tree(writeFdt(root));
    expect(t.strings('/uart@2000', 'compatible')).to.deep.equal(['vendor,uart', 'generic-uart']);
    expect(t.node('/uart@2000')!.properties.get('blob')).to.deep.equal(Uint8Array.of(1, 2, 3));
  });

  it('gives phandles only to referenced nodes and resolves references to them', () => {
    const t = new Tree(writeFdt(sample()));
    expect(t.phandlePath(t.cells('/uart@2000', 'clocks')![0])).to.equal('/clk');
    expect(t.phandlePath(t.cells('/uart@2000', 'interrupt-parent')![0])).to.equal('/intc');
    expect(t.node('/unused')!.properties.has('phandle')).to.equal(false);
  });

  it('writes a blob dtc reads without a complaint', function () {
    requireDtc(this);
    const r = dtcDecompile(writeFdt(sample()));
    expect(r.status).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.dts).to.contain('compatible = "vendor,uart\\0generic-uart";');
    expect(r.dts).to.contain('interrupts = <0x00 0x05 0x04>;');
    expect(r.dts).to.contain('blob = [01 02 03];');
  });

  it('refuses malformed blobs with a message, never an exception', () => {
    const good = writeFdt(sample());
    const bad = (mutate: (b: Uint8Array, v: DataView) => void, expected: RegExp): void => {
      const b = good.slice();
      mutate(b, new DataView(b.buffer));
      const r = readFdt(b);
      expect(r._tag, String(expected)).to.equal('Left');
      if (r._tag === 'Left') expect(r.left).to.match(expected);
    };
    bad((b, v) => v.setUint32(0, 0x12345678), /not a device tree blob/);
    bad((b, v) => v.setUint32(4, b.length + 1), /the file has/);
    bad((b, v) => v.setUint32(8, 0xfffffff0), /outside the blob/);
    bad((b, v) => v.setUint32(v.getUint32(8) + 4 + 4, 0x77), /unknown structure token|outside/);
    expect(readFdt(good.subarray(0, 20))._tag).to.equal('Left');
  });

  it('survives thousands of random corruptions (Left or Right, never a throw or a hang)', () => {
    const good = writeFdt(sample());
    let seed = 12345;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let i = 0; i < 3000; i++) {
      const b = good.slice();
      for (let k = 0; k < 1 + rand(4); k++) b[rand(b.length)] = rand(256);
      const r = readFdt(rand(10) === 0 ? b.subarray(0, rand(b.length)) : b);
      expect(['Left', 'Right']).to.include(r._tag);
    }
  });
});

describe('device tree: the builder', () => {
  it('merges identical nodes and their children, refuses conflicting ones', () => {
    const b = new DeviceTreeBuilder();
    b.add({ node: { name: 'keys', properties: { compatible: 'gpio-keys' }, children: [{ name: 'power', properties: { code: [0x74] } }] } }, 'a');
    b.add({ node: { name: 'keys', properties: { compatible: 'gpio-keys' }, children: [{ name: 'reset', properties: { code: [0x198] } }] } }, 'b');
    const ok = b.finish();
    if (ok._tag === 'Left') throw new Error(ok.left);
    expect(ok.right.children[0].children.map((c) => c.name)).to.deep.equal(['power', 'reset']);

    const c = new DeviceTreeBuilder();
    c.add({ node: { name: 'clk', properties: { 'clock-frequency': [1] } } }, 'first plugin');
    c.add({ node: { name: 'clk', properties: { 'clock-frequency': [2] } } }, 'second plugin');
    const bad = c.finish();
    expect(bad._tag === 'Left' && bad.left).to.equal('second plugin: node clk is already described differently by first plugin');
  });

  it('names the contribution that refers to a missing label, a missing parent or a bad node name', () => {
    const b = new DeviceTreeBuilder();
    b.add({ node: { name: 'x', properties: { clocks: [dtRef('nope')] } } }, 'devices[3] (x)');
    b.add({ node: { name: 'y', properties: {} }, parent: 'no-such-label' }, 'devices[4] (y)');
    b.add({ node: { name: 'bad name', properties: {} } }, 'devices[5] (z)');
    const r = b.finish();
    expect(r._tag).to.equal('Left');
    if (r._tag === 'Left') {
      expect(r.left).to.contain('devices[3] (x): x/clocks refers to "&nope", which no node is labelled');
      expect(r.left).to.contain('devices[4] (y): node y wants parent "no-such-label", which no node is');
      expect(r.left).to.contain('devices[5] (z): "bad name" is not a valid node name');
    }
  });

  it('puts a node under a labelled parent or a path', () => {
    const root = build([
      { node: { name: 'intc@0', label: 'gic', properties: {} } },
      { node: { name: 'v2m@20000', properties: {} }, parent: 'gic' },
      { node: { name: 'cpus', properties: {} } },
      { node: { name: 'cpu@0', properties: {} }, parent: '/cpus' },
    ]);
    const t = new Tree(writeFdt(root));
    expect(t.has('/intc@0/v2m@20000')).to.equal(true);
    expect(t.has('/cpus/cpu@0')).to.equal(true);
  });
});

describe('device tree: a user --dtb', () => {
  it('keeps the tree and brings /chosen up to date (bootargs, initrd), as QEMU -dtb does', () => {
    const blob = writeFdt(build([{ node: { name: 'chosen', properties: { bootargs: 'old', 'stdout-path': '/uart@2000' } } }]));
    const r = userDeviceTree(blob, { bootargs: 'console=ttyAMA0', initrd: { start: 0x44000000, end: 0x44001000 } });
    if (r._tag === 'Left') throw new Error(r.left);
    const t = new Tree(r.right);
    expect(t.strings('/chosen', 'bootargs')).to.deep.equal(['console=ttyAMA0']);
    expect(t.strings('/chosen', 'stdout-path')).to.deep.equal(['/uart@2000']);
    expect(t.cells('/chosen', 'linux,initrd-start')).to.deep.equal([0x44000000]);
    expect(t.cells('/chosen', 'linux,initrd-end')).to.deep.equal([0x44001000]);
    const none = userDeviceTree(writeFdt(build([])), {});
    expect(none._tag === 'Right' && new Tree(none.right).has('/chosen')).to.equal(true);
    expect(userDeviceTree(Uint8Array.of(1, 2, 3), {})._tag).to.equal('Left');
  });
});
