import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineDeviceTree } from '../../src/device-tree/machine-device-tree.js';
import type { Machine } from '../../src/machine/machine.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { dtcDecompile, requireDtc } from '../helpers/dtc.js';
import { Tree } from '../helpers/fdt-query.js';
import { FIXTURE_BOARDS, scratchFile, testContainer } from '../helpers/toy-harness.js';

async function machine(board: string, set: Record<string, string> = {}): Promise<Machine> {
  const m = await buildSimulation(testContainer(), { board, set });
  if (m._tag === 'Left') throw new Error(m.left.message);
  return m.right;
}

function tree(m: Machine, cpu: string, chosen = {}): Uint8Array {
  const r = machineDeviceTree(m, cpu, chosen);
  if (r._tag === 'Left') throw new Error(r.left);
  return r.right;
}

/** dtc must read the blob with no error and no warning. */
function dtcClean(blob: Uint8Array): string {
  const r = dtcDecompile(blob);
  expect(r.stderr, 'dtc warnings').to.equal('');
  expect(r.status).to.equal(0);
  return r.dts;
}

describe('device trees generated from boards, checked with dtc', function () {
  this.timeout(60_000);

  it('virt-aarch64: what QEMU virt describes, for the devices the board has', async function () {
    requireDtc(this);
    const m = await machine('virt-aarch64');
    const blob = tree(m, 'cpu0', { bootargs: 'console=ttyAMA0', initrd: { start: 0x44000000, end: 0x44100000 } });
    const dts = dtcClean(blob);
    expect(dts).to.contain('compatible = "linux,dummy-virt";');
    const t = new Tree(blob);
    expect(t.cells('/memory@40000000', 'reg')).to.deep.equal([0, 0x40000000, 0, 0x8000000]);
    expect(t.strings('/chosen', 'stdout-path')).to.deep.equal(['/pl011@9000000']);
    expect(t.strings('/chosen', 'bootargs')).to.deep.equal(['console=ttyAMA0']);
    expect(t.cells('/chosen', 'linux,initrd-start')).to.deep.equal([0x44000000]);
    expect(t.phandlePath(t.cells('/', 'interrupt-parent')![0])).to.equal('/intc@8000000');
    expect(t.has('/intc@8000000/v2m@8020000')).to.equal(true);
    expect(t.cells('/pl061@9030000', 'interrupts')).to.deep.equal([0, 7, 4]);
    const gpios = t.cells('/gpio-keys/poweroff', 'gpios')!;
    expect([t.phandlePath(gpios[0]), gpios[1], gpios[2]]).to.deep.equal(['/pl061@9030000', 3, 0]);
    const virtio = t.rootNodes().filter((n) => n.startsWith('virtio_mmio@'));
    expect(virtio).to.have.length(32);
    expect(t.cells('/virtio_mmio@a003e00', 'interrupts')).to.deep.equal([0, 47, 1]);
    // A device the board lacks is missing from the tree: no PCIe, no fw-cfg, no flash.
    expect(t.rootNodes().filter((n) => /^(pcie|fw-cfg|flash)/.test(n))).to.deep.equal([]);
    expect(t.cells('/timer', 'interrupts')).to.deep.equal([1, 13, 0x104, 1, 14, 0x104, 1, 11, 0x104, 1, 10, 0x104]);
  });

  it('virt-aarch64 with 4 CPUs and 512 MiB: every CPU started through PSCI, PPI masks for 4', async function () {
    requireDtc(this);
    const t = new Tree(tree(await machine('virt-aarch64', { cpus: '4', memory: '512MiB' }), 'cpu0'));
    dtcClean(tree(await machine('virt-aarch64', { cpus: '4', memory: '512MiB' }), 'cpu0'));
    expect(t.node('/cpus')!.children.map((c) => c.name)).to.deep.equal(['cpu@0', 'cpu@1', 'cpu@2', 'cpu@3']);
    expect(t.strings('/cpus/cpu@3', 'enable-method')).to.deep.equal(['psci']);
    expect(t.cells('/cpus/cpu@3', 'reg')).to.deep.equal([3]);
    expect(t.cells('/memory@40000000', 'reg')).to.deep.equal([0, 0x40000000, 0, 0x20000000]);
    expect(t.cells('/timer', 'interrupts')![2]).to.equal(0xf04);
  });

  it('virt-aarch64 with a virtio console: still the PL011 as stdout (the board says so)', async function () {
    requireDtc(this);
    const t = new Tree(tree(await machine('virt-aarch64', { vconsole: 'true' }), 'cpu0'));
    expect(t.strings('/chosen', 'stdout-path')).to.deep.equal(['/pl011@9000000']);
  });

  it('chimera-soc: the aarch64 core sees its own devices and the shared SRAM, not the SPARC side', async function () {
    requireDtc(this);
    const m = await machine('chimera-soc');
    const blob = tree(m, 'cpu0');
    dtcClean(blob);
    const t = new Tree(blob);
    expect(t.node('/cpus')!.children.map((c) => c.name)).to.deep.equal(['cpu@0']);
    expect(t.has('/memory@40000000') && t.has('/memory@20000000')).to.equal(true);
    expect(t.cells('/memory@40000000', 'reg')).to.deep.equal([0, 0x40000000, 0, 0x8000000]);
    expect(t.has('/pl011@9000000')).to.equal(true);
    // apbuart, irqmp and gptimer belong to the SPARC core; mailbox and sim-control describe no node.
    expect(t.rootNodes().some((n) => /apbuart|irqmp|gptimer|mailbox/.test(n))).to.equal(false);
  });

  it("a user's board: a user's plugin adds its own node, with its interrupt through the board's GIC", async function () {
    requireDtc(this);
    const m = await machine(join(FIXTURE_BOARDS, 'aarch64-user-dt.yaml'));
    const blob = tree(m, 'core0', { bootargs: 'x' });
    const dts = dtcClean(blob);
    writeFileSync(scratchFile('user.dts'), dts);
    const t = new Tree(blob);
    expect(t.strings('/leds@10200000', 'compatible')).to.deep.equal(['acme,leds-v2', 'acme,leds']);
    expect(t.cells('/leds@10200000', 'reg')).to.deep.equal([0, 0x10200000, 0, 0x100]);
    expect(t.cells('/leds@10200000', 'interrupts')).to.deep.equal([0, 9, 1]);
    expect(t.cells('/leds@10200000', 'acme,count')).to.deep.equal([12]);
    expect(t.strings('/', 'compatible')).to.deep.equal(['chimera,aarch64-user-dt']);
    expect(t.strings('/chosen', 'stdout-path')).to.deep.equal(['/pl011@10100000']);
    expect(t.cells('/memory@80000000', 'reg')).to.deep.equal([0, 0x80000000, 0, 0x4000000]);
    // A plugin without device-tree support is simply not there.
    expect(t.rootNodes().some((n) => n.includes('10300000'))).to.equal(false);
  });
});
