import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ram from '../../plugins/ram/index.js';
import * as rom from '../../plugins/rom/index.js';
import * as simControl from '../../plugins/sim-control/index.js';
import * as tickTimer from '../../plugins/tick-timer/index.js';
import { buildSimulation, ChromeTraceRecorder, createRegistryContainer, MemoryHostFiles, readBoard } from '../../src/browser.js';
import { dirnameOf, extensionOf, joinPath } from '../../src/util/path-text.js';
import * as toy from '../fixtures/arches/toy/index.js';
import testUart from '../fixtures/plugins/test-uart/index.js';
import { asm, program } from '../helpers/toy-asm.js';
import { FIXTURE_BOARDS, runBoard, toyElf } from '../helpers/toy-harness.js';

const UART = 0x80000;
const CTL = 0xa0000;
const hello = program(asm.li32(1, UART), ...[...'hi from a registry\n'].map((c) => [asm.li(2, c.charCodeAt(0)), asm.sb(2, 1)]), asm.li32(3, CTL), asm.li(2, 3), asm.sw(2, 3), asm.halt());

/** The toy board's registry: what a bundle would hand over (namespaces and bare default exports both accepted). */
function registry(files = new MemoryHostFiles()) {
  return {
    arches: { toy },
    plugins: { 'test-uart': testUart, 'tick-timer': tickTimer, 'sim-control': simControl, ram, rom },
    boards: { 'toy-solo': readFileSync(join(FIXTURE_BOARDS, 'toy-solo.yaml'), 'utf8') },
    files,
  };
}

describe('the runtime from a static registry (as in a browser)', () => {
  it('runs a board to the same output, stop and trace as the Node container does', async () => {
    const elf = toyElf(hello, 0x1000);
    const files = new MemoryHostFiles({ 'hello.elf': readFileSync(elf) });
    const built = await buildSimulation(createRegistryContainer(registry(files), { logWrite: () => {} }), { board: 'toy-solo', images: [{ file: 'hello.elf' }] });
    if (built._tag === 'Left') throw new Error(built.left.message);
    const m = built.right;
    let out = '';
    m.serial.get('uart0')!.connect((b) => (out += String.fromCharCode(b)));
    const trace = new ChromeTraceRecorder(m);
    const stop = m.run(1e12);

    const node = await runBoard('toy-solo.yaml', [{ file: elf }]);
    expect(out).to.equal(node.stdout);
    expect(stop).to.deep.equal(node.stop);
    expect(m.instructions()).to.equal(node.machine.instructions());
    expect(trace.finish(m.scheduler.endTime)).to.include('"name":"running"');
  });

  it('offers only what it was given: unknown boards, arches, plugins, paths and packages are refused with a message', async () => {
    const c = createRegistryContainer(registry());
    const noBoard = readBoard(c, 'boards/x.yaml');
    expect(noBoard._tag === 'Left' && noBoard.left.message).to.equal('board "boards/x.yaml" not found; boards: toy-solo');
    const text = readFileSync(join(FIXTURE_BOARDS, 'toy-solo.yaml'), 'utf8').replace('plugin: test-uart', 'plugin: ./evil.js').replace('plugin: tick-timer', 'plugin: "@acme/timer"');
    const c2 = createRegistryContainer({ ...registry(), boards: { evil: text, mips: text.replace('arch: toy', 'arch: mips') } });
    const evil = await buildSimulation(c2, { board: 'evil' });
    expect(evil._tag === 'Left' && evil.left.message).to.match(/devices\[0\]\.plugin: unknown plugin "\.\/evil\.js": this runtime was given its plugins in a registry/);
    expect(evil._tag === 'Left' && evil.left.message).to.match(/devices\[1\]\.plugin: unknown plugin "@acme\/timer"/);
    const mips = await buildSimulation(c2, { board: 'mips' });
    expect(mips._tag === 'Left' && mips.left.message).to.match(/cpus\[0\]\.arch: unknown arch "mips"; known: toy/);
    const noFile = await buildSimulation(c, { board: 'toy-solo', images: [{ file: 'missing.elf' }] });
    expect(noFile._tag === 'Left' && noFile.left.message).to.equal('missing.elf: no such file');
  });

  it('gives plugins the files their options name, relative to the board, from the host files', async () => {
    const board = readFileSync(join(FIXTURE_BOARDS, 'toy-solo.yaml'), 'utf8').replace('memory:', 'memory:\n  - { id: boot, kind: rom, base: 0x20000, size: 4KiB, file: ../images/boot.bin }');
    const files = new MemoryHostFiles({ 'images/boot.bin': Uint8Array.of(1, 2, 3, 4) });
    const c = createRegistryContainer({ ...registry(files), boards: { rom: { file: 'boards/rom.yaml', text: board } } });
    const built = await buildSimulation(c, { board: 'rom' });
    if (built._tag === 'Left') throw new Error(built.left.message);
    expect(built.right.cpuEntries[0].memory.read32(0x20000)).to.equal(0x04030201);
    const missing = await buildSimulation(createRegistryContainer({ ...registry(), boards: { rom: { file: 'boards/rom.yaml', text: board } } }), { board: 'rom' });
    expect(missing._tag === 'Left' && missing.left.message).to.match(/plugin "rom" refused its options: cannot read images\/boot\.bin: no such file/);
  });

  it('does path arithmetic on board-relative names without node:path', () => {
    expect(dirnameOf('boards/soc.yaml')).to.equal('boards');
    expect(dirnameOf('soc.yaml')).to.equal('.');
    expect(dirnameOf('/x')).to.equal('/');
    expect(dirnameOf('C:\\boards\\soc.yaml')).to.equal('C:\\boards');
    expect(dirnameOf('C:\\soc.yaml')).to.equal('C:\\');
    expect(extensionOf('a/b.c/board.JSON')).to.equal('.JSON');
    expect(extensionOf('a.d/board')).to.equal('');
    expect(extensionOf('.hidden')).to.equal('');
    expect(joinPath('boards', '../images/./boot.bin')).to.equal('images/boot.bin');
    expect(joinPath('.', '../../x')).to.equal('../../x');
    expect(joinPath('/a/b', '../../../x')).to.equal('/x');
    expect(joinPath('boards', '/abs/x.bin')).to.equal('/abs/x.bin');
    expect(joinPath('C:\\a', 'b\\c')).to.equal('C:/a/b/c');
  });
});
