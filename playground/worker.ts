/**
 * The playground's Web Worker: builds the machine from the bundled registry and the programs the
 * page sends, runs it, and streams serial text and the CPU timeline back between slices. The run
 * is synchronous; the page stops it by terminating the worker.
 */
import { arches, boards, plugins } from 'chimera:registry';
import {
  buildSimulation,
  ChromeTraceRecorder,
  createRegistryContainer,
  DeviceFault,
  MAX_VIRTUAL_TIME_PS,
  MemoryHostFiles,
  parseDuration,
  type Machine,
} from '../src/browser.js';
import type { FlowEnd, FromWorker, OpenState, Span, ToWorker } from './protocol.js';

/** How often (host ms) the worker sends what happened, while a run goes on. */
const UPDATE_MS = 100;

const post = (m: FromWorker): void => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(m);
const warnings: string[] = [];

function container(files = new MemoryHostFiles()) {
  return createRegistryContainer({ arches, plugins, boards, files }, { logWrite: (l) => void warnings.push(l) });
}

async function describe(board: string): Promise<void> {
  const built = await buildSimulation(container(), { board });
  if (built._tag === 'Left') return post({ type: 'error', message: built.left.message });
  const m = built.right;
  post({
    type: 'described',
    shape: {
      board,
      description: m.board.description,
      quantumPs: m.board.quantum,
      cpus: m.cpuEntries.map((e) => ({ id: e.cpu.id, arch: e.arch.id, elfMachines: e.arch.elfMachines, littleEndian: e.memory.littleEndian })),
      serial: [...m.serial.keys()],
    },
  });
}

function parseTime(text: string, field: string): number {
  const t = parseDuration(text);
  if (t._tag === 'Left') throw new UserMessage(`${field}: ${t.left}`);
  if (t.right <= 0) throw new UserMessage(`${field}: must be greater than zero`);
  return t.right;
}

class UserMessage extends Error {}

async function run(req: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const files = new MemoryHostFiles();
  const images = req.images.map((img) => {
    const file = `${img.cpu}/${img.name}`;
    files.add(file, new Uint8Array(img.bytes));
    return { file, cpu: img.cpu };
  });
  const quantum = req.quantum ? parseTime(req.quantum, 'quantum') : undefined;
  const maxTime = Math.min(parseTime(req.maxTime, 'max time'), MAX_VIRTUAL_TIME_PS);
  const built = await buildSimulation(container(files), { board: req.board, set: req.set, quantum, images });
  if (built._tag === 'Left') return post({ type: 'error', message: built.left.message });
  const machine = built.right;

  const serial = new Map<string, string>();
  for (const [id, ch] of machine.serial) ch.connect((b) => serial.set(id, (serial.get(id) ?? '') + String.fromCharCode(b)));
  machine.connectConsole((b) => serial.set('console', (serial.get('console') ?? '') + String.fromCharCode(b)));
  const timeline = new TimelineCollector(machine);
  const trace = new ChromeTraceRecorder(machine);

  const flush = (now: number): void => {
    for (const [device, text] of serial) if (text) post({ type: 'serial', device, text });
    serial.clear();
    post({ type: 'timeline', now, ...timeline.take() });
  };
  let last = performance.now();
  const t0 = performance.now();
  const stop = machine.run(maxTime, (time) => {
    const t = performance.now();
    if (t - last >= UPDATE_MS) {
      last = t;
      flush(time);
    }
  });
  const runMs = performance.now() - t0;
  const end = machine.scheduler.endTime;
  timeline.close(end);
  flush(end);
  const stopText =
    stop.kind === 'exit' ? `the guest exited with status ${stop.status} (${stop.by})` : stop.kind === 'max-time' ? 'max time reached' : stop.kind === 'deadlock' ? 'every CPU waits and nothing can wake them' : 'every CPU stopped';
  post({
    type: 'done',
    summary: {
      stop: stopText,
      endTimePs: end,
      quantumPs: machine.scheduler.quantum,
      instructions: Object.fromEntries(machine.cpuEntries.map((e) => [e.cpu.id, e.cpu.instructions])),
      runMs,
    },
    trace: trace.finish(end),
  });
}

/** CPU state spans and flow ends, gathered as the machine runs and handed over in batches. */
class TimelineCollector {
  private spans: Span[] = [];
  private flows: FlowEnd[] = [];
  private readonly open = new Map<string, OpenState>();

  constructor(machine: Machine) {
    for (const cpu of machine.cpus) {
      this.open.set(cpu.id, { cpu: cpu.id, state: cpu.state, since: 0 });
      cpu.stateChanges.subscribe((c) => this.change(c.cpu, c.state, c.time));
    }
    machine.deviceEvents.subscribe((e) => {
      if ((e.phase === 'flow-start' || e.phase === 'flow-end') && e.flowId !== undefined && e.cpu) {
        this.flows.push({ id: e.flowId, end: e.phase === 'flow-start' ? 'start' : 'end', cpu: e.cpu, time: e.time, device: e.device });
      }
    });
  }

  /** A woken CPU may be stamped with its waker's earlier time; spans never go back (as in the trace). */
  private change(cpu: string, state: OpenState['state'], time: number): void {
    const o = this.open.get(cpu)!;
    const at = Math.max(time, o.since);
    if (at > o.since) this.spans.push({ cpu, state: o.state, from: o.since, to: at });
    this.open.set(cpu, { cpu, state, since: at });
  }

  close(end: number): void {
    for (const o of [...this.open.values()]) this.change(o.cpu, 'stopped', end);
  }

  take(): { spans: Span[]; open: OpenState[]; flows: FlowEnd[] } {
    const out = { spans: this.spans, open: [...this.open.values()], flows: this.flows };
    this.spans = [];
    this.flows = [];
    return out;
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  (m.type === 'describe' ? describe(m.board) : run(m)).catch((err: unknown) =>
    post({
      type: 'error',
      message: err instanceof UserMessage || err instanceof DeviceFault ? err.message : `internal error (a Chimera bug): ${(err as Error).stack ?? String(err)}`,
    }),
  );
};
