import { expect } from 'chai';
import mailbox from '../../../plugins/mailbox/index.js';
import { createTestContext } from 'chimera-sim/testing';
import type { DeviceTraceEvent } from '../../../src/api/index.js';

const DATA = 0x0;
const STATUS = 0x4;
const CTRL = 0x8;
const win = (i: number, reg: number) => i * 0x100 + reg;

function setup(options: Record<string, unknown> = {}, traced = false) {
  const env = createTestContext(options, { cpus: 2, id: 'mbox' });
  const events: DeviceTraceEvent[] = [];
  const trace = { enabled: traced, emit: (e: Omit<DeviceTraceEvent, 'device' | 'time'>) => void events.push({ ...e, device: 'mbox', time: env.scheduler.now() }) };
  const dev = mailbox.create({ ...env.ctx, trace } as never);
  dev.reset();
  return { env, dev, events, read: (o: number, cpu = 0) => dev.read!(o, 4, cpu), write: (o: number, v: number, cpu = 0) => dev.write!(o, 4, v, cpu) };
}

describe('plugins/mailbox', () => {
  it('delivers words first in, first out, with status bits and count', () => {
    const { read, write } = setup();
    write(win(1, DATA), 0xdeadbeef, 0);
    write(win(1, DATA), 7, 0);
    expect(read(win(1, STATUS), 1)).to.equal((2 << 16) | 1);
    expect(read(win(0, STATUS), 0)).to.equal(0);
    expect(read(win(1, DATA), 1)).to.equal(0xdeadbeef);
    expect(read(win(1, DATA), 1)).to.equal(7);
    expect(read(win(1, STATUS), 1)).to.equal(0);
  });

  it('drops a word pushed into a full inbox and sets OVERFLOW until cleared', () => {
    const { read, write } = setup();
    for (let k = 0; k < 17; k++) write(win(0, DATA), k, 1);
    expect(read(win(0, STATUS))).to.equal(((16 << 16) | 0b0111) >>> 0);
    for (let k = 0; k < 16; k++) expect(read(win(0, DATA))).to.equal(k);
    expect(read(win(0, STATUS)) & 0b0100).to.equal(0b0100); // sticky
    write(win(0, CTRL), 0b0100);
    expect(read(win(0, STATUS))).to.equal(0);
  });

  it('returns 0 and sets UNDERFLOW when popping an empty inbox', () => {
    const { read, write } = setup();
    expect(read(win(0, DATA))).to.equal(0);
    expect(read(win(0, STATUS))).to.equal(0b1000);
    write(win(0, CTRL), 0b1000);
    expect(read(win(0, STATUS))).to.equal(0);
  });

  it('raises irq<i> while inbox i is non-empty and enabled', () => {
    const { env, read, write } = setup();
    write(win(1, CTRL), 1);
    expect(read(win(1, CTRL))).to.equal(1);
    write(win(1, DATA), 5);
    expect(env.line('irq1').level).to.equal(1);
    expect(env.line('irq0').level).to.equal(0);
    read(win(1, DATA), 1);
    expect(env.line('irq1').level).to.equal(0);
    write(win(1, DATA), 6);
    write(win(1, CTRL), 0);
    expect(env.line('irq1').level).to.equal(0);
  });

  it('takes effect after the configured latency in virtual time', () => {
    const { env, read, write } = setup({ latency: '100ns', popLatency: '1us' });
    write(win(0, CTRL), 1);
    write(win(0, DATA), 42, 1);
    expect(read(win(0, STATUS))).to.equal(0);
    env.scheduler.advance(99_999);
    expect(env.line('irq0').level).to.equal(0);
    env.scheduler.advance(1);
    expect(env.line('irq0').level).to.equal(1);
    expect(read(win(0, STATUS))).to.equal((1 << 16) | 1);
    // A popped slot stays taken for popLatency: 15 more words fill the inbox meanwhile.
    expect(read(win(0, DATA))).to.equal(42);
    for (let k = 0; k < 16; k++) write(win(0, DATA), k, 1);
    env.scheduler.advance(100_000);
    expect(read(win(0, STATUS)) & 0b0110).to.equal(0b0110); // FULL and the 16th word dropped
  });

  it('never loses a word from a fast writer that checks FULL before each push, with latency on', () => {
    const { env, read, write } = setup({ latency: '100ns', popLatency: '100ns' });
    const received: number[] = [];
    let sent = 0;
    let refusedChecks = 0;
    // Writer: one attempt every 1 ns (a 1 GHz core); reader: one pop every 30 ns (a slow core).
    for (let t = 0; received.length < 3000 && t < 1e6; t++) {
      if (sent < 3000) {
        if (read(win(1, STATUS), 0) & 0b0010) refusedChecks++;
        else write(win(1, DATA), sent++, 0);
      }
      if (t % 30 === 0 && read(win(1, STATUS), 1) & 0b0001) received.push(read(win(1, DATA), 1));
      env.scheduler.advance(1000);
    }
    expect(received).to.deep.equal(Array.from({ length: 3000 }, (_, k) => k));
    expect(read(win(1, STATUS), 1) & 0b0100, 'OVERFLOW').to.equal(0);
    expect(refusedChecks, 'the writer did see FULL').to.be.greaterThan(0);
  });

  it('counts words in flight: FULL after 16 writes within one latency, the 17th refused at once', () => {
    const { env, read, write } = setup({ latency: '1us' });
    for (let k = 0; k < 16; k++) write(win(0, DATA), k, 1);
    expect(read(win(0, STATUS)) & 0b0011).to.equal(0b0010); // FULL, nothing arrived yet
    write(win(0, DATA), 99, 1);
    expect(read(win(0, STATUS)) & 0b0100).to.equal(0b0100); // refused when written
    env.scheduler.advance(1_000_000);
    expect(read(win(0, STATUS)) >>> 16).to.equal(16);
    for (let k = 0; k < 16; k++) expect(read(win(0, DATA))).to.equal(k);
  });

  it('reports pushes and pops as a flow between the two CPUs when traced', () => {
    const { events, read, write } = setup({}, true);
    write(win(1, DATA), 9, 0);
    read(win(1, DATA), 1);
    const flows = events.map((e) => [e.phase, e.flowId, e.cpu]);
    expect(flows).to.deep.equal([['flow-start', 1, 'cpu0'], ['flow-end', 1, 'cpu1']]);
  });
});
