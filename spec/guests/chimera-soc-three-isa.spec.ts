import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StopReason } from '../../src/api/machine-control.js';
import { parseRunArgs } from '../../src/cli/run-args.js';
import type { Machine } from '../../src/machine/machine.js';
import { OutputRouter } from '../../src/output/output-router.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { ChromeTraceRecorder } from '../../src/trace/chrome-trace.js';
import { packageRoot } from '../../src/util/package-root.js';
import { buildElf } from '../helpers/elf-writer.js';
import { scratchFile } from '../helpers/toy-harness.js';

/**
 * chimera-soc with its third CPU: cpu2 is an x86-64 core booted by Multiboot with pc's private
 * map. The three-ISA program sets (guests/hetero ring, flood, x86exit) are also compared with
 * their expected files by hetero.spec.ts; this file checks what those comparisons cannot: which
 * CPU stopped, the trace, the CLI flags for cpu2 and uart2, the two-CPU use of the board, and
 * the refusal of programs cpu2 cannot boot.
 */
const ROOT = packageRoot();
const BIN = join(ROOT, 'bin', 'chimera.js');
const HETERO = join(ROOT, 'guests', 'hetero');
const elf = (set: string, cpu: 'a64' | 'sparc' | 'x86') => join(HETERO, 'build', `${set}-${cpu}.elf`);
const trio = (set: string) => ['--load', `cpu0=${elf(set, 'a64')}`, '--load', `cpu1=${elf(set, 'sparc')}`, '--load', `cpu2=${elf(set, 'x86')}`];
const expected = (name: string) => readFileSync(join(HETERO, 'expected', `${name}.out`), 'latin1');

interface Run {
  output: string;
  stop: StopReason;
  machine: Machine;
  trace?: string;
}

/** `chimera run chimera-soc ...` in-process, keeping the machine for a look at its CPUs afterwards. */
async function run(args: string[], trace = false): Promise<Run> {
  const parsed = parseRunArgs(['chimera-soc', '--max-time', '60s', ...args]);
  if (parsed._tag === 'Left') throw new Error(parsed.left.message);
  const a = parsed.right;
  const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board: a.board, set: a.set, quantum: a.quantum, images: a.images });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const machine = built.right;
  const chunks: Buffer[] = [];
  const router = new OutputRouter(machine, a.serial, (c) => chunks.push(c));
  const recorder = trace ? new ChromeTraceRecorder(machine) : undefined;
  const stop = machine.run(a.maxTime!, () => router.flush());
  router.close();
  return { output: Buffer.concat(chunks).toString('latin1'), stop, machine, trace: recorder?.finish(machine.scheduler.endTime) };
}

