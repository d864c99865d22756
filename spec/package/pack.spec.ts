import { expect } from 'chai';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';

/**
 * The package as someone who depends on it gets it: packed with `npm pack`, installed from the
 * tarball into an empty project offline from the npm cache, and used there as the README and the
 * plugin guide say. Every packaging mistake (a file left out, an export pointing nowhere, a
 * dependency on the repository's layout) fails here.
 */

const ROOT = packageRoot();
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; exports: Record<string, string | Record<string, string>> };

/** The environment of `npm test` without npm's own variables, which would point npm at this repository. */
const env: NodeJS.ProcessEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
delete env.CHIMERA_PLUGIN_PATH;
delete env.CHIMERA_ARCH_PATH;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(cmd: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Ran {
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 170_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** The installed CLI without npx's start-up (npx itself is exercised by the first runs). */
const chimera = (args: string[], cwd: string): Ran => run(process.execPath, [join(cwd, 'node_modules/.bin/chimera'), ...args], cwd);
const ok = (r: Ran, what: string): Ran => {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
};

/**
 * An empty project that depends on the tarball, with a lockfile, so that npm installs from the
 * cache alone: the lockfile gives every version and integrity (npm caches package tarballs, not
 * always the registry documents it would need to resolve versions afresh). The dependencies'
 * entries are this repository's own, which `npm install` put in the cache.
 */
function writeProject(dir: string, spec: string, integrity: string): void {
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const manifest = { name: 'plugin-author', version: '1.0.0', private: true, type: 'module', dependencies: { [PKG.name]: spec } };
  const packages: Record<string, unknown> = {
    '': { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
    [`node_modules/${PKG.name}`]: { version: PKG.version, resolved: spec, integrity, license: own.license, dependencies: own.dependencies, bin: own.bin, engines: own.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path && !entry.dev && !entry.devOptional) packages[path] = entry;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2) + '\n');
}

describe('the packed package, installed in an empty project', function () {
  this.timeout(240_000);
  let work: string;
  let tarball: string;
  let project: string;
  let files: string[];

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'chimera-pack-'));
    // The build is what npm test just compiled; prepare would only compile it again.
    const packed = ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT), 'npm pack');
    const info = (JSON.parse(packed.stdout) as { filename: string; integrity: string; files: { path: string }[] }[])[0];
    tarball = join(work, info.filename);
    files = info.files.map((f) => f.path);
    project = join(work, 'project');
    mkdirSync(project);
    writeProject(project, `file:../${info.filename}`, info.integrity);
    ok(run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project), 'npm ci of the tarball');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the build, boards, schema, bin and the README guests; no sources, specs or maps; a small tarball', () => {
    for (const f of ['bin/chimera.js', 'boards/chimera-soc.yaml', 'schema/board.schema.json', 'dist/src/cli/main.js', 'dist/plugins/pl011/index.js', 'dist/arches/aarch64/index.js', 'guests/hetero/build/pingpong-a64.elf', 'guests/aarch64/build/sort.elf']) {
      expect(files, f).to.include(f);
    }
    for (const [entry, target] of Object.entries(PKG.exports)) {
      for (const path of typeof target === 'string' ? [target] : Object.values(target)) expect(files, `exports["${entry}"] -> ${path}`).to.include(path.replace(/^\.\//, ''));
    }
    expect(files.filter((f) => /^(src|spec|arches|plugins|scripts)\/|^dist\/(spec|scripts)\/|\.map$|\.ts$/.test(f) && !f.endsWith('.d.ts'))).to.deep.equal([]);
    expect(statSync(tarball).size).to.be.below(1.5 * 1024 * 1024);
  });

  it('installs without TypeScript: npx chimera runs the README heterogeneous example on a shipped board', () => {
    const g = 'node_modules/chimera-sim/guests/hetero/build';
    const r = run('npx', ['chimera', 'run', 'chimera-soc', '--load', `cpu0=${g}/pingpong-a64.elf`, '--load', `cpu1=${g}/pingpong-sparc.elf`], project);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(readFileSync(join(ROOT, 'guests/hetero/expected/pingpong.out'), 'latin1'));
    expect(chimera(['--version'], project).stdout.trim()).to.equal(PKG.version);
  });

  it('imports every entry point; deep imports are closed', () => {
    writeFileSync(
      join(project, 'use-api.js'),
      `import { buildSimulation, createSimulationContainer, ChromeTraceRecorder, PLUGIN_API_VERSION } from 'chimera-sim';
import * as plugin from 'chimera-sim/plugin';
import * as arch from 'chimera-sim/arch';
import * as api from 'chimera-sim/api';
import * as browser from 'chimera-sim/browser';
import * as testing from 'chimera-sim/testing';
const container = createSimulationContainer({ logWrite: () => {} });
const built = await buildSimulation(container, { board: 'virt-aarch64', images: [{ file: 'node_modules/chimera-sim/guests/aarch64/build/sort.elf' }] });
if (built._tag === 'Left') throw new Error(built.left.message);
const machine = built.right;
let out = '';
machine.serial.get('uart0').connect((b) => (out += String.fromCharCode(b)));
const trace = new ChromeTraceRecorder(machine);
const stop = machine.run(1e12);
const events = JSON.parse(trace.finish(machine.scheduler.endTime)).traceEvents.length;
let deep = 'open';
try { await import('chimera-sim/dist/src/index.js'); } catch (e) { deep = e.code; }
console.log(JSON.stringify({ stop, out, events, PLUGIN_API_VERSION, pluginVersion: plugin.PLUGIN_API_VERSION, archVersion: arch.ARCH_API_VERSION,
  signal: typeof api.Signal, registry: typeof browser.createRegistryContainer, harness: typeof testing.createDeviceHarness, deep }));
`,
    );
    const r = ok(run('node', ['use-api.js'], project), 'use-api.js');
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(got.stop).to.deep.include({ kind: 'exit', status: 0 });
    expect(got.out).to.equal(readFileSync(join(ROOT, 'guests/aarch64/expected/sort.out'), 'latin1'));
    expect(got.events).to.be.greaterThan(3);
    expect(got).to.deep.include({ PLUGIN_API_VERSION: 1, pluginVersion: 1, archVersion: 1, signal: 'function', registry: 'function', harness: 'function', deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  });

  it('scaffolds a plugin with new-plugin whose own harness test passes as generated', () => {
    ok(run('npx', ['chimera', 'new-plugin', 'my-counter'], project), 'new-plugin');
    const t = run('node', ['--test', 'my-counter/'], project);
    expect(t.code, t.stdout + t.stderr).to.equal(0);
    expect(t.stdout).to.match(/# pass 3\n# fail 0\n/);
    // The name is checked, and an existing folder is never overwritten.
    expect(chimera(['new-plugin', 'My/Counter'], project).code).to.equal(2);
    const again = chimera(['new-plugin', 'my-counter'], project);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/already exists/);
  });

  it('loads the project plugin on a board only from where the trust model allows: --plugin-dir, then as an installed package', () => {
    const shipped = readFileSync(join(ROOT, 'boards/virt-aarch64.yaml'), 'utf8');
    const fragment = readFileSync(join(project, 'my-counter/board-fragment.yaml'), 'utf8');
    writeFileSync(join(project, 'counter-board.yaml'), shipped.replace(/^name: virt-aarch64$/m, 'name: counter-board') + fragment);

    const refused = chimera(['validate', 'counter-board.yaml'], project);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/unknown plugin "my-counter"/);
    expect(ok(chimera(['validate', 'counter-board.yaml', '--plugin-dir', '.'], project), 'validate').stdout).to.match(/counter-board\.yaml: ok/);

    // On a machine: the device sits at its base on cpu0's bus, counts in virtual time while a
    // guest runs, and its irq reaches the GIC (GICD_ISPENDR1 bit 10 is SPI 10, INTID 42).
    writeFileSync(
      join(project, 'on-a-machine.js'),
      `import { buildSimulation, createSimulationContainer } from 'chimera-sim';
const container = createSimulationContainer({ pluginDirs: process.argv[2] ? [process.argv[2]] : [], logWrite: () => {} });
const built = await buildSimulation(container, { board: 'counter-board.yaml', images: [{ file: 'node_modules/chimera-sim/guests/aarch64/build/sort.elf' }] });
if (built._tag === 'Left') { console.log(JSON.stringify({ error: built.left.message })); process.exit(0); }
const m = built.right;
const bus = m.cpuEntries[0].memory;
bus.write32(0x0c000004, 5); // COMPARE
bus.write32(0x0c000008, 3); // CTRL: enable, interrupt enable
const before = bus.read32(0x08000204);
const stop = m.run(1e12);
console.log(JSON.stringify({ stop: stop.kind, now: m.scheduler.now(), plugin: m.devices.get('my_counter0').plugin.name, status: bus.read32(0x0c00000c), count: bus.read32(0x0c000000), time: m.scheduler.endTime, pendingBefore: before & (1 << 10), pendingAfter: bus.read32(0x08000204) & (1 << 10) }));
`,
    );
    const viaDir = JSON.parse(ok(run('node', ['on-a-machine.js', project], project), 'on-a-machine').stdout) as Record<string, number | string>;
    expect(viaDir).to.deep.include({ stop: 'exit', plugin: 'my-counter', status: 1, pendingBefore: 0, pendingAfter: 1 << 10 });
    expect(viaDir.count).to.equal(Math.floor((viaDir.now as number) / 1e6)); // 1 MHz from time 0

    // Installed as a package of the board's project, it loads by name with no folder allowed.
    ok(run('npm', ['install', '--offline', '--no-audit', '--no-fund', './my-counter'], project), 'npm install ./my-counter');
    expect(ok(chimera(['validate', 'counter-board.yaml'], project), 'validate').stdout).to.match(/ok/);
    const viaPackage = JSON.parse(ok(run('node', ['on-a-machine.js'], project), 'on-a-machine').stdout) as Record<string, number | string>;
    expect(viaPackage).to.deep.include({ stop: 'exit', plugin: 'my-counter', status: 1, pendingAfter: 1 << 10 });
  });
});
