import { Either, left, right } from 'fp-ts/lib/Either.js';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { parseDuration } from '../time/units.js';
import { parseAddress } from '../board/board-values.js';
import type { ImageRequest } from '../runtime/simulation.js';
import type { SerialTarget } from '../output/output-router.js';
import { userError, type UserError } from '../util/user-error.js';
import { parseTimingOptions, TIMING_FLAGS, TIMING_USAGE, type TimingOptions } from '../explore/schedule/timing-options.js';
import { attachDashValues, TRUST_OPTIONS, TRUST_USAGE } from './trust-args.js';
import { parseTracePatterns, type TracePattern } from '../trace/events/trace-patterns.js';
import { parseMonitorAddress, type MonitorAddress } from '../monitor/monitor-address.js';
import { parseGdbFlag, type GdbEndpoint } from '../gdb/gdb-args.js';

export interface RunArgs {
  readonly board: string;
  readonly images: ImageRequest[];
  readonly serial: Map<string, SerialTarget>;
  readonly set: Record<string, string>;
  readonly maxTime?: number;
  readonly quantum?: number;
  readonly trace?: string;
  readonly vcd?: string;
  /** Device and CPU events to print (--trace-events), and where (--trace-events-file; stderr without). */
  readonly traceEvents?: readonly TracePattern[];
  readonly traceEventsFile?: string;
  /** Where the JSON monitor listens (--monitor), and whether the machine starts paused (--paused). */
  readonly monitor?: MonitorAddress;
  readonly paused: boolean;
  /** Snapshots to take (--snapshot-at T=FILE), in time order, and one to start from (--restore). */
  readonly snapshotAt: readonly { time: number; file: string; text: string }[];
  readonly restore?: string;
  /** Where to write the machine-readable result (end reason, guest status, time, instructions). */
  readonly result?: string;
  readonly stats: boolean;
  readonly progress?: boolean;
  /** Kernel command line (--append), for boot protocols that pass one. */
  readonly append?: string;
  /** Clock overrides and schedule perturbations (--clock, --jitter, --pct). */
  readonly timing: TimingOptions;
  /** Report data races on shared memory (--races). */
  readonly races: boolean;
  /** Extra folders of trusted plugins and arches (--plugin-dir, --arch-dir). */
  readonly pluginDirs: string[];
  readonly archDirs: string[];
  /** Initial RAM disk (--initrd) and device tree blob (--dtb), for boot protocols that take them. */
  readonly initrd?: string;
  readonly dtb?: string;
  /** Start halted and serve gdb (--gdb): where, and for which CPUs. */
  readonly gdb?: readonly GdbEndpoint[];
}

