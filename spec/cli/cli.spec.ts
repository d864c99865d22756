import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import { asm, program } from '../helpers/toy-asm.js';
import { FIXTURE_ARCHES, FIXTURE_BOARDS, FIXTURE_PLUGINS, scratchFile, toyElf } from '../helpers/toy-harness.js';

const BIN = join(packageRoot(), 'bin', 'chimera.js');
const SOLO = join(FIXTURE_BOARDS, 'toy-solo.yaml');
const DUO = join(FIXTURE_BOARDS, 'toy-duo.yaml');

function chimera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'latin1',
    env: { ...process.env, CHIMERA_ARCH_PATH: FIXTURE_ARCHES, CHIMERA_PLUGIN_PATH: FIXTURE_PLUGINS },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hello = (text: string, status: number) =>
  toyElf(program(asm.li32(1, 0x80000), [...Buffer.from(text)].flatMap((c) => [asm.li(2, c), asm.sb(2, 1)]), asm.li32(3, 0xa0000), asm.li(2, status), asm.sw(2, 3), asm.halt()), 0x1000);

describe('chimera CLI', function () {
  this.timeout(180_000); // each case spawns the CLI; a loaded machine takes seconds per spawn

  it('runs a program: serial on stdout, guest status as exit code', () => {
    const r = chimera('run', SOLO, '--kernel', hello('hi there\n', 3));
    expect(r.stdout).to.equal('hi there\n');
    expect(r.code).to.equal(3);
    expect(r.stderr).to.equal('chimera: the guest exited with status 3 (ctl EXIT written by cpu0) at 2.300 us of virtual time\n');
  });

  it('sends a serial device to a file, and prints stats on request', () => {
    const out = scratchFile('uart.log');
    const r = chimera('run', SOLO, '--kernel', hello('to file\n', 0), '--serial', `uart0=file:${out}`, '--stats');
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal('');
    expect(readFileSync(out, 'latin1')).to.equal('to file\n');
    expect(r.stderr).to.match(/^chimera: 22 instructions in 2\.100 us of virtual time, .* MIPS\nchimera: the guest exited with status 0 .*\n$/);
  });

  it('exits 3 with a message when --max-time runs out', () => {
    const r = chimera('run', SOLO, '--kernel', toyElf([asm.bne(1, 0, 0), asm.li(1, 1), asm.bne(1, 0, 0)], 0x1000), '--max-time', '1ms');
    expect(r.code).to.equal(3);
    expect(r.stderr).to.equal('chimera: stopped: --max-time ran out at 1.000 ms of virtual time, before the guest powered off (exit 3)\n');
  });

  it('writes a Chrome trace and a VCD with --trace and --vcd', () => {
    const t = scratchFile('t.json');
    const v = scratchFile('irq.vcd');
    const r = chimera('run', SOLO, '--kernel', hello('x\n', 0), '--trace', t, '--vcd', v);
    expect(r.code).to.equal(0);
    const json = JSON.parse(readFileSync(t, 'utf8')) as { traceEvents: { ph: string }[] };
    expect(json.traceEvents.some((e) => e.ph === 'X')).to.equal(true);
    expect(readFileSync(v, 'utf8')).to.match(/^\$date/);
  });

  it('refuses bad flags and bad input with a clear message, exit 2 and no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['run', SOLO, '--kernal', 'x.elf'], /Unknown option '--kernal'/],
      [['run'], /run takes exactly one board, got none/],
      [['run', SOLO, '--max-time', 'forever'], /--max-time: "forever" is not a duration/],
      [['run', SOLO, '--serial', 'uart0=tty'], /--serial uart0=tty: write <device-id>=stdio/],
      [['run', SOLO, '--kernel', '/nonexistent/prog.elf'], /\/nonexistent\/prog\.elf: no such file/],
      [['run', SOLO, '--kernel', BIN], /bin\/chimera\.js: not an ELF file/],
      [['run', SOLO, '--load', 'cpu9=' + hello('', 0)], /board toy-solo has no CPU "cpu9"; CPUs: cpu0/],
      [['run', 'no-such-board'], /board "no-such-board" not found/],
      [['run', SOLO, '--set', 'cpus=9'], /--set cpus=9: must be at most 4/],
      [['run', SOLO, '--serial', 'uart7=stdio', '--kernel', hello('', 0)], /board toy-solo has no serial device "uart7"; serial devices: uart0/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [args, re] of cases) {
      const r = chimera(...args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(re);
      expect(r.stderr, args.join(' ')).not.to.match(/\n\s+at /);
    }
  });

  it('never overwrites a file it was given to read', () => {
    const elf = hello('x\n', 0);
    const before = readFileSync(elf);
    const r = chimera('run', SOLO, '--kernel', elf, '--trace', elf);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/is an input file; refusing to overwrite it/);
    expect(readFileSync(elf).equals(before)).to.equal(true);
  });

  it('validates boards, naming the path of each problem', () => {
    expect(chimera('validate', DUO)).to.deep.include({ code: 0, stdout: `${DUO}: ok (2 CPUs, 7 devices)\n` });
    const bad = scratchFile('bad.yaml');
    writeFileSync(bad, readFileSync(SOLO, 'utf8').replace('arch: toy', 'arch: mips').replace('frequency: 1000000', 'frequency: fast'));
    const r = chimera('validate', bad);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain(`${bad}: cpus[0].arch: unknown arch "mips"; known: `);
    const opts = scratchFile('badopts.yaml');
    writeFileSync(opts, readFileSync(DUO, 'utf8').replace('frequency: 1000000', 'frequency: -5, colour: red'));
    const o = chimera('validate', opts);
    expect(o.code).to.equal(2);
    expect(o.stderr).to.contain('devices[2].options.frequency: must be > 0');
    expect(o.stderr).to.contain('devices[2].options: unknown field "colour"');
  });

  it('lists boards, plugins and arches', () => {
    const p = chimera('plugins');
    expect(p.code).to.equal(0);
    expect(p.stdout).to.match(/^ram\s+RAM/m);
    expect(p.stdout).to.match(/^tick-timer\s+periodic timer/m);
    const a = chimera('arches');
    expect(a.stdout).to.match(/^toy\s+test-only toy ISA/m);
    expect(chimera('boards').code).to.equal(0);
  });
});
