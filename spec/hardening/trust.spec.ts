import { expect } from 'chai';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ArchCatalog } from '../../src/arch/arch-catalog.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { compiledRoot } from '../../src/util/package-root.js';
import { chimera, hasStackTrace, put, scratchDir } from './harness.js';

/**
 * The trust rules (docs/trust-model.md): a board names code, the user decides where names are
 * looked up. Each "evil" module writes a marker file from its top-level code, so a test can tell
 * whether Chimera executed it.
 */
const evilModule = (marker: string) =>
  `import { writeFileSync } from 'node:fs';\n` +
  `writeFileSync(${JSON.stringify(marker)}, 'ran');\n` +
  `export default { apiVersion: 1, name: 'evil', description: 'runs code on import', create: () => ({ read: () => 0, write() {}, reset() {} }) };\n`;

const board = (plugin: string) => `name: trust
cpus:
  - { id: cpu0, arch: aarch64 }
memory:
  - { id: ram, kind: ram, base: 0x40000000, size: 1MiB }
devices:
  - { id: x, plugin: ${JSON.stringify(plugin)}, base: 0x09000000, size: 0x1000 }
`;

interface Case {
  dir: string;
  marker: string;
  outside: string;
  boardDir: string;
}

/** A board in <dir>/project/boards/, an evil plugin in <dir>/outside/ (file evil.mjs and folder evil/). */
function setUp(): Case {
  const dir = scratchDir('trust');
  const marker = join(dir, 'MARKER');
  const outside = join(dir, 'outside');
  put(outside, 'evil.mjs', evilModule(marker));
  put(outside, 'evil/index.js', evilModule(marker));
  put(outside, 'package.json', '{"type":"module"}');
  const boardDir = join(dir, 'project', 'boards');
  mkdirSync(boardDir, { recursive: true });
  return { dir, marker, outside, boardDir };
}

function refused(r: { code: number | null; stderr: string }, marker: string): void {
  expect(r.code, r.stderr).to.equal(2);
  expect(existsSync(marker), 'the plugin code ran').to.equal(false);
  expect(hasStackTrace(r.stderr), r.stderr).to.equal(false);
}

describe('hardening: what a board may load', function () {
  this.timeout(60000);

  it('validate refuses a relative path that leaves the allowed folders, runs none of its code, and says how to allow it', () => {
    const c = setUp();
    const file = put(c.boardDir, 'b.yaml', board('../../outside/evil.mjs'));
    const r = chimera(['validate', file], { bare: true });
    refused(r, c.marker);
    expect(r.stderr).to.contain('devices[0].plugin');
    expect(r.stderr).to.contain(`--plugin-dir ${c.outside}`);
  });

  it('validate and run refuse an absolute path outside the allowed folders', () => {
    const c = setUp();
    const file = put(c.boardDir, 'b.yaml', board(join(c.outside, 'evil.mjs')));
    refused(chimera(['validate', file], { bare: true }), c.marker);
    refused(chimera(['run', file, '--max-time', '1us'], { bare: true }), c.marker);
  });

  it('refuses a bare name with a traversal (a name is a name)', () => {
    const c = setUp();
    // Relative to the shipped plugin folder, as a name-based lookup would join it.
    const sneaky = 'x/' + relative(join(compiledRoot(), 'plugins', 'x'), join(c.outside, 'evil'));
    const file = put(c.boardDir, 'b.yaml', board(sneaky));
    const r = chimera(['validate', file], { bare: true });
    refused(r, c.marker);
    expect(r.stderr).to.match(/is neither a name .* nor a path/);
  });

  it('loads the same plugin once the user names its folder: --plugin-dir or CHIMERA_PLUGIN_PATH', () => {
    const c = setUp();
    const byPath = put(c.boardDir, 'p.yaml', board(join(c.outside, 'evil.mjs')));
    const r = chimera(['validate', byPath, '--plugin-dir', c.outside], { bare: true });
    expect(r.code, r.stderr).to.equal(0);
    expect(existsSync(c.marker)).to.equal(true);
    rmSync(c.marker);
    const byName = put(c.boardDir, 'n.yaml', board('evil'));
    expect(chimera(['validate', byName], { bare: true }).code).to.equal(2);
    expect(existsSync(c.marker)).to.equal(false);
    const e = chimera(['validate', byName], { bare: true, env: { CHIMERA_PLUGIN_PATH: c.outside } });
    expect(e.code, e.stderr).to.equal(0);
    expect(existsSync(c.marker)).to.equal(true);
  });

  it('loads an npm package only when the board\'s project lists and installs it', () => {
    const c = setUp();
    const project = join(c.dir, 'project');
    put(project, 'node_modules/evil-pkg/package.json', JSON.stringify({ name: 'evil-pkg', version: '1.0.0', type: 'module', main: 'index.js' }));
    put(project, 'node_modules/evil-pkg/index.js', evilModule(c.marker));
    put(project, 'package.json', JSON.stringify({ name: 'p', private: true }));
    const file = put(c.boardDir, 'b.yaml', board('evil-pkg'));
    const r = chimera(['validate', file], { bare: true });
    refused(r, c.marker);
    expect(r.stderr).to.contain('not listed in');
    put(project, 'package.json', JSON.stringify({ name: 'p', private: true, dependencies: { 'evil-pkg': '1.0.0' } }));
    const ok = chimera(['validate', file], { bare: true });
    expect(ok.code, ok.stderr).to.equal(0);
    expect(existsSync(c.marker)).to.equal(true);
  });

  it('ignores packages in node_modules above the board\'s project', () => {
    const c = setUp();
    // No package.json anywhere near: the board has no project, so no package is trusted.
    put(c.dir, 'node_modules/evil-pkg/package.json', JSON.stringify({ name: 'evil-pkg', version: '1.0.0', type: 'module', main: 'index.js' }));
    put(c.dir, 'node_modules/evil-pkg/index.js', evilModule(c.marker));
    const file = put(c.boardDir, 'b.yaml', board('evil-pkg'));
    refused(chimera(['validate', file], { bare: true }), c.marker);
  });

  it('refuses an arch id that is a path, without importing it', async () => {
    const c = setUp();
    put(c.outside, 'evilarch/index.js', evilModule(c.marker));
    const catalog = new ArchCatalog([join(compiledRoot(), 'arches')]);
    const id = relative(join(compiledRoot(), 'arches'), join(c.outside, 'evilarch'));
    const r = await catalog.load(id, createSimulationContainer());
    expect(r._tag).to.equal('Left');
    expect(existsSync(c.marker), 'the arch code ran').to.equal(false);
  });
});
