import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import { FIXTURE_ARCHES, FIXTURE_PLUGINS } from '../helpers/toy-harness.js';

export const BIN = join(packageRoot(), 'bin', 'chimera.js');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

export interface CliOptions {
  /** Extra environment; the fixture arch and plugin folders are on the paths unless `bare`. */
  readonly env?: Record<string, string>;
  /** Do not add the fixture folders to CHIMERA_ARCH_PATH / CHIMERA_PLUGIN_PATH. */
  readonly bare?: boolean;
  /** Kill the process after this long (a hang is a failure, not a stuck suite). */
  readonly timeoutMs?: number;
  /** Node's --max-old-space-size, in MiB: a capped heap. */
  readonly heapMiB?: number;
  readonly cwd?: string;
}

/** Run the `chimera` binary as a user would, with a wall-clock bound. */
export function chimera(args: readonly string[], opts: CliOptions = {}): CliRun {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete env.CHIMERA_PLUGIN_PATH;
  delete env.CHIMERA_ARCH_PATH;
  if (!opts.bare) {
    env.CHIMERA_ARCH_PATH = FIXTURE_ARCHES;
    env.CHIMERA_PLUGIN_PATH = FIXTURE_PLUGINS;
  }
  Object.assign(env, opts.env ?? {});
  const node = opts.heapMiB ? [`--max-old-space-size=${opts.heapMiB}`] : [];
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [...node, BIN, ...args], {
    encoding: 'latin1',
    env,
    cwd: opts.cwd,
    timeout: opts.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0 };
}

const root = mkdtempSync(join(tmpdir(), 'chimera-hardening-'));
let n = 0;

/** A fresh scratch folder for one test. */
export function scratchDir(name = 'case'): string {
  const d = join(root, `${name}-${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
}

/** Write `text` to `dir/name` (creating folders) and return the path. */
export function put(dir: string, name: string, text: string | Uint8Array): string {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** No JavaScript stack trace in what the user sees. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+[:(]/.test(text) || /^\s+at /m.test(text);
}
