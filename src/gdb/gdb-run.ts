import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { createServer, type Server, type Socket } from 'node:net';
import type { GdbArchDescription } from '../api/debug.js';
import type { StopReason } from '../api/machine-control.js';
import type { UserStop } from '../cli/interactive-run.js';
import type { Machine, MachineCpu } from '../machine/machine.js';
import type { GdbEndpoint } from './gdb-args.js';
import { DebugController } from './debug-controller.js';
import { GdbSession } from './gdb-session.js';

/** One listening port: the CPUs it serves (threads of one session) and their arch's description. */
interface Group {
  readonly endpoint: GdbEndpoint;
  readonly cpus: readonly MachineCpu[];
  readonly description: GdbArchDescription;
}

/** Check the endpoints against the board: CPUs exist, have debug support, one arch per port. */
export function gdbGroups(machine: Machine, endpoints: readonly GdbEndpoint[]): Either<string, Group[]> {
  const groups: Group[] = [];
  for (const ep of endpoints) {
    let cpus: MachineCpu[];
    if (ep.cpu === undefined) cpus = [...machine.cpuEntries];
    else {
      const e = machine.cpuEntries.find((c) => c.cpu.id === ep.cpu);
      if (!e) return left(`--gdb ${ep.cpu}=...: board ${machine.board.name} has no CPU "${ep.cpu}"; CPUs: ${machine.cpus.map((c) => c.id).join(', ')}`);
      cpus = [e];
    }
    const arches = [...new Set(cpus.map((e) => e.arch.id))];
    if (arches.length > 1) {
      const example = machine.cpuEntries.map((e, i) => `${e.cpu.id}=${ep.port + i}`).join(',');
      return left(`--gdb ${ep.port}: board ${machine.board.name} mixes ${arches.join(' and ')} CPUs and one gdb connection holds one architecture; give each CPU its own port, e.g. --gdb ${example} (see docs/debugging.md)`);
    }
    const e = cpus[0];
    if (!e.arch.gdb || cpus.some((c) => !c.cpu.debugControl)) return left(`--gdb: arch ${e.arch.id} (${e.cpu.id}) offers no debugger support`);
    groups.push({ endpoint: ep, cpus, description: e.arch.gdb });
  }
  return right(groups);
}

export interface GdbRunOptions {
  readonly maxTime: number;
  readonly onSlice?: (time: number) => void;
  /** Messages for the user (where the servers listen); stderr by default. */
  readonly say?: (text: string) => void;
  /** Called once every server listens, with the ports they got (tests use port 0). */
  readonly onListening?: (ports: readonly { cpus: readonly string[]; host: string; port: number }[]) => void;
}

/**
 * Run the machine under gdb: listen, start halted, and let the sessions drive it until the run
 * ends (the guest exits, --max-time, every CPU stopped), gdb kills it, or the user interrupts
 * Chimera itself. Left: a port that cannot be opened.
 */
export async function runUnderGdb(machine: Machine, groups: readonly Group[], o: GdbRunOptions): Promise<Either<string, StopReason | UserStop>> {
  const say = o.say ?? ((t: string) => process.stderr.write(`chimera: ${t}\n`));
  const controller = new DebugController(machine, o.maxTime, o.onSlice);
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const sessions = new Set<GdbSession>();
  let finish!: (r: StopReason | UserStop) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<StopReason | UserStop>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  controller.listen({ halted: () => {}, ended: (reason) => finish(reason), failed: (e) => fail(e) });

  const listening: { cpus: readonly string[]; host: string; port: number }[] = [];
  for (const g of groups) {
    let busy = false;
    const server = createServer((socket) => {
      if (busy) {
        say(`gdb: refused a second connection for ${g.cpus.map((e) => e.cpu.id).join(', ')} from ${socket.remoteAddress}`);
        socket.destroy();
        return;
      }
      busy = true;
      sockets.add(socket);
      socket.setNoDelay(true);
      const session = new GdbSession(g.cpus, g.description, controller, (bytes) => void socket.write(bytes), () => finish({ kind: 'quit', by: 'gdb kill' }));
      sessions.add(session);
      say(`gdb: connected to ${g.cpus.map((e) => e.cpu.id).join(', ')} from ${socket.remoteAddress}:${socket.remotePort}`);
      socket.on('data', (chunk: Buffer) => session.receive(chunk));
      const gone = (): void => {
        if (!sessions.delete(session)) return;
        session.close();
        sockets.delete(socket);
        busy = false;
        // The last debugger detached: the machine runs on by itself. A connection that simply
        // broke leaves the machine halted, waiting for gdb to come back.
        if (session.detached && sessions.size === 0 && !controller.running) controller.resume();
        else if (!session.detached) say(`gdb: connection to ${g.cpus.map((e) => e.cpu.id).join(', ')} lost; the machine waits for gdb`);
      };
      socket.on('close', gone);
      socket.on('error', gone);
    });
    const opened = await new Promise<string | undefined>((resolve) => {
      server.once('error', (e: NodeJS.ErrnoException) => resolve(`--gdb: cannot listen on ${g.endpoint.host}:${g.endpoint.port}: ${e.code === 'EADDRINUSE' ? 'address in use' : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' ? 'no such local address' : e.message}`));
      server.listen(g.endpoint.port, g.endpoint.host, () => resolve(undefined));
    });
    if (opened) {
      for (const s of servers) s.close();
      return left(opened);
    }
    servers.push(server);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : g.endpoint.port;
    listening.push({ cpus: g.cpus.map((e) => e.cpu.id), host: g.endpoint.host, port });
    say(`gdb: ${g.cpus.map((e) => `${e.cpu.id} (${e.arch.id})`).join(', ')} waiting on ${g.endpoint.host}:${port}`);
  }
  o.onListening?.(listening);

  const onSignal = (signal: NodeJS.Signals): void => finish({ kind: 'signal', signal });
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return right(await done);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    for (const s of sessions) s.close();
    // Let the last replies (W, OK) reach gdb before the sockets close.
    await Promise.all([...sockets].map((s) => new Promise<void>((resolve) => s.end(resolve))));
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
