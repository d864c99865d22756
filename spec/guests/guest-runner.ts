import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GuestEntry, GuestManifest } from '../../scripts/diff-qemu.js';
import type { StopReason } from '../../src/api/machine-control.js';
import { parseRunArgs } from '../../src/cli/run-args.js';
import { OutputRouter } from '../../src/output/output-router.js';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { ChromeTraceRecorder } from '../../src/trace/chrome-trace.js';
import { packageRoot } from '../../src/util/package-root.js';

export interface LoadedManifest extends GuestManifest {
  readonly dir: string;
}

/** Every guests/<dir>/guests.json. */
export function guestManifests(): LoadedManifest[] {
  const root = join(packageRoot(), 'guests');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'guests.json')))
    .sort()
    .map((d) => ({ ...(JSON.parse(readFileSync(join(root, d, 'guests.json'), 'utf8')) as GuestManifest), dir: join(root, d) }));
}

export interface GuestRun {
  readonly output: string;
  readonly status: number;
  readonly stop: StopReason;
  readonly trace?: string;
  readonly instructions: number;
}

/** Run a guest in-process as `chimera run` would, capturing serial and console output. */
export async function runGuest(m: LoadedManifest, g: GuestEntry, opts: { trace?: boolean; maxTime?: string; board?: string } = {}): Promise<GuestRun> {
  return runArgs([opts.board ?? m.board, '--kernel', join(m.dir, g.elf), '--max-time', opts.maxTime ?? '60s', ...(g.chimeraArgs ?? [])], opts.trace);
}

/** A program pair (or more) for a heterogeneous board: guests/<dir>/pairs.json. */
export interface PairEntry {
  readonly name: string;
  readonly load: Readonly<Record<string, string>>;
  readonly chimeraArgs?: readonly string[];
  readonly exitCode?: number;
  readonly description?: string;
  readonly expected?: string;
}

export interface PairManifest {
  readonly board: string;
  readonly pairs: readonly PairEntry[];
  readonly dir: string;
}

/** Every guests/<dir>/pairs.json. */
export function pairManifests(): PairManifest[] {
  const root = join(packageRoot(), 'guests');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'pairs.json')))
    .sort()
    .map((d) => ({ ...(JSON.parse(readFileSync(join(root, d, 'pairs.json'), 'utf8')) as Omit<PairManifest, 'dir'>), dir: join(root, d) }));
}

export async function runPair(m: PairManifest, p: PairEntry, opts: { trace?: boolean; extraArgs?: string[] } = {}): Promise<GuestRun> {
  const loads = Object.entries(p.load).flatMap(([cpu, elf]) => ['--load', `${cpu}=${join(m.dir, elf)}`]);
  return runArgs([m.board, ...loads, '--max-time', '60s', ...(p.chimeraArgs ?? []), ...(opts.extraArgs ?? [])], opts.trace);
}

async function runArgs(argv: string[], trace = false): Promise<GuestRun> {
  const args = parseRunArgs(argv);
  if (args._tag === 'Left') throw new Error(args.left.message);
  const a = args.right;
  const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board: a.board, set: a.set, quantum: a.quantum, images: a.images, append: a.append, initrd: a.initrd, dtb: a.dtb });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const machine = built.right;
  const chunks: Buffer[] = [];
  const router = new OutputRouter(machine, a.serial, (c) => chunks.push(c));
  const recorder = trace ? new ChromeTraceRecorder(machine) : undefined;
  const stop = machine.run(a.maxTime!, () => router.flush());
  router.close();
  const status = stop.kind === 'exit' ? stop.status & 0xff : stop.kind === 'all-stopped' ? 0 : -1;
  return {
    output: Buffer.concat(chunks).toString('latin1'),
    status,
    stop,
    trace: recorder?.finish(machine.scheduler.endTime),
    instructions: machine.instructions(),
  };
}

export function expectedOutput(m: { dir: string }, g: { name: string; expected?: string }): string {
  return readFileSync(join(m.dir, g.expected ?? `expected/${g.name}.out`), 'latin1');
}
