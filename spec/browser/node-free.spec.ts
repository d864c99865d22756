import { expect } from 'chai';
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleOptions } from '../../scripts/playground-build.js';
import { packageRoot } from '../../src/util/package-root.js';

/**
 * The runtime core, every arch and every shipped plugin must run where Node's modules do not
 * exist (a page, a Web Worker): file access, the CLI and the process stay at the edges. The
 * playground's worker bundles exactly that (the browser entry and a static registry of every
 * arch and plugin) for the browser platform, where esbuild refuses `node:` modules; its inputs
 * are then read for Node's globals.
 */

const ROOT = packageRoot();
const NODE_GLOBALS = /(?<![.\w$])(process|Buffer|__dirname|__filename|require|global|setImmediate)(?![\w$:])/g;

/** The code of a TypeScript file with comments and the insides of string literals blanked out. */
function codeOnly(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      out += c;
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i++;
        // A template's ${...} is code: keep it (one level, enough for this codebase).
        if (c === '`' && text[i] === '$' && text[i + 1] === '{') {
          const close = text.indexOf('}', i);
          out += text.slice(i, close + 1);
          i = close + 1;
          continue;
        }
        out += text[i] === '\n' ? '\n' : ' ';
        i++;
      }
      out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** A class's own method of that name (`process(queue: number): void {`) is no use of the global. */
const METHOD_DEFINITION = /^\s*(?:(?:public|private|protected|static|async|override)\s+)*([\w$]+)\s*\([^)]*\)\s*(?::[^={]+)?\{\s*$/;

/**
 * True when the file declares `id` itself (a variable, a typed parameter, a class field), so the
 * name there is its own (x86 paging's `global` page bit), not Node's.
 */
function declares(code: string, id: string): boolean {
  return new RegExp(`(?:\\b(?:let|const|var)\\s+|[,(]\\s*(?=${id}\\s*\\??:)|^\\s*(?:(?:readonly|private|public|protected|static|declare)\\s+)*(?=${id}\\s*[:=;]))${id}\\b`, 'm').test(code);
}

function globalsIn(text: string, name: string): string[] {
  const code = codeOnly(text);
  const lines = code.split('\n');
  return lines.flatMap((l, n) =>
    [...l.matchAll(NODE_GLOBALS)]
      .filter((m) => METHOD_DEFINITION.exec(l)?.[1] !== m[1] || m.index !== l.search(/\S/))
      .filter((m) => !declares(code, m[1]))
      .map((m) => `${name}:${n + 1} uses ${m[1]}`),
  );
}

function nodeGlobals(file: string): string[] {
  return globalsIn(readFileSync(file, 'utf8'), relative(ROOT, file));
}

async function bundle(entry?: string): Promise<esbuild.Metafile> {
  const opts = bundleOptions('/nonexistent', false);
  const result = await esbuild.build({ ...opts, ...(entry ? { entryPoints: [entry] } : { entryPoints: { worker: (opts.entryPoints as Record<string, string>).worker } }), write: false, sourcemap: false });
  return result.metafile!;
}

describe('the runtime core, arches and plugins need none of Node', function () {
  this.timeout(120_000);

  it('bundles the browser entry with every arch and plugin for the browser, and no file uses a Node global', async () => {
    const meta = await bundle();
    const sources = Object.keys(meta.inputs)
      .filter((f) => !f.includes('node_modules') && /\.ts$/.test(f))
      .map((f) => join(ROOT, f));
    const rel = sources.map((f) => relative(ROOT, f));
    // Everything the registry names is in: every arch and every plugin folder.
    for (const dir of ['arches', 'plugins']) {
      for (const d of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        if (d.isDirectory() && rel.includes(`${dir}/${d.name}/index.ts`) === false && readdirSync(join(ROOT, dir, d.name)).includes('index.ts')) {
          expect.fail(`${dir}/${d.name} is not in the browser bundle`);
        }
      }
    }
    expect(rel).to.include('src/browser.ts');
    expect(rel.filter((f) => f.startsWith('src/cli/') || /^src\/util\/(node-|package-root|trusted-code|module-folders)/.test(f))).to.deep.equal([]);
    expect(sources.flatMap(nodeGlobals)).to.deep.equal([]);
  });

  it('would catch a Node module or a Node global (the check itself)', async () => {
    let refused = '';
    try {
      await bundle(join(ROOT, 'src/runtime/simulation-container.ts'));
    } catch (e) {
      refused = (e as Error).message;
    }
    expect(refused).to.match(/node:(path|fs|url)/);
    expect(nodeGlobals(join(ROOT, 'src/output/output-router.ts'))).to.not.deep.equal([]);
    expect(codeOnly("const a = 'process.exit'; // process\nprocess.exit()")).to.match(/^const a = '\s+';\s+\nprocess\.exit\(\)$/);
    // A method named like a global is not the global; a use of the global inside one still is.
    expect(globalsIn('  process(queue: number, host: BackendHost): void {\n    const q = host.queue(queue);', 'm')).to.deep.equal([]);
    expect(globalsIn('  process(queue: number): void {\n    if (process.env.X) {\n  run(b = Buffer.alloc(1)) {', 'm')).to.deep.equal(['m:2 uses process', 'm:3 uses Buffer']);
    // A name the file declares is its own; a use of the global beside other declarations is not.
    expect(globalsIn('class E {\n  global = false;\n}\nfunction f(e: E) {\n  let global = e.global;\n  global = !global;\n}', 'm')).to.deep.equal([]);
    expect(globalsIn('function g(global?: boolean) {\n  return global;\n}', 'm')).to.deep.equal([]);
    expect(globalsIn('const dirty = 1;\nconsole.log(global.x, f(process));\nconst o = { a: Buffer };', 'm')).to.deep.equal(['m:2 uses global', 'm:2 uses process', 'm:3 uses Buffer']);
  });
});
