import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { scratchFile } from './toy-harness.js';

let available: boolean | undefined;

/** Whether `dtc` (Debian's device-tree-compiler) is installed. */
export function hasDtc(): boolean {
  return (available ??= spawnSync('dtc', ['--version']).status === 0);
}

let n = 0;

/** Decompile a DTB with `dtc -I dtb -O dts`; returns its source text and anything dtc complained about. */
export function dtcDecompile(blob: Uint8Array): { dts: string; stderr: string; status: number | null } {
  const file = scratchFile(`tree-${n++}.dtb`);
  writeFileSync(file, blob);
  const r = spawnSync('dtc', ['-I', 'dtb', '-O', 'dts', file], { encoding: 'utf8' });
  return { dts: r.stdout, stderr: r.stderr, status: r.status };
}

/** Skip the running test with a message when dtc is missing. */
export function requireDtc(ctx: Mocha.Context): void {
  if (!hasDtc()) {
    ctx.test!.title += ' [skipped: dtc not installed; apt-get install device-tree-compiler]';
    ctx.skip();
  }
}