export const RUN_USAGE = `usage: chimera run <board> [--kernel FILE | --load <cpu-id>=FILE ...]
                    [--serial <device-id>=stdio|file:PATH|null ...] [--set <param>=<value> ...]
                    [--append CMDLINE] [--initrd FILE] [--dtb FILE] [--max-time 10s]
                    [--quantum 10us] [--trace out.json] [--vcd irq.vcd] [--result result.json]
                    [--trace-events PATTERNS [--trace-events-file F]]
                    [--monitor [HOST:]PORT|unix:PATH [--paused]]
                    [--snapshot-at T=FILE ...] [--restore FILE]
                    [--stats] [--plugin-dir DIR ...] [--clock C=F ...]
                    [--jitter S:B | --pct S:D[:K]] [--races] [--gdb [HOST:]PORT | --gdb C=PORT,...]

  <board>         a shipped board name (chimera boards) or a board file
  --kernel F      load F for every CPU that runs it: an ELF, or a file the CPU's boot protocol
                  places itself (virt-aarch64: a Linux Image or raw kernel); F@0xADDR: raw binary;
                  once
  --load C=F      the same for CPU C only; once per CPU
  --serial D=T    device D's serial port on stdio (default; two-way: what you type reaches it),
                  file:PATH (output only), or null. On a terminal, Ctrl-A x quits, Ctrl-A h helps
  --set P=V       set a board parameter, e.g. --set cpus=4, --set memory=512MiB
                  (semihosting=true where a board has it)
  --append S      kernel command line, for boot protocols that pass one (Linux, x86 Multiboot)
  --initrd F      initial RAM disk for a Linux kernel
  --dtb F         device tree blob to use instead of the one the board generates
  --max-time T    stop after T of virtual time (exit 3), e.g. 10s, 500ms
  --quantum T     round-robin quantum between CPUs (default: the board's)
  --trace F       write a Chrome Trace Event timeline (opens in Perfetto UI)
  --vcd F         write the interrupt lines as a VCD for GTKWave
  --trace-events P  print device and CPU events, one line each, on stderr (and on the --trace
                  timeline): P is comma-separated globs over device ids, plugin names, CPU ids,
                  arches and event kinds (read, write, irq, exception, mode); SOURCE:KIND picks
                  kinds of one source, e.g. 'pl011*,gic*:irq,cpu*:exception'
  --trace-events-file F  write those lines to F instead of stderr
  --monitor A     serve a JSON monitor (QMP-like: query-cpus, memory-read, device-inspect, stop,
                  cont...) on A: PORT or HOST:PORT (host 127.0.0.1 unless named), or unix:PATH
  --paused        start paused until the monitor says cont
  --snapshot-at T=F  save the whole machine to F at the first time-slice boundary at or after
                  virtual time T (the run goes on); once per snapshot
  --restore F     start from snapshot F instead of reset (same board, --set and programs)
  --result F      write how the run ended as JSON: reason, guest status, virtual time,
                  instructions per CPU
  --stats         print instructions, virtual time and speed on stderr
  --progress / --no-progress   progress on stderr (default: when stderr is a terminal)
${TIMING_USAGE}
  --races         report unsynchronised accesses to shared memory from different CPUs on
                  stderr (docs/timing-research.md)
  --gdb [H:]P     start halted and wait for gdb on H:P (host default 127.0.0.1): every CPU
                  is a thread; they must share one architecture
  --gdb C=P,C=P   one gdb port per CPU (mixed boards), e.g. --gdb cpu0=1234,cpu1=1235
                  (docs/debugging.md)
${TRUST_USAGE}

Why the run ended is always printed on stderr. Exit status:
  the guest's     the guest powered off or exited with a status (0 when every CPU stopped)
  2               bad input: flags, board, ELF file, a plugin that may not or cannot load
  3               --max-time ran out
  4               every CPU waits for an interrupt and nothing can wake them
  5               a device plugin failed while the guest ran (the message names it)
  70              an internal error (a Chimera bug)
A guest may exit with 2..5 or 70 too: stderr and --result say which it was.`;

/** Flags that take a value, which may start with a dash (`--max-time -1`). */
const VALUE_FLAGS = ['--gdb', '--kernel', '--load', '--serial', '--set', '--append', '--max-time', '--quantum', '--trace', '--vcd', '--result', '--trace-events', '--trace-events-file', '--monitor', '--snapshot-at', '--restore', '--plugin-dir', '--arch-dir', '--clock', '--jitter', '--pct'];

