import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../../util/package-root.js';
import { EXIT, type CommandResult } from '../cli-error.js';
import { scaffoldFiles } from '../scaffold/plugin-template.js';

export const NEW_PLUGIN_USAGE = `usage: chimera new-plugin <name> [--dir DIR]

Writes DIR/<name>/ (DIR defaults to the current folder): a device plugin (a counter with a compare
interrupt) in index.js, its options schema, a board fragment to paste into a board, and a test
that uses chimera-sim/testing (run it with \`node --test <name>/\`). The project that holds it
must depend on chimera-sim. <name>: lower-case letters, digits, - _ and ., as npm package names.`;

/** An npm package name without a scope, which is also a plugin name the catalog accepts. */
const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** `chimera new-plugin NAME`: scaffold a plugin folder that passes its own test as written. */
export function newPluginCommand(argv: string[]): CommandResult {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(NEW_PLUGIN_USAGE + '\n');
    return { code: EXIT.ok };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { dir: { type: 'string' } } });
  } catch (e) {
    return { code: EXIT.badInput, message: `${(e as Error).message.split('\n')[0]}\n${NEW_PLUGIN_USAGE}` };
  }
  if (parsed.positionals.length !== 1) return { code: EXIT.badInput, message: NEW_PLUGIN_USAGE };
  const name = parsed.positionals[0];
  if (!NAME.test(name) || name.includes('..') || name.length > 214) {
    return { code: EXIT.badInput, message: `new-plugin ${name}: a plugin name is lower-case letters, digits, - _ and . (an npm package name without a scope), e.g. my-counter` };
  }
  const folder = resolve(parsed.values.dir ?? '.', name);
  if (existsSync(folder)) return { code: EXIT.badInput, message: `new-plugin ${name}: ${folder} already exists; choose another name or --dir` };
  const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  try {
    mkdirSync(folder, { recursive: true });
    for (const [file, text] of Object.entries(scaffoldFiles(name, version))) writeFileSync(join(folder, file), text, { flag: 'wx' });
  } catch (e) {
    return { code: EXIT.badInput, message: `new-plugin ${name}: cannot write ${folder}: ${(e as Error).message}` };
  }
  process.stdout.write(`created ${folder}/ (index.js, options.schema.json, board-fragment.yaml, ${name}.test.js, README.md)\ntest it: node --test ${folder}\n`);
  return { code: EXIT.ok };
}
