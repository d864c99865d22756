import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputRouter } from '../../src/output/output-router.js';
import { buildSimulation, type ImageRequest } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { ChromeTraceRecorder } from '../../src/trace/chrome-trace.js';
import { attachTraceEvents } from '../../src/trace/events/trace-events.js';
import { parseTracePatterns, selectedKinds } from '../../src/trace/events/trace-patterns.js';
import type { Machine } from '../../src/machine/machine.js';
import { packageRoot } from '../../src/util/package-root.js';
import { scratchFile } from '../helpers/toy-harness.js';

const ROOT = packageRoot();
const HETERO = join(ROOT, 'guests', 'hetero');
const BIN = join(ROOT, 'bin', 'chimera.js');
const pingpong: ImageRequest[] = [
  { file: join(HETERO, 'build', 'pingpong-a64.elf'), cpu: 'cpu0' },
  { file: join(HETERO, 'build', 'pingpong-sparc.elf'), cpu: 'cpu1' },
];

const patterns = (spec: string) => {
  const p = parseTracePatterns(spec);
  if (p._tag === 'Left') throw new Error(p.left);
  return p.right;
};

async function build(board: string, images: ImageRequest[]): Promise<Machine> {
  const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board, images });
  if (built._tag === 'Left') throw new Error(built.left.message);
  return built.right;
}

function run(machine: Machine): string {
  const chunks: Buffer[] = [];
  const router = new OutputRouter(machine, new Map(), (c) => chunks.push(c));
  machine.run(60e12, () => router.flush());
  router.close();
  return Buffer.concat(chunks).toString('latin1');
}

