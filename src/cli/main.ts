import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { EXIT, type CommandResult } from './cli-error.js';
import { archesCommand, boardsCommand, pluginsCommand } from './commands/list-commands.js';
import { runCommand } from './commands/run-command.js';
import { exploreCommand } from './commands/explore-command.js';
import { workerCommand } from './commands/worker-command.js';
import { EXPLORE_USAGE } from '../explore/explore-args.js';
import { WORKER_USAGE } from '../explore/queue/worker-args.js';
import { DUMPDTB_USAGE, dumpDtbCommand } from './commands/dumpdtb-command.js';
import { newPluginCommand } from './commands/new-plugin-command.js';
import { validateCommand } from './commands/validate-command.js';
import { RUN_USAGE } from './run-args.js';

const USAGE = `chimera: a heterogeneous multi-architecture system simulator

usage: chimera <command> [options]

commands:
  run <board> ...     run programs on a board (chimera run --help)
  explore <board> ... sweep timings, group runs by outcome (chimera explore --help)
  worker <redis-url>  run explore points from a BullMQ queue (chimera worker --help)
  boards              list the shipped boards
  plugins             list the device plugins
  arches              list the architectures
  validate <board>    check a board file (chimera validate --help)
  dumpdtb <board> -o F  write the device tree the board generates
  new-plugin <name>   write a device plugin folder with its test (chimera new-plugin --help)
  --version           print the version

Plugins and arches are code that runs with your rights; they load only from Chimera's own
folders, folders you name (--plugin-dir, --arch-dir, CHIMERA_PLUGIN_PATH, CHIMERA_ARCH_PATH)
and npm packages the board's project installed. See docs/trust-model.md.`;

async function dispatch(argv: string[]): Promise<CommandResult> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'run':
      if (rest.includes('--help') || rest.includes('-h')) return print(RUN_USAGE);
      return runCommand(rest);
    case 'explore':
      if (rest.includes('--help') || rest.includes('-h')) return print(EXPLORE_USAGE);
      return exploreCommand(rest);
    case 'worker':
      if (rest.includes('--help') || rest.includes('-h')) return print(WORKER_USAGE);
      return workerCommand(rest);
    case 'boards':
      return boardsCommand(rest);
    case 'plugins':
      return pluginsCommand(rest);
    case 'arches':
      return archesCommand(rest);
    case 'validate':
      return validateCommand(rest);
    case 'dumpdtb':
      if (rest.includes('--help') || rest.includes('-h')) return print(DUMPDTB_USAGE);
      return dumpDtbCommand(rest);
    case 'new-plugin':
      return newPluginCommand(rest);
    case '--version':
    case 'version':
      return print((JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return print(USAGE);
    default:
      return { code: EXIT.badInput, message: `unknown command "${cmd}"\n${USAGE}` };
  }
}

function print(text: string): CommandResult {
  process.stdout.write(text + '\n');
  return { code: EXIT.ok };
}

/** Entry point of the `chimera` binary. */
export async function main(argv: string[]): Promise<number> {
  let result: CommandResult;
  try {
    result = await dispatch(argv);
  } catch (e) {
    // Only a simulator bug gets here; say so rather than pretend it was the user's fault.
    result = { code: EXIT.internal, message: `internal error (a Chimera bug, please report it): ${(e as Error).stack ?? String(e)}` };
  }
  if (result.message) process.stderr.write(`chimera: ${result.message.replace(/\n/g, '\nchimera: ')}\n`);
  return result.code;
}