function chimera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'latin1', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('chimera-soc: three ISAs (aarch64 cpu0, SPARC cpu1, x86-64 cpu2)', function () {
  this.timeout(240_000);

  it('ring: the tokens go round 4 laps, the x86 boots in the Multiboot state with SeaBIOS\' LAPIC, and the run ends through sim-control', async () => {
    const r = await run(trio('ring'));
    expect(r.output).to.equal(expected('ring'));
    expect(r.stop).to.deep.include({ kind: 'exit', status: 0 });
    // cpu2 is the only x86 core: APIC ID 0 (the BSP) although it is the board's third CPU.
    expect(r.output).to.include('[uart2] x86: ring: sparc says READY; LAPIC id 0, SVR 1ff, LINT0 08700, LINT1 08400\n');
    // Every word reached the x86 by interrupt: READY, 4 tokens, the report tag and total.
    expect(r.output).to.match(/\[uart2\] x86: report lap: 0 errors before me, 0 here; [1-7] mailbox interrupts taken\n/);
    for (const cpu of ['cpu0', 'cpu1', 'cpu2']) expect(r.machine.cpu(cpu)!.instructions, cpu).to.be.greaterThan(0);
  });

  it('ring: two runs give byte-identical output and trace; the trace shows words to inbox 2 and its interrupt', async () => {
    const a = await run(trio('ring'), true);
    const b = await run(trio('ring'), true);
    expect(a.output).to.equal(b.output);
    expect(a.trace).to.equal(b.trace);
    const events = (JSON.parse(a.trace!) as { traceEvents: { name: string; ph: string; cat?: string; args?: Record<string, unknown> }[] }).traceEvents;
    const count = (name: string) => events.filter((e) => e.name === name).length;
    // READY, 4 tokens, the report tag and the total: 7 words into inbox 2, each popped.
    expect(count('push → inbox2'), 'pushes to the x86').to.equal(7);
    expect(count('pop ← inbox2'), 'pops by the x86').to.equal(7);
    expect(count('mailbox.irq2 raise'), 'inbox 2 interrupt raised').to.be.greaterThan(0);
    expect(count('mailbox.irq2 raise')).to.equal(count('mailbox.irq2 clear'));
    expect(events.some((e) => e.ph === 's') && events.some((e) => e.ph === 'f'), 'mailbox flow arrows').to.equal(true);
  });

  it('ring: the output does not depend on the x86 clock, the quantum or the mailbox latency (but for the interrupt count)', async () => {
    // How many words one interrupt finds in the inbox depends on timing; nothing else does.
    const interrupts = /\d+ mailbox interrupts taken/;
    for (const args of [['--set', 'x86Clock=300MHz'], ['--set', 'x86Clock=4GHz', '--quantum', '1us'], ['--quantum', '100ns', '--set', 'mailboxLatency=1us']]) {
      const r = await run([...trio('ring'), ...args]);
      expect(r.output.replace(interrupts, 'N'), args.join(' ')).to.equal(expected('ring').replace(interrupts, 'N'));
      expect(r.stop, args.join(' ')).to.deep.include({ kind: 'exit', status: 0 });
    }
  });

  it("x86exit: isa-debug-exit powers off cpu2 alone; cpu0 and cpu1 finish and the run's status is sim-control's", async () => {
    const r = await run(trio('x86exit'));
    expect(r.output).to.equal(expected('x86exit'));
    expect(r.output).not.to.include('STILL RUNNING');
    expect(r.stop).to.deep.include({ kind: 'exit', status: 0 });
    expect(r.machine.cpu('cpu2')!.state).to.equal('stopped');
    // The SPARC stopped itself (ta 0, error mode: this core only); the aarch64 wrote EXIT.
    expect(r.machine.cpu('cpu1')!.state).to.equal('stopped');
  });

  it('flood: the 2 GHz x86 polling FULL loses no word to the 100 MHz SPARC', async () => {
    const r = await run(trio('flood'));
    expect(r.output).to.equal(expected('flood'));
    expect(r.output).to.include('[uart1] sparc: flood: all 5000 words in order\n');
    expect(r.output).to.include('seen FULL: yes, overflow flag: none');
  });

  it('two-CPU use: without --load cpu2 the x86 never runs and the aarch64 + SPARC pairs print as before', async () => {
    const r = await run(['--load', `cpu0=${elf('pingpong', 'a64')}`, '--load', `cpu1=${elf('pingpong', 'sparc')}`]);
    expect(r.output).to.equal(expected('pingpong'));
    expect(r.machine.cpu('cpu2')!.instructions).to.equal(0);
    expect(r.machine.cpu('cpu2')!.state).to.equal('stopped');
  });

  it('CLI: --load cpu2= and --serial uart2= route the x86 program and its console like the others', () => {
    const file = scratchFile('soc-uart2.txt');
    const r = chimera('run', 'chimera-soc', ...trio('ring'), '--serial', `uart2=file:${file}`);
    expect(r.code, r.stderr).to.equal(0);
    const lines = expected('ring').split('\n');
    const prefixed = (dev: string) => lines.filter((l) => l.startsWith(`[${dev}] `));
    expect(r.stdout.split('\n').filter((l) => l.startsWith('[uart2]'))).to.deep.equal([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('[uart0]'))).to.deep.equal(prefixed('uart0'));
    expect(readFileSync(file, 'latin1')).to.equal(prefixed('uart2').map((l) => `${l.slice('[uart2] '.length)}\n`).join(''));
  });

  describe('refuses programs cpu2 cannot boot: the file, the reason, exit 2, nothing run', () => {
    const code = Uint8Array.of(0x31, 0xc0, 0xe6, 0xf4, 0xf4); // xor %eax,%eax; out %al,$0xf4; hlt
    const withHeader = (): Uint8Array => {
      const bytes = new Uint8Array(12 + code.length);
      const dv = new DataView(bytes.buffer);
      [0x1badb002, 3, -(0x1badb002 + 3) >>> 0].forEach((w, i) => dv.setUint32(4 * i, w, true));
      bytes.set(code, 12);
      return bytes;
    };
    const write = (name: string, data: Uint8Array, bits: 32 | 64, machine: number): string => {
      const file = scratchFile(name);
      writeFileSync(file, buildElf({ bits, littleEndian: true, machine, entry: 0x100000, segments: [{ paddr: 0x100000, data }] }));
      return file;
    };
    const cases: [string, () => string, RegExp][] = [
      ['a 64-bit x86-64 ELF', () => write('soc-mb64.elf', withHeader(), 64, 62), /is a 64-bit \(x86-64\) ELF; QEMU boots only ELF32 Multiboot kernels/],
      ['an ELF32 without a Multiboot header', () => write('soc-nomb.elf', code, 32, 3), /not a Multiboot v1 kernel: no header/],
    ];
    for (const [what, make, message] of cases) {
      it(what, () => {
        const file = make();
        const r = chimera('run', 'chimera-soc', '--load', `cpu0=${elf('ring', 'a64')}`, '--load', `cpu2=${file}`);
        expect(r.code).to.equal(2);
        expect(r.stdout).to.equal('');
        expect(r.stderr.startsWith(`chimera: ${file}`), r.stderr).to.equal(true);
        expect(r.stderr).to.include('cannot boot it on cpu2 (multiboot)');
        expect(r.stderr).to.match(message);
        expect(r.stderr).not.to.match(/\n\s+at /);
      });
    }

    it('an aarch64 ELF for cpu2', () => {
      const file = elf('ring', 'a64');
      const r = chimera('run', 'chimera-soc', '--load', `cpu2=${file}`);
      expect(r.code).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.equal(`chimera: ${file}: cannot boot it on cpu2 (multiboot): not a Multiboot v1 kernel: no header (magic 0x1BADB002 with a valid checksum, 4-byte aligned) in its first 8 KiB\n`);
      expect(r.stderr).not.to.match(/\n\s+at /);
    });
  });
});