/** Parse `chimera run` arguments. Every problem names the flag. */
export function parseRunArgs(argv: string[]): Either<UserError, RunArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachDashValues(argv, VALUE_FLAGS),
      allowPositionals: true,
      strict: true,
      options: {
        kernel: { type: 'string', multiple: true },
        load: { type: 'string', multiple: true },
        serial: { type: 'string', multiple: true },
        set: { type: 'string', multiple: true },
        append: { type: 'string' },
        initrd: { type: 'string' },
        dtb: { type: 'string' },
        'max-time': { type: 'string' },
        quantum: { type: 'string' },
        trace: { type: 'string' },
        vcd: { type: 'string' },
        'trace-events': { type: 'string' },
        'trace-events-file': { type: 'string' },
        monitor: { type: 'string' },
        paused: { type: 'boolean', default: false },
        'snapshot-at': { type: 'string', multiple: true },
        restore: { type: 'string' },
        result: { type: 'string' },
        ...TRUST_OPTIONS,
        stats: { type: 'boolean', default: false },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        ...TIMING_FLAGS,
        races: { type: 'boolean', default: false },
        gdb: { type: 'string' },
      },
    });
  } catch (e) {
    return left(userError('cli', `${(e as Error).message.split('\n')[0]} (chimera run --help shows the usage)`));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return left(userError('cli', `run takes exactly one board, got ${positionals.length ? positionals.join(' ') : 'none'} (chimera run --help shows the usage)`));
  const errors: string[] = [];

  const images: ImageRequest[] = [];
  const image = (spec: string, flag: string, cpu?: string): void => {
    const at = spec.lastIndexOf('@');
    if (at > 0 && /^@(0x[0-9a-fA-F]+|[0-9]+)$/.test(spec.slice(at))) {
      const address = parseAddress(spec.slice(at + 1));
      if (address === undefined || address >= 2 ** 32) errors.push(`${flag}: address ${spec.slice(at + 1)} is beyond the 32-bit physical address space`);
      else images.push({ file: resolve(spec.slice(0, at)), cpu, address });
    } else if (!spec) errors.push(`${flag}: needs a file`);
    else images.push({ file: resolve(spec), cpu });
  };
  // One program per CPU: a second one would silently overwrite or interleave with the first.
  const kernels = values.kernel ?? [];
  const loads = values.load ?? [];
  if (kernels.length > 1) errors.push(`--kernel given ${kernels.length} times (${kernels.join(', ')}); give one, or one --load <cpu-id>=<file> per CPU`);
  if (kernels.length && loads.length) errors.push('--kernel and --load together: --kernel already loads every CPU that runs the file; use --load <cpu-id>=<file> for each CPU instead');
  for (const k of kernels) image(k, '--kernel');
  const loaded = new Map<string, string>();
  for (const l of loads) {
    const eq = l.indexOf('=');
    if (eq <= 0) errors.push(`--load ${l}: write <cpu-id>=<file>`);
    else {
      const cpu = l.slice(0, eq);
      const prev = loaded.get(cpu);
      if (prev) errors.push(`--load ${l}: CPU "${cpu}" already loads ${prev}; one program per CPU`);
      loaded.set(cpu, l.slice(eq + 1));
      image(l.slice(eq + 1), `--load ${l}`, cpu);
    }
  }

  const serial = new Map<string, SerialTarget>();
  for (const s of values.serial ?? []) {
    const m = /^([^=]+)=(stdio|null|file:(.+))$/.exec(s);
    if (!m) errors.push(`--serial ${s}: write <device-id>=stdio, <device-id>=file:PATH or <device-id>=null`);
    else serial.set(m[1], m[2] === 'stdio' ? { kind: 'stdio' } : m[2] === 'null' ? { kind: 'null' } : { kind: 'file', path: resolve(m[3]) });
  }

  const set: Record<string, string> = {};
  for (const s of values.set ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) errors.push(`--set ${s}: write <param>=<value>`);
    else set[s.slice(0, eq)] = s.slice(eq + 1);
  }

  const duration = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (/^\s*-/.test(v)) {
      errors.push(`${flag} ${v}: must be greater than zero`);
      return undefined;
    }
    const d = parseDuration(v);
    if (d._tag === 'Left') errors.push(`${flag}: ${d.left}`);
    else if (d.right <= 0) errors.push(`${flag}: must be greater than zero`);
    else return d.right;
    return undefined;
  };
  const maxTime = duration('--max-time', values['max-time']);
  const quantum = duration('--quantum', values.quantum);

  // Never write over a file the user gave us to read.
  for (const flag of ['initrd', 'dtb'] as const) if (values[flag] === '') errors.push(`--${flag}: needs a file`);
  const initrd = values.initrd ? resolve(values.initrd) : undefined;
  const dtb = values.dtb ? resolve(values.dtb) : undefined;
  const restore = values.restore ? resolve(values.restore) : undefined;
  const inputs = new Set([resolve(positionals[0]), ...images.map((i) => i.file), ...(initrd ? [initrd] : []), ...(dtb ? [dtb] : []), ...(restore ? [restore] : [])]);
  const outputs: [string, string | undefined][] = [
    ['--trace', values.trace && resolve(values.trace)],
    ['--vcd', values.vcd && resolve(values.vcd)],
    ['--result', values.result && resolve(values.result)],
    ['--trace-events-file', values['trace-events-file'] && resolve(values['trace-events-file'])],
    ...(values['snapshot-at'] ?? []).map((s): [string, string | undefined] => [`--snapshot-at ${s}`, s.indexOf('=') > 0 && s.indexOf('=') < s.length - 1 ? resolve(s.slice(s.indexOf('=') + 1)) : undefined]),
    ...[...serial].map(([d, t]): [string, string | undefined] => [`--serial ${d}`, t.kind === 'file' ? t.path : undefined]),
  ];
  const seen = new Map<string, string>();
  for (const [flag, path] of outputs) {
    if (!path) continue;
    if (inputs.has(path)) errors.push(`${flag}: ${path} is an input file; refusing to overwrite it`);
    const prev = seen.get(path);
    if (prev) errors.push(`${flag}: ${path} is also the output of ${prev}`);
    seen.set(path, flag);
  }

  let traceEvents: TracePattern[] | undefined;
  if (values['trace-events'] !== undefined) {
    const p = parseTracePatterns(values['trace-events']);
    if (p._tag === 'Left') errors.push(p.left);
    else traceEvents = p.right;
  }
  if (values['trace-events-file'] !== undefined && values['trace-events'] === undefined) errors.push('--trace-events-file: give --trace-events PATTERNS too (which events to write)');
  if (values['trace-events-file'] === '') errors.push('--trace-events-file: needs a file');

  let monitor: MonitorAddress | undefined;
  if (values.monitor !== undefined) {
    const m = parseMonitorAddress(values.monitor);
    if (m._tag === 'Left') errors.push(m.left);
    else monitor = m.right;
  }
  if (values.paused && values.monitor === undefined) errors.push('--paused: give --monitor too (nothing could resume the machine)');

  const snapshotAt: { time: number; file: string; text: string }[] = [];
  for (const s of values['snapshot-at'] ?? []) {
    const eq = s.indexOf('=');
    const d = eq > 0 ? parseDuration(s.slice(0, eq)) : undefined;
    if (!d || eq === s.length - 1) errors.push(`--snapshot-at ${s}: write <time>=<file>, e.g. 5ms=boot.snap`);
    else if (d._tag === 'Left') errors.push(`--snapshot-at ${s}: ${d.left}`);
    else snapshotAt.push({ time: d.right, file: resolve(s.slice(eq + 1)), text: s.slice(0, eq) });
  }
  snapshotAt.sort((a, b) => a.time - b.time);
  if (values.restore === '') errors.push('--restore: needs a file');

  let gdb: readonly GdbEndpoint[] | undefined;
  if (values.gdb !== undefined) {
    const g = parseGdbFlag(values.gdb);
    if (g._tag === 'Left') errors.push(g.left);
    else gdb = g.right;
  }
  const timing = parseTimingOptions(values);
  if (timing._tag === 'Left') errors.push(...timing.left);

  if (errors.length) return left(userError('cli', errors.join('\n')));
  return right({
    board: positionals[0],
    images,
    serial,
    set,
    maxTime,
    quantum,
    trace: values.trace && resolve(values.trace),
    vcd: values.vcd && resolve(values.vcd),
    traceEvents,
    monitor,
    paused: values.paused ?? false,
    snapshotAt,
    restore,
    traceEventsFile: values['trace-events-file'] ? resolve(values['trace-events-file']) : undefined,
    result: values.result && resolve(values.result),
    stats: values.stats ?? false,
    progress: values['no-progress'] ? false : values.progress,
    append: values.append,
    timing: timing._tag === 'Right' ? timing.right : { clocks: {} },
    races: values.races ?? false,
    gdb,
    pluginDirs: values['plugin-dir'] ?? [],
    archDirs: values['arch-dir'] ?? [],
    initrd,
    dtb,
  });
}
