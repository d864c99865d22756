import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The repository/package root (where package.json, boards/ and schema/ live), found from this file. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('chimera: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  // dist/ has no package.json, so the first one found is the package root.
  cached = dir;
  return dir;
}

/** Compiled JavaScript lives under dist/, mirroring the source tree. */
export function compiledRoot(): string {
  return join(packageRoot(), 'dist');
}

/** Chimera's version, from package.json (the monitor's greeting, snapshot headers). */
export function chimeraVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
