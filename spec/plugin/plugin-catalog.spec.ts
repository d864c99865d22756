import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginCatalog, checkPlugin } from '../../src/plugin/plugin-catalog.js';
import { FIXTURE_PLUGINS } from '../helpers/toy-harness.js';
import { join as pjoin } from 'node:path';
import { compiledRoot } from '../../src/util/package-root.js';

const catalog = new PluginCatalog([pjoin(compiledRoot(), 'plugins'), FIXTURE_PLUGINS]);
const message = (r: { _tag: string }) => (r as unknown as { left: { message: string } }).left.message;

describe('plugin catalog', () => {
  it('finds shipped plugins by name', async () => {
    expect(catalog.names()).to.include.members(['ram', 'rom', 'sim-control', 'tick-timer']);
    const r = await catalog.load('tick-timer', '/');
    expect(r._tag).to.equal('Right');
  });

  it('loads a plugin file from a folder the user allowed, and a package the board\'s project installed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chimera-plugins-'));
    const src = `export default { apiVersion: 1, name: 'leds', description: 'x', create: () => ({ reset() {} }) };\n`;
    writeFileSync(join(dir, 'leds.mjs'), src);
    const allowed = new PluginCatalog([pjoin(compiledRoot(), 'plugins'), dir]);
    const byPath = await allowed.load('./leds.mjs', dir);
    expect(byPath._tag).to.equal('Right');
    const pkg = join(dir, 'node_modules', '@acme', 'chimera-leds');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'board-project', dependencies: { '@acme/chimera-leds': '1.0.0' } }));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/chimera-leds', version: '1.0.0', main: 'index.mjs' }));
    writeFileSync(join(pkg, 'index.mjs'), src.replace("'leds'", "'acme-leds'"));
    const byPackage = await catalog.load('@acme/chimera-leds', dir);
    expect(byPackage._tag).to.equal('Right');
    expect((byPackage as { right: { name: string } }).right.name).to.equal('acme-leds');
  });

  it('names what is wrong with a missing, broken or incompatible plugin', async () => {
    expect(message(await catalog.load('no-such-plugin', '/'))).to.match(/^unknown plugin "no-such-plugin": not in the plugin folders \(.*ram.*\)/);
    expect(message(await catalog.load('old-api', '/'))).to.equal('plugin "old-api": written for plugin API 99; this Chimera provides API 1');
    expect(message(await catalog.load('./missing.js', '/tmp'))).to.equal('plugin file /tmp/missing.js does not exist');
    const dir = mkdtempSync(join(tmpdir(), 'chimera-broken-'));
    writeFileSync(join(dir, 'syntax.mjs'), 'export default {{{');
    expect(message(await new PluginCatalog([dir]).load('./syntax.mjs', dir))).to.match(/^plugin "\.\/syntax\.mjs" \(.*syntax\.mjs\) failed to load: /);
    expect(message(checkPlugin(undefined, 'x'))).to.match(/no default export/);
    expect(message(checkPlugin({ apiVersion: 1, name: 'x' }, 'x'))).to.match(/missing create/);
  });
});
