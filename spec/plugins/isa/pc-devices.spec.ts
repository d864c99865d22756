import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import type { InterruptMessage } from '../../../src/api/index.js';
import { buildSimulation } from '../../../src/runtime/simulation.js';
import { asm } from '../../helpers/toy-asm.js';
import { scratchFile, testContainer, toyElf } from '../../helpers/toy-harness.js';

/** The PC devices as a pc board wires them, around a toy CPU that only waits. */
const BOARD = `
name: pc-devices
cpus:
  - { id: cpu0, arch: toy, clock: 10MHz }
memory:
  - { id: ram, kind: ram, base: 0x1000, size: 64KiB }
devices:
  - { id: pic, plugin: i8259, space: io, base: 0x20, size: 2, windows: [{ base: 0xa0, size: 2 }, { base: 0x4d0, size: 2 }] }
  - { id: pit, plugin: i8254, space: io, base: 0x40, size: 4, windows: [{ base: 0x61, size: 1 }], outputs: { irq: [pic.irq0, ioapic.pin2] } }
  - { id: rtc, plugin: mc146818-rtc, space: io, base: 0x70, size: 2, options: { epoch: 1700000000, memory: 128MiB }, outputs: { irq: [pic.irq8, ioapic.pin8] } }
  - { id: com1, plugin: uart16550, space: io, base: 0x3f8, size: 8, outputs: { irq: [pic.irq4, ioapic.pin4] } }
  - { id: debugcon, plugin: isa-debugcon, space: io, base: 0xe9, size: 1 }
  - { id: exit, plugin: isa-debug-exit, space: io, base: 0xf4, size: 4 }
  - { id: ioapic, plugin: ioapic, base: 0xfec00000, size: 0x1000 }
`;

let boards = 0;

async function build(text = BOARD) {
  const file = scratchFile(`pc-devices-${boards++}.yaml`);
  writeFileSync(file, text);
  const built = await buildSimulation(testContainer(), { board: file, images: [{ file: toyElf([asm.wfi(), asm.wfi(), asm.halt()], 0x1000) }] });
  if (built._tag === 'Left') throw new Error(built.left.message);
  return built.right;
}

describe('PC devices on a board', () => {
  it('load by name, answer at their ports and windows, and reach each other through the wiring', async () => {
    const m = await build();
    const io = m.io;
    const out = (port: number, v: number) => io.out(port, 1, v, 0);
    // PIC: vectors 0x20/0x28, all open.
    for (const [p, v] of [[0x20, 0x11], [0x21, 0x20], [0x21, 0x04], [0x21, 0x01], [0x21, 0x00], [0xa0, 0x11], [0xa1, 0x28], [0xa1, 0x02], [0xa1, 0x01], [0xa1, 0x00]]) out(p, v);
    out(0x4d1, 0xff);
    expect(io.in(0x4d1, 1, 0)).to.equal(0xde);
    // IOAPIC pin 2 (the PIT) to vector 0x30, edge.
    const msi: InterruptMessage[] = [];
    m.interruptMessages.listen((msg) => void (msg.kind === 'msi' && msi.push(msg)));
    const space = m.devices.get('ioapic')!.device;
    space.write!(0x00, 4, 0x14, 0);
    space.write!(0x10, 4, 0x30, 0);
    // PIT channel 0: mode 2, 11932 counts (about 10 ms).
    out(0x43, 0x34);
    out(0x40, 11932 & 0xff);
    out(0x40, 11932 >> 8);
    m.run(25e9);
    out(0x20, 0x0a);
    expect(io.in(0x20, 1, 0) & 1).to.equal(1); // IRQ 0 latched
    expect(msi.map((x) => x.data)).to.deep.equal([0x30, 0x30]); // two rising edges in 25 ms
    expect(m.interruptMessages.send({ kind: 'inta', address: 0, data: 0, source: 'cpu0' })).to.equal(0x20);
    // RTC and CMOS through 0x70/0x71; the UART's scratch register; port 0x61.
    out(0x70, 0x15);
    expect(io.in(0x71, 1, 0)).to.equal(0x80);
    out(0x3ff, 0x5a);
    expect(io.in(0x3ff, 1, 0)).to.equal(0x5a);
    expect(io.in(0x3fd, 1, 0)).to.equal(0x60);
    expect(io.in(0x61, 1, 0) & 0x10).to.equal(0x10);
  });

  it('debugcon prints; debug-exit ends the run with (v << 1) | 1', async () => {
    const m = await build();
    const printed: number[] = [];
    m.serial.get('debugcon')!.connect((b) => printed.push(b));
    for (const c of Buffer.from('ok\n')) m.io.out(0xe9, 1, c, 0);
    expect(Buffer.from(printed).toString()).to.equal('ok\n');
    expect(m.io.in(0xe9, 1, 0)).to.equal(0xe9);
    m.io.out(0xf4, 1, 0x10, 0);
    const stop = m.run(1e12);
    expect(stop).to.deep.include({ kind: 'exit', status: 0x21 });
  });

  it('bad options are board errors naming the device entry', async () => {
    const bad = BOARD.replace("options: { epoch: 1700000000, memory: 128MiB }", "options: { epoch: -5 }").replace("plugin: uart16550, space: io", "plugin: uart16550, options: { timing: warp }, space: io");
    const file = scratchFile(`pc-devices-${boards++}.yaml`);
    writeFileSync(file, bad);
    const built = await buildSimulation(testContainer(), { board: file });
    expect(built._tag).to.equal('Left');
    const message = (built as { left: { message: string } }).left.message;
    expect(message).to.match(/devices\[2\]\.options\.epoch: must be >= 0/);
    expect(message).to.match(/devices\[3\]\.options\.timing: must be one of "line", "instant"/);
  });
});
