import { Either, left, right } from 'fp-ts/lib/Either.js';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { parseDuration } from '../time/units.js';
import { parseAddress } from '../board/board-values.js';
import type { ImageRequest } from '../runtime/simulation.js';
import type { SerialTarget } from '../output/output-router.js';
import { userError, type UserError } from '../util/user-error.js';

export interface RunArgs {
  readonly board: string;
  readonly images: ImageRequest[];
  readonly serial: Map<string, SerialTarget>;
  readonly set: Record<string, string>;
  readonly maxTime?: number;
  readonly quantum?: number;
  readonly trace?: string;
  readonly vcd?: string;
  readonly stats: boolean;
  readonly progress?: boolean;
  /** Kernel command line (--append), for boot protocols that pass one. */
  readonly append?: string;
  /** Initial RAM disk (--initrd) and device tree blob (--dtb), for boot protocols that take them. */
  readonly initrd?: string;
  readonly dtb?: string;
}

export const RUN_USAGE = `usage: chimera run <board> [--kernel FILE | --load <cpu-id>=FILE ...]
                    [--serial <device-id>=stdio|file:PATH|null ...] [--set <param>=<value> ...]
                    [--append CMDLINE] [--initrd FILE] [--dtb FILE] [--max-time 10s]
                    [--quantum 10us] [--trace out.json] [--vcd irq.vcd] [--stats]

  <board>         a shipped board name (chimera boards) or a board file
  --kernel F      load F for every CPU that runs it: an ELF, or a file the CPU's boot protocol
                  places itself (virt-aarch64: a Linux Image or raw kernel); F@0xADDR: raw binary
  --load C=F      the same for CPU C only
  --serial D=T    device D's serial port on stdio (default; two-way: what you type reaches it),
                  file:PATH (output only), or null. On a terminal, Ctrl-A x quits, Ctrl-A h helps
  --set P=V       set a board parameter, e.g. --set cpus=4, --set memory=512MiB
  --append S      kernel command line, for boot protocols that pass one (Linux, x86 Multiboot)
  --initrd F      initial RAM disk for a Linux kernel
  --dtb F         device tree blob to use instead of the one the board generates
  --max-time T    stop after T of virtual time (exit 3), e.g. 10s, 500ms
  --quantum T     round-robin quantum between CPUs (default: the board's)
  --trace F       write a Chrome Trace Event timeline (opens in Perfetto UI)
  --vcd F         write the interrupt lines as a VCD for GTKWave
  --stats         print instructions, virtual time and speed on stderr
  --progress / --no-progress   progress on stderr (default: when stderr is a terminal)`;

/** Parse `chimera run` arguments. Every problem names the flag. */
export function parseRunArgs(argv: string[]): Either<UserError, RunArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
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
        stats: { type: 'boolean', default: false },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
      },
    });
  } catch (e) {
    return left(userError('cli', `${(e as Error).message.split('\n')[0]}\n${RUN_USAGE}`));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return left(userError('cli', `run takes exactly one board, got ${positionals.length ? positionals.join(' ') : 'none'}\n${RUN_USAGE}`));
  const errors: string[] = [];

  const images: ImageRequest[] = [];
  const image = (spec: string, flag: string, cpu?: string): void => {
    const at = spec.lastIndexOf('@');
    if (at > 0 && /^@(0x[0-9a-fA-F]+|[0-9]+)$/.test(spec.slice(at))) {
      const address = parseAddress(spec.slice(at + 1));
      images.push({ file: resolve(spec.slice(0, at)), cpu, address });
    } else if (!spec) errors.push(`${flag}: needs a file`);
    else images.push({ file: resolve(spec), cpu });
  };
  for (const k of values.kernel ?? []) image(k, '--kernel');
  for (const l of values.load ?? []) {
    const eq = l.indexOf('=');
    if (eq <= 0) errors.push(`--load ${l}: write <cpu-id>=<file>`);
    else image(l.slice(eq + 1), `--load ${l}`, l.slice(0, eq));
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
  const inputs = new Set([resolve(positionals[0]), ...images.map((i) => i.file), ...(initrd ? [initrd] : []), ...(dtb ? [dtb] : [])]);
  const outputs: [string, string | undefined][] = [
    ['--trace', values.trace && resolve(values.trace)],
    ['--vcd', values.vcd && resolve(values.vcd)],
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
    stats: values.stats ?? false,
    progress: values['no-progress'] ? false : values.progress,
    append: values.append,
    initrd,
    dtb,
  });
}
