import { parseArgs } from 'node:util';
import { readBoard } from '../../runtime/simulation.js';
import { createSimulationContainer } from '../../runtime/simulation-container.js';
import { MachineBuilder } from '../../runtime/service-ids.js';
import { EXIT, type CommandResult } from '../cli-error.js';
import { attachDashValues, runtimeOptionsFor, TRUST_OPTIONS, TRUST_USAGE } from '../trust-args.js';

const USAGE = `usage: chimera validate <board> [--set param=value ...] [--plugin-dir DIR ...] [--arch-dir DIR ...]
${TRUST_USAGE}

Checks the board's schema, ids, wiring and memory map, and the options of every arch and plugin
it names, reporting every problem in one pass. Plugins load only from the folders above (see
docs/trust-model.md): a board cannot make validate run code you have not allowed.`;

/** `chimera validate <board>`: schema, ids, wiring, arches, plugins and their options. */
export async function validateCommand(argv: string[]): Promise<CommandResult> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return { code: EXIT.ok };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: attachDashValues(argv, ['--set', '--plugin-dir', '--arch-dir']),
      allowPositionals: true,
      strict: true,
      options: { set: { type: 'string', multiple: true }, ...TRUST_OPTIONS },
    });
  } catch (e) {
    return { code: EXIT.badInput, message: `${(e as Error).message.split('\n')[0]}\n${USAGE}` };
  }
  if (parsed.positionals.length !== 1) return { code: EXIT.badInput, message: USAGE };
  const set: Record<string, string> = {};
  for (const s of parsed.values.set ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) return { code: EXIT.badInput, message: `--set ${s}: write <param>=<value>` };
    set[s.slice(0, eq)] = s.slice(eq + 1);
  }
  const container = createSimulationContainer(runtimeOptionsFor(parsed.values));
  const builder = container.get<MachineBuilder>(MachineBuilder);
  const board = readBoard(container, parsed.positionals[0], set);
  if (board._tag === 'Left') {
    // Check the well-formed entries' arches, plugins and options as well, so one pass says it all.
    const partial = board.left.partial;
    const more = partial ? (await builder.checkEntries(partial)).map((e) => `${partial.file}: ${e}`) : [];
    return { code: EXIT.badInput, message: [board.left.message, ...more].join('\n') };
  }
  // Building loads every arch and plugin and checks their options, the memory map and the wiring.
  const built = await builder.build(board.right);
  if (built._tag === 'Left') return { code: EXIT.badInput, message: built.left.message };
  const b = board.right;
  process.stdout.write(`${b.file}: ok (${b.cpus.length} CPU${b.cpus.length > 1 ? 's' : ''}, ${b.devices.length} devices)\n`);
  return { code: EXIT.ok };
}
