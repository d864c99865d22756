import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import type { PortRecorder } from '../fixtures/plugins/port-recorder/index.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { scratchFile, testContainer } from '../helpers/toy-harness.js';

const board = (devices: string) => `
name: io-windows
cpus:
  - { id: cpu0, arch: toy, clock: 10MHz }
devices:
${devices}
`;

let boards = 0;

async function build(devices: string) {
  const file = scratchFile(`io-windows-${boards++}.yaml`);
  writeFileSync(file, board(devices));
  return buildSimulation(testContainer(), { board: file });
}

describe('I/O devices with several port windows', () => {
  it('reaches the device at offsets from its base through every window', async () => {
    const built = await build(`  - { id: pic, plugin: port-recorder, space: io, base: 0x20, size: 2, windows: [{ base: 0xa0, size: 2 }, { base: 0x4d0, size: 2 }] }`);
    if (built._tag === 'Left') throw new Error(built.left.message);
    const m = built.right;
    m.io.out(0x21, 1, 0xff, 0);
    m.io.out(0xa1, 1, 0xfe, 0);
    expect(m.io.in(0x4d1, 1, 0)).to.equal(0x4b1);
    expect(m.io.in(0x22, 1, 0)).to.equal(0xff); // between windows: nobody answers
    const dev = m.devices.get('pic')!.device as PortRecorder;
    expect(dev.accesses).to.deep.equal(['out 1/1=ff', 'out 81/1=fe', 'in 4b1/1']);
  });

  it('names the window that collides with another device', async () => {
    const built = await build(`  - { id: pit, plugin: port-recorder, space: io, base: 0x40, size: 4, windows: [{ base: 0x61, size: 1 }] }
  - { id: other, plugin: port-recorder, space: io, base: 0x60, size: 4 }`);
    expect(built._tag).to.equal('Left');
    expect((built as { left: { message: string } }).left.message).to.match(/devices\[1\]\.base: port 0x61 is already claimed by pit/);
  });

  it('refuses windows outside the I/O space and malformed windows, naming the field', async () => {
    const mem = await build(`  - { id: d, plugin: port-recorder, base: 0x1000, size: 2, windows: [{ base: 0x2000, size: 2 }] }`);
    expect((mem as { left: { message: string } }).left.message).to.match(/devices\[0\]\.windows: only devices in the I\/O port space/);
    const bad = await build(`  - { id: d, plugin: port-recorder, space: io, base: 0x20, windows: [{ base: 0xa0 }] }`);
    expect((bad as { left: { message: string } }).left.message).to.match(/devices\[0\]\.windows\[0\].*size/);
  });
});
