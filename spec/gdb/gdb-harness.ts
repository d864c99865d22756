import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';

export const BIN = join(packageRoot(), 'bin', 'chimera.js');
export const HETERO = join(packageRoot(), 'guests', 'hetero', 'build');

/** Why gdb-multiarch cannot be used here, or undefined when it can. */
export function gdbMissing(): string | undefined {
  const r = spawnSync('gdb-multiarch', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'gdb-multiarch is not installed (.ci/run installs Debian\'s package)';
}

/** A `chimera run … --gdb …` child and the ports its servers got (port 0: the system chooses). */
export interface ChimeraUnderGdb {
  readonly child: ChildProcess;
  readonly ports: Map<string, number>;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** Start Chimera and wait until every server listens. */
export async function startChimera(args: readonly string[], servers: number): Promise<ChimeraUnderGdb> {
  const child = spawn(process.execPath, [BIN, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('latin1')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ports = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString('latin1');
      for (const m of err.matchAll(/gdb: (\S+) \(\S+\)(?:, \S+ \(\S+\))* waiting on [^\s]+:(\d+)/g)) ports.set(m[1], Number(m[2]));
      if (ports.size >= servers) resolve();
    });
    void exited.then((code) => reject(new Error(`chimera exited (${code}) before listening:\n${err}`)));
  });
  return { child, ports, stdout: () => out, stderr: () => err, exited };
}

/** Run gdb-multiarch in batch mode on a script; resolves with everything it printed. */
export function runGdb(script: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const gdb = spawn('gdb-multiarch', ['-batch', '-nx', '-ex', 'set pagination off', '-ex', 'set confirm off', ...script.trim().split('\n').flatMap((l) => ['-ex', l.trim()])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    gdb.stdout.on('data', (d: Buffer) => (text += d.toString()));
    gdb.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => {
      gdb.kill('SIGKILL');
      reject(new Error(`gdb-multiarch timed out; it printed:\n${text}`));
    }, timeoutMs);
    gdb.on('exit', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}
