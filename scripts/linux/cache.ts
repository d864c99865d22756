import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';

/**
 * Where downloaded and built material lives (Debian packages, initramfs images, kvm-unit-tests):
 * `$CHIMERA_CACHE`, or `.cache/` in the repository (ignored by git). Never committed.
 */
export function cacheDir(...parts: string[]): string {
  const dir = join(process.env.CHIMERA_CACHE ?? join(packageRoot(), '.cache'), ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
