import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, unlinkSync } from 'node:fs';
import { checkArgs, MonitorError, monitorCommands, type MonitorCommand, type MonitorTarget } from './monitor-commands.js';
import { describeMonitorAddress, type MonitorAddress } from './monitor-address.js';

/** A request line longer than this is refused and the connection closed (a hostile client). */
const MAX_LINE = 1 << 20;

/**
 * `chimera run --monitor`: a JSON protocol in the spirit of QEMU's QMP. Each client gets a
 * greeting, then sends one JSON object per line, `{"execute": NAME, "arguments": {...}, "id": X}`,
 * and gets `{"return": ..., "id": X}` or `{"error": {"class", "desc"}, "id": X}` in order.
 * Events (`STOP`, `RESUME`, `SHUTDOWN`) go to every client. Requests run on the event loop, which
 * the run yields to between time slices, so a command always sees the machine between slices.
 */
export class MonitorServer {
  private readonly server: Server;
  private readonly clients = new Set<Socket>();
  private readonly commands: Map<string, MonitorCommand>;

  private constructor(private readonly target: MonitorTarget, readonly address: MonitorAddress) {
    this.commands = new Map(monitorCommands(target).map((c) => [c.name, c]));
    this.server = createServer((socket) => this.accept(socket));
    target.gate.onChange((paused) => this.event(paused ? 'STOP' : 'RESUME', { 'virtual-time': target.machine.scheduler.now() }));
  }

  /** Listen; fails with a message (port taken, socket path in use) rather than throwing. */
  static listen(target: MonitorTarget, address: MonitorAddress): Promise<MonitorServer | string> {
    const m = new MonitorServer(target, address);
    if (address.kind === 'unix' && existsSync(address.path)) return Promise.resolve(`--monitor ${address.path}: the path exists; remove it or name another (never replaced silently)`);
    return new Promise((resolve) => {
      m.server.once('error', (e) => resolve(`--monitor ${describeMonitorAddress(address)}: cannot listen: ${(e as Error).message}`));
      const ready = () => resolve(m);
      if (address.kind === 'unix') m.server.listen(address.path, ready);
      else m.server.listen(address.port, address.host, ready);
    });
  }

  /** Where it listens, with the real port when port 0 asked for any. */
  get where(): string {
    const a = this.server.address();
    if (this.address.kind === 'unix' || a === null || typeof a === 'string') return describeMonitorAddress(this.address);
    return describeMonitorAddress({ kind: 'tcp', host: a.address, port: a.port });
  }

  /** Tell every client, then close. */
  async close(reason: Record<string, unknown>): Promise<void> {
    this.event('SHUTDOWN', reason);
    for (const c of this.clients) c.end();
    await new Promise<void>((r) => this.server.close(() => r()));
    if (this.address.kind === 'unix' && existsSync(this.address.path)) unlinkSync(this.address.path);
  }

  private accept(socket: Socket): void {
    this.clients.add(socket);
    socket.setEncoding('utf8');
    socket.on('error', () => this.clients.delete(socket));
    socket.on('close', () => this.clients.delete(socket));
    this.send(socket, { QMP: { version: { chimera: this.target.version }, capabilities: [] } });
    let pending = '';
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line) this.send(socket, this.handle(line));
      }
      if (pending.length > MAX_LINE) {
        this.send(socket, { error: { class: 'GenericError', desc: `request longer than ${MAX_LINE} bytes without a newline; closing` } });
        socket.end();
      }
    });
  }

  /** One request line to one response; never throws. */
  handle(line: string): Record<string, unknown> {
    let req: unknown;
    try {
      req = JSON.parse(line);
    } catch (e) {
      return { error: { class: 'GenericError', desc: `JSON parse error: ${(e as Error).message}` } };
    }
    const id = typeof req === 'object' && req !== null && 'id' in req ? { id: (req as { id: unknown }).id } : {};
    try {
      if (typeof req !== 'object' || req === null || Array.isArray(req)) throw new MonitorError('GenericError', 'a request is a JSON object: {"execute": "command", "arguments": {...}}');
      const r = req as Record<string, unknown>;
      const extra = Object.keys(r).filter((k) => !['execute', 'arguments', 'id'].includes(k));
      if (extra.length) throw new MonitorError('GenericError', `unexpected member '${extra[0]}' (a request has execute, arguments and id)`);
      if (typeof r.execute !== 'string') throw new MonitorError('GenericError', "a request needs 'execute' with a command name (query-commands lists them)");
      const cmd = this.commands.get(r.execute);
      if (!cmd) throw new MonitorError('CommandNotFound', `The command ${r.execute} has not been found (query-commands lists them)`);
      return { return: cmd.run(checkArgs(cmd, r.arguments)) ?? {}, ...id };
    } catch (e) {
      if (e instanceof MonitorError) return { error: { class: e.errorClass, desc: e.message }, ...id };
      return { error: { class: 'GenericError', desc: `internal error: ${(e as Error).message}` }, ...id };
    }
  }

  private event(name: string, data: Record<string, unknown>): void {
    const now = Date.now();
    for (const c of this.clients) this.send(c, { event: name, data, timestamp: { seconds: Math.floor(now / 1000), microseconds: (now % 1000) * 1000 } });
  }

  private send(socket: Socket, message: unknown): void {
    if (!socket.destroyed) socket.write(JSON.stringify(message) + '\n');
  }
}
