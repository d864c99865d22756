/**
 * Builds the playground (playground/) into a folder a static server can serve: the page and its
 * Web Worker bundled with esbuild, a catalog of the boards, example program sets and guest ELFs
 * (copied beside the page), and the static registry the worker is handed: every arch under
 * arches/ and plugin under plugins/ and every shipped board's text, found here at build time
 * because a page cannot import files at run time. A new arch or board appears without a change.
 *
 *   node dist/scripts/playground-build.js [--out DIR] [--minify]
 */
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { packageRoot } from '../src/util/package-root.js';

const ROOT = packageRoot();

/** Folders `<dir>/<name>/index.ts`, sorted: the arches or plugins the registry lists. */
function modules(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

function shippedBoards(): { name: string; file: string }[] {
  return readdirSync(join(ROOT, 'boards'))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.(ya?ml|json)$/, ''), file: join(ROOT, 'boards', f) }));
}

/** The source of the `chimera:registry` module: static imports of every arch and plugin, and the board texts. */
export function registrySource(): string {
  const lines: string[] = [];
  const entries = (dir: string, prefix: string): string[] =>
    modules(dir).map((name, i) => {
      lines.push(`import * as ${prefix}${i} from ${JSON.stringify(join(ROOT, dir, name, 'index.ts'))};`);
      return `  ${JSON.stringify(name)}: ${prefix}${i},`;
    });
  const arches = entries('arches', 'arch');
  const plugins = entries('plugins', 'plugin');
  const boards = shippedBoards().map((b) => `  ${JSON.stringify(b.name)}: ${JSON.stringify({ file: `boards/${basename(b.file)}`, text: readFileSync(b.file, 'utf8') })},`);
  return [...lines, `export const arches = {\n${arches.join('\n')}\n};`, `export const plugins = {\n${plugins.join('\n')}\n};`, `export const boards = {\n${boards.join('\n')}\n};`, ''].join('\n');
}

/** The esbuild plugin that provides `chimera:registry`. */
export const registryPlugin: esbuild.Plugin = {
  name: 'chimera-registry',
  setup(build) {
    build.onResolve({ filter: /^chimera:registry$/ }, () => ({ path: 'registry', namespace: 'chimera-registry' }));
    build.onLoad({ filter: /.*/, namespace: 'chimera-registry' }, () => ({ contents: registrySource(), loader: 'ts', resolveDir: ROOT }));
  },
};

/** Options for bundling the page and the worker. */
export function bundleOptions(outDir: string, minify = false): esbuild.BuildOptions {
  return {
    entryPoints: { main: join(ROOT, 'playground', 'main.ts'), worker: join(ROOT, 'playground', 'worker.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    minify,
    metafile: true,
    logLevel: 'silent',
    plugins: [registryPlugin],
  };
}

interface GuestManifest {
  board: string;
  guests?: { name: string; elf: string; description?: string; chimeraArgs?: string[] }[];
  pairs?: { name: string; load: Record<string, string>; chimeraArgs?: string[]; description?: string }[];
}

/** e_machine of an ELF file. */
function elfMachine(bytes: Uint8Array): number {
  return bytes[5] === 1 ? bytes[18] | (bytes[19] << 8) : (bytes[18] << 8) | bytes[19];
}

/** The quantum and --set values a manifest entry passes to chimera run. */
function runArgs(args: readonly string[] = []): { quantum?: string; set?: Record<string, string> } {
  const out: { quantum?: string; set?: Record<string, string> } = {};
  for (let i = 0; i < args.length - 1; i++) {
    if (args[i] === '--quantum') out.quantum = args[i + 1];
    if (args[i] === '--set') {
      const [k, v] = args[i + 1].split('=');
      out.set = { ...(out.set ?? {}), [k]: v };
    }
  }
  return out;
}

/** Copy the guests into `outDir/guests/<dir>/` and describe them, with the example program sets. */
function catalog(outDir: string) {
  const guests = new Map<string, { file: string; name: string; machine: number; description: string }>();
  const presets: { name: string; board: string; load: Record<string, string>; description: string; quantum?: string; set?: Record<string, string> }[] = [];
  const guestsRoot = join(ROOT, 'guests');
  const addGuest = (dir: string, elf: string, name: string, description: string): string | undefined => {
    const src = join(guestsRoot, dir, elf);
    if (!existsSync(src)) return undefined;
    const file = `guests/${dir}/${basename(elf)}`;
    if (!guests.has(file)) {
      mkdirSync(join(outDir, 'guests', dir), { recursive: true });
      copyFileSync(src, join(outDir, file));
      guests.set(file, { file, name, machine: elfMachine(readFileSync(src)), description });
    }
    return file;
  };
  for (const dir of readdirSync(guestsRoot).sort()) {
    for (const manifest of ['pairs.json', 'guests.json']) {
      const path = join(guestsRoot, dir, manifest);
      if (!existsSync(path)) continue;
      const m = JSON.parse(readFileSync(path, 'utf8')) as GuestManifest;
      for (const g of m.guests ?? []) addGuest(dir, g.elf, g.name, `${g.description ?? ''} [${m.board}]`);
      for (const p of m.pairs ?? []) {
        const load: Record<string, string> = {};
        for (const [cpu, elf] of Object.entries(p.load)) {
          const file = addGuest(dir, elf, basename(elf, '.elf'), `${dir} program`);
          if (file) load[cpu] = file;
        }
        // The page finds a preset by name: one already taken (another folder's) gets its folder.
        const name = presets.some((q) => q.name === p.name) ? `${dir}/${p.name}` : p.name;
        if (Object.keys(load).length === Object.keys(p.load).length) presets.push({ name, board: m.board, load, description: p.description ?? '', ...runArgs(p.chimeraArgs) });
      }
    }
  }
  const boards = shippedBoards().map((b) => ({ name: b.name, description: String((parse(readFileSync(b.file, 'utf8')) as { description?: string }).description ?? '') }));
  return { boards, presets, guests: [...guests.values()].sort((a, b) => a.file.localeCompare(b.file)) };
}

/** Build the playground into `outDir`; returns esbuild's metafile (what went into the bundles). */
export async function buildPlayground(outDir: string, opts: { minify?: boolean } = {}): Promise<esbuild.Metafile> {
  mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build(bundleOptions(outDir, opts.minify));
  for (const f of ['index.html', 'style.css']) copyFileSync(join(ROOT, 'playground', f), join(outDir, f));
  writeFileSync(join(outDir, 'catalog.json'), JSON.stringify(catalog(outDir), null, 1));
  return result.metafile!;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'playground', 'dist') }, minify: { type: 'boolean', default: false } } });
  buildPlayground(values.out!, { minify: values.minify })
    .then((meta) => {
      const size = (f: string) => (meta.outputs[relative(process.cwd(), join(values.out!, f))]?.bytes ?? 0) / 1024;
      process.stdout.write(`playground built in ${values.out} (main.js ${size('main.js').toFixed(0)} KiB, worker.js ${size('worker.js').toFixed(0)} KiB)\n`);
    })
    .catch((e: Error) => {
      process.stderr.write(`playground build failed: ${e.message}\n`);
      process.exit(1);
    });
}
