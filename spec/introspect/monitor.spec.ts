import { expect } from 'chai';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { packageRoot } from '../../src/util/package-root.js';
import { parseMonitorAddress } from '../../src/monitor/monitor-address.js';
import { scratchFile } from '../helpers/toy-harness.js';
import { MonitorClient, startMonitored } from './monitor-client.js';

const ROOT = packageRoot();
const BIN = join(ROOT, 'bin', 'chimera.js');
const HETERO = join(ROOT, 'guests', 'hetero');
const LOADS = ['--load', `cpu0=${join(HETERO, 'build', 'pingpong-a64.elf')}`, '--load', `cpu1=${join(HETERO, 'build', 'pingpong-sparc.elf')}`];
const EXPECTED = readFileSync(join(HETERO, 'expected', 'pingpong.out'), 'latin1');

describe('--monitor (JSON, QMP-like)', function () {
  this.timeout(120_000);
  const children: ChildProcess[] = [];
  // A failing test must not leave a paused simulator behind.
  afterEach(() => children.splice(0).forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

  it('parses addresses: localhost unless a host is named; unix sockets', () => {
    expect(parseMonitorAddress('4444')).to.deep.equal({ _tag: 'Right', right: { kind: 'tcp', host: '127.0.0.1', port: 4444 } });
    expect(parseMonitorAddress('0.0.0.0:1')).to.deep.equal({ _tag: 'Right', right: { kind: 'tcp', host: '0.0.0.0', port: 1 } });
    expect(parseMonitorAddress('[::1]:80')).to.deep.equal({ _tag: 'Right', right: { kind: 'tcp', host: '::1', port: 80 } });
    expect(parseMonitorAddress('unix:/tmp/m.sock')).to.deep.equal({ _tag: 'Right', right: { kind: 'unix', path: '/tmp/m.sock' } });
    expect(parseMonitorAddress('70000')._tag).to.equal('Left');
    expect(parseMonitorAddress('host:port')._tag).to.equal('Left');
  });

  it('a paused pingpong: greeting, queries, registers, memory, devices, errors, then cont runs it to the end unchanged', async () => {
    const run = await startMonitored(BIN, ['run', 'chimera-soc', ...LOADS, '--monitor', '0', '--paused']);
    children.push(run.child);
    expect(run.where).to.match(/^127\.0\.0\.1:\d+$/);
    const c = await MonitorClient.connect(run.where);
    const greeting = await c.waitFor((m) => 'QMP' in m);
    expect(greeting).to.deep.equal({ QMP: { version: { chimera: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version }, capabilities: [] } });
    expect(await c.execute('qmp_capabilities')).to.deep.include({ return: {} });

    const commands = (await c.execute('query-commands')).return as { name: string; description: string }[];
    for (const n of ['query-cpus', 'memory-read', 'device-inspect', 'query-devices', 'query-time', 'stop', 'cont', 'quit', 'query-status']) {
      expect(commands.map((x) => x.name)).to.include(n);
    }
    expect((await c.execute('query-status')).return).to.deep.equal({ status: 'paused', running: false, 'virtual-time': 0 });

    const cpus = (await c.execute('query-cpus')).return as { id: string; arch: string; pc: string; registers: { name: string; value: string }[] }[];
    expect(cpus.map((x) => [x.id, x.arch])).to.deep.equal([['cpu0', 'aarch64'], ['cpu1', 'sparc'], ['cpu2', 'x86_64']]);
    // Paused at time 0: cpu0 at its ELF entry, cpu1 at its reset vector (boot: reset).
    expect(cpus[1].pc).to.equal('0x0');
    const pcReg = cpus[0].registers.find((r) => r.name === 'pc');
    expect(pcReg?.value).to.equal(cpus[0].pc);
    expect(cpus[1].registers.map((r) => r.name)).to.include.members(['g1', 'o6', 'psr', 'pc']);

    // The ELF's first bytes through cpu0's view: the ELF's entry code.
    const mem = (await c.execute('memory-read', { cpu: 'cpu0', address: cpus[0].pc, size: 8 })).return as { data: string };
    expect(mem.data).to.match(/^[0-9a-f]{16}$/);
    expect(mem.data).not.to.equal('0000000000000000');

    const devices = (await c.execute('query-devices')).return as { id: string; plugin: string; inspect: boolean }[];
    expect(devices.find((d) => d.id === 'uart0')).to.deep.include({ plugin: 'pl011', inspect: true });
    const uart = (await c.execute('device-inspect', { id: 'uart0' })).return as { plugin: string; state: Record<string, unknown> };
    expect(uart.plugin).to.equal('pl011');

    // Errors, QMP style, and the connection survives them.
    const err = (m: Record<string, unknown>) => m.error as { class: string; desc: string };
    expect(err(await c.raw('{"execute": '))).to.deep.include({ class: 'GenericError' });
    expect(err(await c.raw('{nope')).desc).to.match(/JSON parse error/);
    expect(err(await c.raw('[1,2]')).desc).to.match(/a request is a JSON object/);
    expect(err(await c.execute('frobnicate'))).to.deep.equal({ class: 'CommandNotFound', desc: 'The command frobnicate has not been found (query-commands lists them)' });
    expect(err(await c.execute('memory-read', { cpu: 'cpu0', address: 0x40000000 })).desc).to.equal("Parameter 'size' is missing");
    expect(err(await c.execute('memory-read', { cpu: 'cpu0', address: 'here', size: 4 })).desc).to.match(/Invalid parameter type for 'address'/);
    expect(err(await c.execute('memory-read', { cpu: 'cpu0', address: 0x09000000, size: 4 })).desc).to.match(/not all RAM or ROM for cpu0/);
    expect(err(await c.execute('memory-read', { cpu: 'cpu0', address: 0, size: 1e6 })).desc).to.match(/read 1\.\.65536 bytes/);
    expect(err(await c.execute('memory-read', { cpu: 'cpu7', address: 0, size: 1 }))).to.deep.include({ class: 'DeviceNotFound' });
    expect(err(await c.execute('device-inspect', { id: 'uart0', extra: 1 })).desc).to.match(/Parameter 'extra' is unexpected/);
    expect(err(await c.execute('device-inspect', { id: 'nope' })).desc).to.match(/no device "nope"; devices: .*uart0/);

    expect(await c.execute('cont')).to.deep.include({ return: {} });
    await c.waitFor((m) => m.event === 'RESUME');
    const shutdown = await c.waitFor((m) => m.event === 'SHUTDOWN');
    expect((shutdown.data as { reason: string }).reason).to.match(/the guest exited with status 0/);
    expect(await run.exit).to.equal(0);
    expect(run.stdout()).to.equal(EXPECTED);
    c.close();
  });

  it('stop holds virtual time still; cont resumes; quit ends the run', async () => {
    // stream runs long enough to stop it in the middle.
    const loads = ['--load', `cpu0=${join(HETERO, 'build', 'stream-a64.elf')}`, '--load', `cpu1=${join(HETERO, 'build', 'stream-sparc.elf')}`];
    const sock = scratchFile('mon.sock');
    const run = await startMonitored(BIN, ['run', 'chimera-soc', ...loads, '--monitor', `unix:${sock}`]);
    children.push(run.child);
    const c = await MonitorClient.connect(run.where);
    await c.execute('stop');
    await c.waitFor((m) => m.event === 'STOP');
    const t1 = ((await c.execute('query-time')).return as { ps: number }).ps;
    await new Promise((r) => setTimeout(r, 300));
    const t2 = ((await c.execute('query-time')).return as { ps: number }).ps;
    expect(t2).to.equal(t1);
    expect((await c.execute('query-status')).return).to.deep.include({ status: 'paused' });
    await c.execute('quit');
    expect(await run.exit).to.equal(0);
    expect(run.stderr()).to.match(/quit \(Ctrl-A x\)/);
    expect(existsSync(sock), 'socket removed').to.equal(false);
  });

  it('refuses a bad address, --paused alone, and a socket path that exists', () => {
    const taken = scratchFile('taken.sock');
    writeFileSync(taken, 'a file of mine');
    const cases: [string[], RegExp][] = [
      [['--monitor', 'nowhere:x'], /--monitor nowhere:x: write PORT, HOST:PORT/],
      [['--paused'], /--paused: give --monitor too/],
      [['--monitor', `unix:${taken}`], /the path exists; remove it or name another/],
    ];
    for (const [args, re] of cases) {
      const r = spawnSync(process.execPath, [BIN, 'run', 'chimera-soc', ...LOADS, ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(re);
    }
    expect(readFileSync(taken, 'utf8')).to.equal('a file of mine');
  });
});
