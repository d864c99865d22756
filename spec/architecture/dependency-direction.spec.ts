import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('dependency direction', () => {
  it('src/ imports nothing from arches/ or plugins/ (they are found by name at run time)', () => {
    const root = packageRoot();
    const offenders: string[] = [];
    for (const file of sources(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
        if (/(^|\/)(arches|plugins)\//.test(m[1])) offenders.push(`${relative(root, file)} imports ${m[1]}`);
      }
    }
    expect(offenders).to.deep.equal([]);
  });
});