describe('--trace-events', function () {
  this.timeout(120_000);

  describe('patterns', () => {
    const uart = { id: 'uart0', type: 'pl011', kinds: ['read', 'write', 'irq'] as const };
    const cpu = { id: 'cpu0', type: 'aarch64', kinds: ['exception', 'mode', 'irq'] as const };

    it('selects by device id, plugin name, arch and event kind', () => {
      expect([...selectedKinds(patterns('uart*'), uart)]).to.have.members(['read', 'write', 'irq']);
      expect([...selectedKinds(patterns('pl0?1'), uart)]).to.have.members(['read', 'write', 'irq']);
      expect([...selectedKinds(patterns('write'), uart)]).to.deep.equal(['write']);
      expect([...selectedKinds(patterns('write'), cpu)]).to.deep.equal([]);
      expect([...selectedKinds(patterns('aarch64'), cpu)]).to.have.members(['exception', 'mode', 'irq']);
      expect([...selectedKinds(patterns('gic*'), uart)]).to.deep.equal([]);
    });

    it('SOURCE:KIND picks kinds of the matching sources only', () => {
      expect([...selectedKinds(patterns('pl011:w*'), uart)]).to.deep.equal(['write']);
      expect([...selectedKinds(patterns('cpu*:exception'), uart)]).to.deep.equal([]);
      expect([...selectedKinds(patterns('cpu*:exception,uart0:irq'), cpu)]).to.deep.equal(['exception']);
      expect([...selectedKinds(patterns('*:irq'), cpu)]).to.deep.equal(['irq']);
    });

    it('names the kinds when a kind is unknown, and refuses empty items and odd characters', () => {
      const bad = (s: string) => {
        const p = parseTracePatterns(s);
        expect(p._tag, s).to.equal('Left');
        return p._tag === 'Left' ? p.left : '';
      };
      expect(bad('gic:interrupt')).to.match(/unknown event kind "interrupt"; kinds: read \(a device register read.*\), write .*irq .*exception .*mode/);
      expect(bad('pl011,,gic')).to.match(/an empty pattern/);
      expect(bad('uart0;rm')).to.match(/source pattern "uart0;rm" may hold letters/);
    });
  });

  it('reports register accesses, line edges and exceptions of what it selects, and nothing else; the run is unchanged', async () => {
    const plain = run(await build('chimera-soc', pingpong));
    const machine = await build('chimera-soc', pingpong);
    const lines: string[] = [];
    const attached = attachTraceEvents(machine, patterns('mailbox,gic:irq,cpu*:exception'), { line: (t) => lines.push(t) });
    expect(attached._tag).to.equal('Right');
    const output = run(machine);
    expect(output).to.equal(plain);
    expect(output).to.equal(readFileSync(join(HETERO, 'expected', 'pingpong.out'), 'latin1'));

    const fields = lines.map((l) => l.split(' '));
    for (const f of fields) expect(f[0], f.join(' ')).to.match(/^\d+\.\d{6}us$/);
    const sources = new Set(fields.map((f) => `${f[1]} ${f[2]} ${f[3]}`));
    expect([...sources].sort()).to.deep.equal(['cpu0 aarch64 exception', 'cpu1 sparc exception', 'gic gicv2 irq', 'mailbox mailbox irq', 'mailbox mailbox read', 'mailbox mailbox write']);
    // Both CPUs write the mailbox; every access names offset, size, value and initiator.
    const writes = fields.filter((f) => f[3] === 'write');
    for (const w of writes) expect(w.slice(4).join(' ')).to.match(/^offset=0x[0-9a-f]+ size=[124] value=0x[0-9a-f]+ cpu=cpu[01]$/);
    expect(new Set(writes.map((w) => w[7]))).to.deep.equal(new Set(['cpu=cpu0', 'cpu=cpu1']));
    expect(lines.some((l) => / cpu1 sparc exception trap 0x1a pc=0x[0-9a-f]+ vector=0x[0-9a-f]+1a0 tt="Interrupt Level 10"$/.test(l))).to.equal(true);
    expect(lines.some((l) => / cpu0 aarch64 exception irq pc=0x[0-9a-f]+ vector=0x[0-9a-f]+a80$/.test(l))).to.equal(true);
    // Edges alternate per line.
    const gicLevels = fields.filter((f) => f[1] === 'gic').map((f) => f[4]);
    expect(gicLevels[0]).to.equal('irq0=1');
    gicLevels.forEach((l, i) => i > 0 && expect(l).not.to.equal(gicLevels[i - 1]));
  });

  it('wraps only the devices and CPUs it selects, so the rest pay nothing', async () => {
    const machine = await build('chimera-soc', pingpong);
    const handlers = () =>
      machine.cpuEntries.flatMap((e) => (e.memory as unknown as { mmioList: { name: string; handler: unknown }[] }).mmioList.map((m) => [`${e.cpu.id}:${m.name}`, m.handler] as const));
    const before = new Map(handlers());
    attachTraceEvents(machine, patterns('uart0'), { line: () => {} });
    const changed = handlers().filter(([k, h]) => before.get(k) !== h).map(([k]) => k);
    expect(changed).to.deep.equal(['cpu0:uart0']);
    expect(machine.cpus.map((c) => c.eventHook)).to.deep.equal(machine.cpus.map(() => null));
    expect(machine.cpus.length).to.equal(3);
  });

  it('reports mode changes (aarch64 EL1 -> EL0 -> EL1)', async () => {
    const machine = await build('virt-aarch64', [{ file: join(ROOT, 'guests', 'aarch64', 'build', 'exceptions.elf') }]);
    const lines: string[] = [];
    attachTraceEvents(machine, patterns('mode'), { line: (t) => lines.push(t) });
    run(machine);
    const modes = lines.map((l) => l.split(' ').slice(1).join(' '));
    expect(modes.slice(0, 2)).to.deep.equal(['cpu0 aarch64 mode EL1->EL0', 'cpu0 aarch64 mode EL0->EL1']);
  });

  it('puts the events on the --trace timeline, on the source track', async () => {
    const machine = await build('chimera-soc', pingpong);
    attachTraceEvents(machine, patterns('cpu1:exception,mailbox:write'), { line: () => {} });
    const recorder = new ChromeTraceRecorder(machine);
    run(machine);
    const trace = JSON.parse(recorder.finish(machine.scheduler.endTime)) as { traceEvents: { name: string; tid: number; cat: string; ph: string; args?: Record<string, unknown> }[] };
    const names = new Map(trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => [e.tid, (e.args as { name: string }).name]));
    const traps = trace.traceEvents.filter((e) => e.name === 'exception trap 0x1a');
    expect(traps.length).to.be.greaterThan(0);
    expect(new Set(traps.map((e) => names.get(e.tid)))).to.deep.equal(new Set(['cpu1']));
    const writes = trace.traceEvents.filter((e) => e.name === 'write' && e.cat === 'mailbox');
    expect(writes.length).to.be.greaterThan(0);
    expect(writes[0].args).to.have.keys('offset', 'size', 'value', 'cpu');
  });

  describe('on the command line', () => {
    const chimera = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const loads = pingpong.flatMap((i) => ['--load', `${i.cpu}=${i.file}`]);

    it('writes the lines to --trace-events-file, and the guest output is unchanged', () => {
      const file = scratchFile('events.txt');
      const r = chimera('run', 'chimera-soc', ...loads, '--trace-events', 'uart1', '--trace-events-file', file);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.equal(readFileSync(join(HETERO, 'expected', 'pingpong.out'), 'latin1'));
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines.length).to.be.greaterThan(10);
      for (const l of lines) expect(l).to.match(/^\d+\.\d{6}us uart1 apbuart (read|write|irq) /);
    });

    it('refuses a pattern that matches nothing, leaving an existing file alone', () => {
      const file = scratchFile('keep.txt');
      writeFileSync(file, 'mine\n');
      const r = chimera('run', 'chimera-soc', ...loads, '--trace-events', 'pl011,mbox*', '--trace-events-file', file);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(/--trace-events: 'mbox\*' matches nothing on board chimera-soc; devices: .*mailbox \(mailbox\).*; CPUs: cpu0 \(aarch64\), cpu1 \(sparc\)/);
      expect(readFileSync(file, 'utf8')).to.equal('mine\n');
    });

    it('refuses an unknown kind, a file without patterns, and a file that is another output or an input', () => {
      const t = scratchFile('same.json');
      const cases: [string[], RegExp][] = [
        [['--trace-events', 'gic:edge'], /unknown event kind "edge"/],
        [['--trace-events-file', scratchFile('x.txt')], /--trace-events-file: give --trace-events PATTERNS too/],
        [['--trace-events', 'gic', '--trace-events-file', t, '--trace', t], /is also the output of/],
        [['--trace-events', 'gic', '--trace-events-file', pingpong[0].file], /is an input file; refusing to overwrite it/],
      ];
      for (const [args, re] of cases) {
        const r = chimera('run', 'chimera-soc', ...loads, ...args);
        expect(r.status, args.join(' ')).to.equal(2);
        expect(r.stderr, args.join(' ')).to.match(re);
      }
    });
  });
});
