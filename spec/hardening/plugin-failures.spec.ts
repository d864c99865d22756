import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asm, program } from '../helpers/toy-asm.js';
import { FIXTURE_BOARDS, toyElf } from '../helpers/toy-harness.js';
import { chimera, hasStackTrace, scratchDir } from './harness.js';

const BOARD = join(FIXTURE_BOARDS, 'toy-faulty.yaml');
const say = (text: string) => [asm.li32(1, 0x80000), ...[...Buffer.from(text)].map((c) => [asm.li(2, c), asm.sb(2, 1)])];
const forever = [asm.li(5, 1), asm.bne(5, 0, 0)];

/** Programs that print "hello" and then make the faulty device throw in each way. */
const trigger = {
  write: toyElf(program(...say('hello\n'), asm.li32(3, 0xb0000), asm.sw(2, 3), ...forever), 0x1000),
  read: toyElf(program(...say('hello\n'), asm.li32(3, 0xb0000), asm.lw(4, 3), ...forever), 0x1000),
  event: toyElf(program(...say('hello\n'), asm.li32(3, 0xb0000), asm.sw(2, 3), ...forever), 0x1000),
  input: toyElf(program(...say('hello\n'), asm.li(4, 1), asm.out(4), ...forever), 0x1000),
};

interface Result {
  reason: string;
  exitCode: number;
  device: { id: string; plugin: string; operation: string } | null;
  cpus: { id: string; instructions: number }[];
}

describe('hardening: a plugin failure is the plugin\'s, and nothing is lost', function () {
  this.timeout(120000);

  for (const where of ['write', 'read', 'event', 'input'] as const) {
    it(`a device that throws in ${where}: names device and plugin, keeps the serial output, writes trace and result, exits 5`, () => {
      const dir = scratchDir(`fail-${where}`);
      const trace = join(dir, 't.json');
      const result = join(dir, 'r.json');
      const r = chimera(['run', BOARD, '--set', `failIn=${where}`, '--kernel', trigger[where], '--trace', trace, '--result', result, '--max-time', '1s']);
      expect(r.code, r.stderr).to.equal(5);
      expect(r.stdout).to.equal('hello\n');
      expect(r.stderr).to.contain('device "bad" (plugin "faulty") failed in');
      expect(r.stderr).to.contain(`deliberate failure in ${where}`);
      expect(r.stderr).not.to.contain('Chimera bug');
      expect(hasStackTrace(r.stderr), r.stderr).to.equal(false);
      const events = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { name: string; cat?: string }[] }).traceEvents;
      expect(events.some((e) => e.cat === 'serial' && e.name === 'hello')).to.equal(true);
      const res = JSON.parse(readFileSync(result, 'utf8')) as Result;
      expect(res).to.deep.include({ reason: 'device-failure', exitCode: 5 });
      expect(res.device).to.include({ id: 'bad', plugin: 'faulty' });
    });
  }

  it('a device whose reset throws: named, exit 5, before anything runs', () => {
    const r = chimera(['run', BOARD, '--set', 'failIn=reset', '--kernel', trigger.write]);
    expect(r.code, r.stderr).to.equal(5);
    expect(r.stderr).to.contain('device "bad" (plugin "faulty") failed in reset');
    expect(hasStackTrace(r.stderr), r.stderr).to.equal(false);
  });

  it('an internal error keeps what was produced up to it: serial output, trace and result, exit 70', () => {
    const dir = scratchDir('internal');
    const trace = join(dir, 't.json');
    const vcd = join(dir, 'w.vcd');
    const result = join(dir, 'r.json');
    const elf = toyElf(program(...say('before the bug\n'), asm.bug()), 0x1000);
    const r = chimera(['run', BOARD, '--kernel', elf, '--trace', trace, '--vcd', vcd, '--result', result]);
    expect(r.code, r.stderr).to.equal(70);
    expect(r.stdout).to.equal('before the bug\n');
    expect(r.stderr).to.contain('internal error (a Chimera bug');
    expect(existsSync(trace) && existsSync(vcd)).to.equal(true);
    expect(JSON.parse(readFileSync(result, 'utf8'))).to.deep.include({ reason: 'internal-error', exitCode: 70 });
  });
});
