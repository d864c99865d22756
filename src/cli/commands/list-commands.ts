import { parseArgs } from 'node:util';
import { shippedBoards } from '../../board/board-locator.js';
import { readBoard } from '../../runtime/simulation.js';
import { createSimulationContainer } from '../../runtime/simulation-container.js';
import { ArchCatalog, PluginCatalog } from '../../runtime/service-ids.js';
import { EXIT, type CommandResult } from '../cli-error.js';
import { attachDashValues, runtimeOptionsFor, TRUST_OPTIONS } from '../trust-args.js';

/** The folder flags the listing commands accept; anything else is refused. */
function listOptions(argv: string[], command: string) {
  try {
    return parseArgs({ args: attachDashValues(argv, ['--plugin-dir', '--arch-dir']), strict: true, options: TRUST_OPTIONS }).values;
  } catch (e) {
    return `${(e as Error).message.split('\n')[0]}\nusage: chimera ${command} [--plugin-dir DIR ...] [--arch-dir DIR ...]`;
  }
}

/** `chimera boards`: shipped boards with their description and CPUs. */
export function boardsCommand(argv: string[] = []): CommandResult {
  const values = listOptions(argv, 'boards');
  if (typeof values === 'string') return { code: EXIT.badInput, message: values };
  const container = createSimulationContainer(runtimeOptionsFor(values));
  for (const name of shippedBoards()) {
    const b = readBoard(container, name);
    if (b._tag === 'Left') process.stdout.write(`${name.padEnd(16)} (invalid: ${b.left.message.split('\n')[0]})\n`);
    else {
      const cpus = b.right.cpus.map((c) => c.arch).filter((a, i, all) => all.indexOf(a) === i);
      process.stdout.write(`${name.padEnd(16)} ${b.right.description} [${cpus.join(' + ')}]\n`);
    }
  }
  return { code: EXIT.ok };
}

/** `chimera plugins`: device plugins shipped in plugins/ and in the folders the user named. */
export async function pluginsCommand(argv: string[] = []): Promise<CommandResult> {
  const values = listOptions(argv, 'plugins');
  if (typeof values === 'string') return { code: EXIT.badInput, message: values };
  const catalog = createSimulationContainer(runtimeOptionsFor(values)).get<PluginCatalog>(PluginCatalog);
  for (const name of catalog.names()) {
    const p = await catalog.load(name, process.cwd());
    process.stdout.write(`${name.padEnd(16)} ${p._tag === 'Right' ? p.right.description : `(broken: ${p.left.message})`}\n`);
  }
  return { code: EXIT.ok };
}

/** `chimera arches`: registered architectures, loaded to show their models. */
export async function archesCommand(argv: string[] = []): Promise<CommandResult> {
  const values = listOptions(argv, 'arches');
  if (typeof values === 'string') return { code: EXIT.badInput, message: values };
  const container = createSimulationContainer(runtimeOptionsFor(values));
  const catalog = container.get<ArchCatalog>(ArchCatalog);
  for (const id of catalog.ids()) {
    const a = await catalog.load(id, container);
    process.stdout.write(
      a._tag === 'Right'
        ? `${id.padEnd(10)} ${a.right.description} (${a.right.littleEndian ? 'little' : 'big'} endian; models: ${a.right.models.join(', ')})\n`
        : `${id.padEnd(10)} (broken: ${a.left.message})\n`,
    );
  }
  return { code: EXIT.ok };
}
