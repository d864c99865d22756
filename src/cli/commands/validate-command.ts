import { runtimeOptionsFromEnv } from '../../runtime/env-options.js';
import { parseArgs } from 'node:util';
import { readBoard } from '../../runtime/simulation.js';
import { createSimulationContainer } from '../../runtime/simulation-container.js';
import { MachineBuilder } from '../../runtime/service-ids.js';
import { EXIT, type CommandResult } from '../cli-error.js';

/** `chimera validate <board>`: schema, ids, wiring, arches, plugins and their options. */
export async function validateCommand(argv: string[]): Promise<CommandResult> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { set: { type: 'string', multiple: true } } });
  } catch (e) {
    return { code: EXIT.badInput, message: `${(e as Error).message}\nusage: chimera validate <board> [--set param=value ...]` };
  }
  if (parsed.positionals.length !== 1) return { code: EXIT.badInput, message: 'usage: chimera validate <board> [--set param=value ...]' };
  const set: Record<string, string> = {};
  for (const s of parsed.values.set ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) return { code: EXIT.badInput, message: `--set ${s}: write <param>=<value>` };
    set[s.slice(0, eq)] = s.slice(eq + 1);
  }
  const container = createSimulationContainer(runtimeOptionsFromEnv());
  const board = readBoard(container, parsed.positionals[0], set);
  if (board._tag === 'Left') return { code: EXIT.badInput, message: board.left.message };
  // Building loads every arch and plugin and checks their options and the wiring.
  const built = await container.get<MachineBuilder>(MachineBuilder).build(board.right);
  if (built._tag === 'Left') return { code: EXIT.badInput, message: built.left.message };
  const b = board.right;
  process.stdout.write(`${b.file}: ok (${b.cpus.length} CPU${b.cpus.length > 1 ? 's' : ''}, ${b.devices.length} devices)\n`);
  return { code: EXIT.ok };
}
