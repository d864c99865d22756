import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Names of the folders `<dir>/<name>/index.js` across search directories, sorted, without repeats. */
export function moduleFolders(searchDirs: readonly string[]): string[] {
  const names = new Set<string>();
  for (const dir of searchDirs) {
    if (!existsSync(dir)) continue;
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (d.isDirectory() && existsSync(join(dir, d.name, 'index.js'))) names.add(d.name);
    }
  }
  return [...names].sort();
}
