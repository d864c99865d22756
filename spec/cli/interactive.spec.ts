import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInteractive, stdinTarget } from '../../src/cli/interactive-run.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { packageRoot } from '../../src/util/package-root.js';
import { asm, program } from '../helpers/toy-asm.js';
import { FIXTURE_BOARDS, scratchFile, testContainer, toyElf } from '../helpers/toy-harness.js';

const BIN = join(packageRoot(), 'bin', 'chimera.js');

/**
 * A raw aarch64 program (booted like a kvm-unit-tests .flat): echo every byte the PL011 receives,
 * power off after 'q'.
 */
function echoGuest(): string {
  const words = [
    0xd2a12001, // movz x1, #0x0900, lsl #16      x1 = PL011
    0xb9401822, // loop: ldr w2, [x1, #0x18]      FR
    0x3727ffe2, // tbnz w2, #4, loop              wait while RXFE
    0xb9400023, // ldr w3, [x1]                   DR
    0xb9000023, // str w3, [x1]                   echo it
    0x7101c47f, // cmp w3, #'q'
    0x54ffff61, // b.ne loop
    0x52800100, // movz w0, #8
    0x72b08000, // movk w0, #0x8400, lsl #16      PSCI SYSTEM_OFF
    0xd4000002, // hvc #0
  ];
  const bytes = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => bytes.writeUInt32LE(w, 4 * i));
  const file = scratchFile('echo.bin');
  writeFileSync(file, bytes);
  return file;
}

describe('chimera run: two-way stdio', function () {
  this.timeout(60_000);

  it('--serial uart0=stdio takes piped stdin into the PL011 receive FIFO', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', 'virt-aarch64', '--kernel', echoGuest(), '--serial', 'uart0=stdio', '--max-time', '30s'], { input: 'hello, guest q', encoding: 'latin1' });
    expect(r.stdout).to.equal('hello, guest q');
    expect(r.status).to.equal(0);
  });

  it('leaves piped stdin alone without an explicit =stdio (scripts keep their input)', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', 'virt-aarch64', '--kernel', echoGuest(), '--max-time', '2ms'], { input: 'q', encoding: 'latin1' });
    expect(r.stdout).to.equal('');
    expect(r.status).to.equal(3);
  });

  it('on a terminal: raw mode, Ctrl-A x quits, and the terminal is restored', function () {
    if (spawnSync('script', ['--version']).status !== 0) this.skip();
    const cmd = `${process.execPath} ${BIN} run virt-aarch64 --kernel ${echoGuest()}; echo "status=$?"; stty -a`;
    // script(1) gives the command a pseudo-terminal and forwards our (delayed) keys to it.
    const keys = `sleep 2; printf 'ab'; sleep 2; printf '\\001x'; sleep 1`;
    const r = spawnSync('sh', ['-c', `(${keys}) | script -qec '${cmd}' /dev/null`], { encoding: 'latin1', timeout: 50_000 });
    expect(r.stdout).to.contain('ab');
    expect(r.stdout).to.contain('quit (Ctrl-A x)');
    expect(r.stdout).to.contain('status=0');
    expect(r.stdout).to.match(/ icanon /);
    expect(r.stdout).to.match(/ echo /);
  });
});

describe('runInteractive', function () {
  this.timeout(30_000);

  const spinner = () => toyElf(program(asm.li(1, 1), asm.bne(1, 2, 0)), 0x1000);

  it('first SIGINT presses the power button, the second stops the run', async () => {
    const built = await buildSimulation(testContainer(), { board: join(FIXTURE_BOARDS, 'toy-button.yaml'), images: [{ file: spinner() }] });
    if (built._tag === 'Left') throw new Error(built.left.message);
    const m = built.right;
    const said: string[] = [];
    const levels: number[] = [];
    m.signals.find((s) => s.name === 'button.key')!.connect((l) => levels.push(l));
    setTimeout(() => process.emit('SIGINT', 'SIGINT'), 100);
    setTimeout(() => process.emit('SIGINT', 'SIGINT'), 300);
    const stop = await runInteractive(m, { maxTime: 1e15, onSlice: () => {}, serial: new Map(), input: { isTTY: false } as never, say: (t) => said.push(t) });
    expect(stop).to.deep.equal({ kind: 'signal', signal: 'SIGINT' });
    expect(said).to.deep.equal(['power button pressed (once more to stop the run)']);
    expect(levels.slice(0, 2)).to.deep.equal([0, 1]);
    expect(process.listenerCount('SIGINT')).to.equal(0);
  });

  it('stops at the first signal on a board without a power button', async () => {
    const built = await buildSimulation(testContainer(), { board: join(FIXTURE_BOARDS, 'toy-solo.yaml'), images: [{ file: spinner() }] });
    if (built._tag === 'Left') throw new Error(built.left.message);
    setTimeout(() => process.emit('SIGTERM', 'SIGTERM'), 100);
    const stop = await runInteractive(built.right, { maxTime: 1e15, onSlice: () => {}, serial: new Map(), input: { isTTY: false } as never, say: () => {} });
    expect(stop).to.deep.equal({ kind: 'signal', signal: 'SIGTERM' });
  });

  it('stdin goes to the device named =stdio, else (on a terminal) to the first serial device on stdio', async () => {
    const built = await buildSimulation(createContainerFor(), { board: 'virt-aarch64', set: { vconsole: 'true' } });
    if (built._tag === 'Left') throw new Error(built.left.message);
    const m = built.right;
    expect(stdinTarget(m, new Map([['virtcon', { kind: 'stdio' }]]), false)).to.equal('virtcon');
    expect(stdinTarget(m, new Map(), true)).to.equal('uart0');
    expect(stdinTarget(m, new Map([['uart0', { kind: 'null' }]]), true)).to.equal('virtcon');
    expect(stdinTarget(m, new Map(), false)).to.equal(undefined);
  });
});

function createContainerFor() {
  return testContainer();
}
