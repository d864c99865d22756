import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import { framePacket } from '../../src/gdb/packet-codec.js';
import { BIN, HETERO, startChimera } from './gdb-harness.js';

const HELLO = join(packageRoot(), 'guests', 'aarch64', 'build', 'arith.elf');

/** A raw protocol client: send bytes, collect replies. */
class Client {
  private buffer = '';
  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => (this.buffer += d.toString('latin1')));
  }
  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Client(s)));
      s.on('error', reject);
    });
  }
  raw(text: string): void {
    this.socket.write(Buffer.from(text, 'latin1'));
  }
  /** Send a packet and return the payload of the reply packet (acks skipped). */
  async ask(payload: string): Promise<string> {
    this.buffer = '';
    this.socket.write(framePacket(payload));
    return this.reply();
  }
  async reply(): Promise<string> {
    for (let k = 0; k < 400; k++) {
      const m = /\$([^#]*)#[0-9a-f]{2}/.exec(this.buffer);
      if (m) {
        this.buffer = this.buffer.slice(m.index + m[0].length);
        return m[1];
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no reply; got ${JSON.stringify(this.buffer)}`);
  }
  get received(): string {
    return this.buffer;
  }
}

describe('gdb stub protocol (raw client)', function () {
  this.timeout(60_000);

  it('steps a SPARC core one instruction at a time, each counted once (the translator stays off under the debugger)', async () => {
    const chimera = await startChimera(['leon3', '--kernel', join(packageRoot(), 'guests', 'sparc', 'build', 'sort.elf'), '--gdb', '0'], 1);
    after(() => chimera.child.kill());
    const c = await Client.open(chimera.ports.get('cpu0')!);
    const retired = async (): Promise<number> => {
      const t = Buffer.from((await c.ask(`qRcmd,${Buffer.from('time').toString('hex')}`)).slice(1), 'hex').toString();
      await c.reply(); // the OK after the output
      return Number(/cpu0: .*, (\d+) instructions/.exec(t)![1]);
    };
    for (let k = 0; k < 5; k++) {
      const before = await retired();
      expect(await c.ask('s')).to.match(/^T05thread:1;$/);
      expect(await retired()).to.equal(before + 1);
    }
    expect(await c.ask('c')).to.match(/^W00$/);
    expect(await chimera.exited).to.equal(0);
  });

  it('answers hostile and malformed input without crashing, survives a client that vanishes mid-packet', async () => {
    const chimera = await startChimera(['virt-aarch64', '--kernel', HELLO, '--gdb', '0'], 1);
    after(() => chimera.child.kill());
    const port = chimera.ports.get('cpu0')!;
    const a = await Client.open(port);
    a.raw('$g#00'); // bad checksum: nack
    await new Promise((r) => setTimeout(r, 50));
    expect(a.received).to.equal('-');
    expect(await a.ask('qSupported:swbreak+;hwbreak+')).to.match(/PacketSize=[0-9a-f]+;qXfer:features:read\+/);
    expect(await a.ask('vMustReplyEmpty')).to.equal('');
    expect(await a.ask('Qbogus')).to.equal('');
    expect(await a.ask('m')).to.equal('E00');
    expect(await a.ask('mzz,4')).to.equal('E00');
    expect(await a.ask('m40000000,zz')).to.equal('E00');
    expect(await a.ask('mffff00000000,4')).to.equal('E14'); // not mapped
    expect(await a.ask('m09000000,4')).to.equal('E14'); // a device window: never read by the debugger
    expect(await a.ask('Z2,ffff00000000,4')).to.equal('E01');
    expect(await a.ask('Z9,0,4')).to.equal('E00');
    expect(await a.ask('p999')).to.equal('E00');
    expect(await a.ask('Hg99')).to.equal('E02');
    expect(await a.ask('M40000000,4:0011')).to.equal('E00'); // length mismatch
    // The PC is 64-bit little endian: register 32 (x0..x30, sp, pc).
    expect(await a.ask('p20')).to.equal('0000004000000000');
    const xml = await a.ask('qXfer:features:read:target.xml:0,ffff');
    expect(xml).to.match(/^l<\?xml[\s\S]*<architecture>aarch64<\/architecture>[\s\S]*org\.gnu\.gdb\.aarch64\.fpu/);
    expect(await a.ask('qXfer:features:read:other.xml:0,10')).to.equal('E00');
    expect(await a.ask('qfThreadInfo')).to.equal('m1');
    expect(await a.ask('qXfer:threads:read::0,fff')).to.match(/<thread id="1" core="0" name="cpu0">/);
    // Memory written through the stub reads back, and a store of the same bytes is visible to the CPU.
    expect(await a.ask('M40100000,4:deadbeef')).to.equal('OK');
    expect(await a.ask('m40100000,4')).to.equal('deadbeef');
    expect(await a.ask('X40100000,2:}$')).to.equal('OK'); // binary: framing escapes } and $
    expect(await a.ask('m40100000,4')).to.equal('7d24beef');
    // Half a packet, then the client is gone.
    a.raw('$m40000000,');
    a.socket.destroy();
    await new Promise((r) => setTimeout(r, 100));

    // The simulator is still there and takes the next debugger; the machine never ran.
    const b = await Client.open(port);
    expect(await b.ask('?')).to.match(/^T05thread:1;/);
    const time = Buffer.from((await b.ask(`qRcmd,${Buffer.from('time').toString('hex')}`)).slice(1), 'hex').toString();
    expect(time).to.match(/^virtual time 0 ps/);
    expect(await b.reply()).to.equal('OK');
    expect(await b.ask('Z0,40000004,4')).to.equal('OK');
    expect(await b.ask('c')).to.match(/^T05thread:1;swbreak:;/);
    expect(await b.ask('p20')).to.equal('0400004000000000');
    const retired = async (): Promise<number> => {
      const t = Buffer.from((await b.ask(`qRcmd,${Buffer.from('time').toString('hex')}`)).slice(1), 'hex').toString();
      await b.reply(); // the OK after the output
      return Number(/cpu0: .*, (\d+) instructions/.exec(t)![1]);
    };
    const before = await retired();
    expect(await b.ask('s')).to.match(/^T05thread:1;$/);
    expect(await retired()).to.equal(before + 1); // exactly one instruction (0x40000004 is a branch)
    expect(await b.ask('p20')).to.not.equal('0400004000000000');
    expect(await b.ask('z0,40000004,4')).to.equal('OK');
    expect(await b.ask('c')).to.match(/^W00$/); // the guest ran to its end
    expect(await chimera.exited).to.equal(0);
    expect(chimera.stdout().length).to.be.above(0);
  });

  it('refuses one port for a mixed board and unknown CPUs, with exit status 2', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'run', 'chimera-soc', '--load', `cpu0=${join(HETERO, 'race-a64.elf')}`, '--load', `cpu1=${join(HETERO, 'race-sparc.elf')}`, ...args], { encoding: 'utf8' });
    const mixed = run('--gdb', '1234');
    expect(mixed.status).to.equal(2);
    expect(mixed.stderr).to.match(/mixes aarch64, sparc and x86_64 CPUs.*--gdb cpu0=1234,cpu1=1235,cpu2=1236/);
    const unknown = run('--gdb', 'cpu7=1234');
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.match(/has no CPU "cpu7"/);
    const bad = run('--gdb', 'localhost:99999');
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.match(/--gdb: port 99999 is above 65535/);
  });
});
