import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineDeviceTree } from '../../device-tree/machine-device-tree.js';
import { readBoard } from '../../runtime/simulation.js';
import { createSimulationContainer } from '../../runtime/simulation-container.js';
import { MachineBuilder } from '../../runtime/service-ids.js';
import { EXIT, type CommandResult } from '../cli-error.js';
import { attachDashValues, runtimeOptionsFor, TRUST_OPTIONS, TRUST_USAGE } from '../trust-args.js';

export const DUMPDTB_USAGE = `usage: chimera dumpdtb <board> -o FILE [--set <param>=<value> ...] [--append CMDLINE] [--cpu ID]
                        [--plugin-dir DIR ...] [--arch-dir DIR ...]
${TRUST_USAGE}

  Write the device tree blob the board generates (as QEMU's -M virt,dumpdtb=FILE does);
  read it with: dtc -I dtb -O dts FILE
  --cpu ID    the CPU whose view it describes (default: the first)`;

/** `chimera dumpdtb`: the generated device tree, without running anything. */
export async function dumpDtbCommand(argv: string[]): Promise<CommandResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachDashValues(argv, ['--set', '--plugin-dir', '--arch-dir']),
      allowPositionals: true,
      strict: true,
      options: { set: { type: 'string', multiple: true }, append: { type: 'string' }, cpu: { type: 'string' }, output: { type: 'string', short: 'o' }, ...TRUST_OPTIONS },
    });
  } catch (e) {
    return { code: EXIT.badInput, message: `${(e as Error).message}\n${DUMPDTB_USAGE}` };
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !values.output) return { code: EXIT.badInput, message: DUMPDTB_USAGE };
  const set: Record<string, string> = {};
  for (const s of values.set ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) return { code: EXIT.badInput, message: `--set ${s}: write <param>=<value>` };
    set[s.slice(0, eq)] = s.slice(eq + 1);
  }
  const container = createSimulationContainer(runtimeOptionsFor(values));
  const board = readBoard(container, positionals[0], set);
  if (board._tag === 'Left') return { code: EXIT.badInput, message: board.left.message };
  const built = await container.get<MachineBuilder>(MachineBuilder).build(board.right);
  if (built._tag === 'Left') return { code: EXIT.badInput, message: built.left.message };
  const machine = built.right;
  const cpu = values.cpu ?? machine.cpus[0].id;
  if (!machine.cpu(cpu)) return { code: EXIT.badInput, message: `--cpu ${cpu}: board ${machine.board.name} has no such CPU; CPUs: ${machine.cpus.map((c) => c.id).join(', ')}` };
  const dtb = machineDeviceTree(machine, cpu, values.append === undefined ? {} : { bootargs: values.append });
  if (dtb._tag === 'Left') return { code: EXIT.badInput, message: dtb.left };
  try {
    writeFileSync(resolve(values.output), dtb.right);
  } catch (e) {
    return { code: EXIT.badInput, message: `-o ${values.output}: ${(e as Error).message}` };
  }
  return { code: EXIT.ok };
}
