import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asm, program } from '../helpers/toy-asm.js';
import { FIXTURE_BOARDS, toyElf } from '../helpers/toy-harness.js';
import { chimera, hasStackTrace, scratchDir, type CliRun } from './harness.js';

const SOLO = join(FIXTURE_BOARDS, 'toy-solo.yaml');
const exitWith = (status: number) => toyElf(program(asm.li32(3, 0xa0000), asm.li(2, status), asm.sw(2, 3), asm.halt()), 0x1000);
const loop = toyElf([asm.li(1, 1), asm.bne(1, 0, 0)], 0x1000);
const halt = toyElf([asm.halt()], 0x1000);
const sleep = toyElf([asm.wfi(), asm.halt()], 0x1000);

function refusedCleanly(r: CliRun, ...expected: (string | RegExp)[]): void {
  expect(r.signal, `killed after ${r.ms} ms: ${r.stderr}`).to.equal(null);
  expect(r.code, r.stderr).to.equal(2);
  expect(hasStackTrace(r.stderr), r.stderr).to.equal(false);
  expect(r.stderr, 'the whole usage was printed').not.to.contain('usage: chimera run');
  for (const e of expected) {
    if (typeof e === 'string') expect(r.stderr).to.contain(e);
    else expect(r.stderr).to.match(e);
  }
}

interface Result {
  reason: string;
  exitCode: number;
  guestStatus: number | null;
  virtualTimePs: number;
  cpus: { id: string; instructions: number }[];
}

describe('hardening: command lines that used to slip through', function () {
  this.timeout(120000);
  const dir = scratchDir('cli');

  it('refuses a raw image address beyond 32 bits, without a stack trace', () => {
    refusedCleanly(chimera(['run', SOLO, '--kernel', `${loop}@0x1000000000`]), '--kernel: address 0x1000000000 is beyond the 32-bit physical address space');
  });

  it('refuses to run nothing forever: no program and no --max-time is an error; with --max-time it runs', () => {
    const r = chimera(['run', SOLO], { timeoutMs: 20000 });
    refusedCleanly(r, 'no program');
    const bounded = chimera(['run', SOLO, '--max-time', '10us'], { timeoutMs: 20000 });
    expect(bounded.code, bounded.stderr).to.not.equal(2);
    expect(bounded.stderr).to.contain('warning: no program loaded');
  });

  it('explains a negative --max-time instead of printing the whole usage', () => {
    refusedCleanly(chimera(['run', SOLO, '--kernel', halt, '--max-time', '-1']), '--max-time -1: must be greater than zero');
  });

  it('refuses --kernel twice, --kernel with --load, and two programs for one CPU', () => {
    refusedCleanly(chimera(['run', SOLO, '--kernel', halt, '--kernel', loop]), '--kernel given 2 times');
    refusedCleanly(chimera(['run', SOLO, '--kernel', halt, '--load', `cpu0=${loop}`]), '--kernel and --load together');
    refusedCleanly(chimera(['run', SOLO, '--load', `cpu0=${halt}`, '--load', `cpu0=${loop}`]), 'CPU "cpu0" already loads');
  });

  it('checks --trace, --vcd and --result paths before running (a guest that never stops is never started)', () => {
    for (const flag of ['--trace', '--vcd', '--result']) {
      const r = chimera(['run', SOLO, '--kernel', loop, flag, '/nonexistent-folder/out.file'], { timeoutMs: 20000 });
      refusedCleanly(r, `${flag}: cannot write /nonexistent-folder/out.file: folder /nonexistent-folder does not exist`);
      expect(r.stdout).to.equal('');
    }
    refusedCleanly(chimera(['run', SOLO, '--kernel', loop, '--trace', dir], { timeoutMs: 20000 }), 'is a directory');
  });

  it('says why the run ended on stderr in every case, and --result tells a guest status from Chimera\'s own', () => {
    const cases: [string, string[], number, RegExp, string, number | null][] = [
      ['guest exit 2', ['--kernel', exitWith(2)], 2, /the guest exited with status 2 \(ctl EXIT written by cpu0\)/, 'guest-exit', 2],
      ['guest exit 70', ['--kernel', exitWith(70)], 70, /the guest exited with status 70/, 'guest-exit', 70],
      ['all stopped', ['--kernel', halt], 0, /every CPU stopped at .* \(exit 0\)/, 'all-stopped', null],
      ['max-time', ['--kernel', loop, '--max-time', '50us'], 3, /--max-time ran out at 50\.000 us/, 'max-time', null],
      ['deadlock', ['--kernel', sleep], 4, /every CPU is waiting for an interrupt/, 'deadlock', null],
    ];
    for (const [name, args, code, message, reason, guestStatus] of cases) {
      const file = join(dir, `${name.replace(/ /g, '-')}.json`);
      const r = chimera(['run', SOLO, ...args, '--result', file]);
      expect(r.code, `${name}: ${r.stderr}`).to.equal(code);
      expect(r.stderr, name).to.match(message);
      expect(existsSync(file), name).to.equal(true);
      const res = JSON.parse(readFileSync(file, 'utf8')) as Result;
      expect(res, name).to.deep.include({ reason, exitCode: code, guestStatus });
      expect(res.virtualTimePs, name).to.be.a('number');
      expect(res.cpus.map((c) => c.id), name).to.deep.equal(['cpu0']);
      expect(res.cpus[0].instructions, name).to.be.greaterThan(0);
    }
  });

  it('documents every exit status in chimera run --help', () => {
    const help = chimera(['run', '--help']).stdout;
    for (const status of ['2 ', '3 ', '4 ', '5 ', '70 ']) expect(help).to.match(new RegExp(`^\\s+${status}\\s`, 'm'));
  });
});
