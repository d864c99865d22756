import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';

/** A test client of `chimera run --monitor`: sends requests, waits for their answers and events. */
export class MonitorClient {
  private buffer = '';
  readonly messages: Record<string, unknown>[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      let nl;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        this.messages.push(JSON.parse(this.buffer.slice(0, nl)) as Record<string, unknown>);
        this.buffer = this.buffer.slice(nl + 1);
      }
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    });
  }

  static connect(where: string): Promise<MonitorClient> {
    return new Promise((resolve, reject) => {
      const m = /^(.*):(\d+)$/.exec(where);
      const s = where.startsWith('unix:') ? createConnection(where.slice(5)) : createConnection(Number(m![2]), m![1]);
      s.once('connect', () => resolve(new MonitorClient(s)));
      s.once('error', reject);
    });
  }

  /** The first message (after those already taken) that `pick` accepts. */
  async waitFor(pick: (m: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex(pick);
      if (i >= 0) return this.messages.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error(`no such message; have ${JSON.stringify(this.messages)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  /** Send a raw line; returns the next message with no `event` (answers come in order). */
  async raw(line: string): Promise<Record<string, unknown>> {
    this.socket.write(line + '\n');
    return this.waitFor((m) => !('event' in m) && !('QMP' in m));
  }

  async execute(name: string, args?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.socket.write(JSON.stringify({ execute: name, ...(args && { arguments: args }), id }) + '\n');
    return this.waitFor((m) => m.id === id);
  }

  close(): void {
    this.socket.end();
  }
}

/** Start `chimera run ... --monitor`, and resolve with where it listens once it says so. */
export function startMonitored(bin: string, args: string[]): Promise<{ child: ChildProcess; where: string; stdout: () => string; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /monitor listening on (\S+)/.exec(err);
      if (m) resolve({ child, where: m[1], stdout: () => out, stderr: () => err, exit });
    });
    void exit.then((code) => reject(new Error(`exited ${code} before listening: ${err}`)));
  });
}
