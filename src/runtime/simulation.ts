import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { Container } from 'inversify';
import { parseBoard, type BoardErrors } from '../board/board-parser.js';
import type { BoardSpec } from '../board/board-spec.js';
import { parseElf } from '../loader/elf-parser.js';
import type { Machine } from '../machine/machine.js';
import { userError, type UserError } from '../util/user-error.js';
import { ArchCatalog, BoardCatalog, HostFiles, MachineBuilder } from './service-ids.js';

/** A program to load: an ELF, or a raw binary when `address` is given. */
export interface ImageRequest {
  readonly file: string;
  /** Load for this CPU only; default: every CPU whose arch runs the file. */
  readonly cpu?: string;
  readonly address?: number;
}

export interface SimulationRequest {
  /** A shipped board name or a path. */
  readonly board: string;
  /** Board parameters (--set). */
  readonly set?: Readonly<Record<string, string>>;
  /** Quantum override in ps (--quantum). */
  readonly quantum?: number;
  readonly images?: readonly ImageRequest[];
  /** Kernel command line for boot protocols that pass one (--append). */
  readonly append?: string;
}

/** Find, parse and check a board (what `chimera validate` does before building). */
export function readBoard(container: Container, name: string, set?: Readonly<Record<string, string>>): Either<BoardErrors, BoardSpec> {
  const found = container.get<BoardCatalog>(BoardCatalog).locate(name);
  if (found._tag === 'Left') return found;
  return parseBoard(found.right.text, found.right.file, { set, knownArches: container.get<ArchCatalog>(ArchCatalog).ids() });
}

/** Board → built machine → images loaded → reset. Ready to `run`. */
export async function buildSimulation(container: Container, req: SimulationRequest): Promise<Either<UserError, Machine>> {
  const board = readBoard(container, req.board, req.set);
  if (board._tag === 'Left') return board;
  const built = await container.get<MachineBuilder>(MachineBuilder).build(board.right, req.quantum ?? board.right.quantum);
  if (built._tag === 'Left') return built;
  const machine = built.right;
  for (const img of req.images ?? []) {
    const loaded = loadImage(machine, img, req.append ?? '', container.get<HostFiles>(HostFiles));
    if (loaded._tag === 'Left') return loaded;
  }
  const reset = machine.reset();
  if (reset._tag === 'Left') return left(userError('elf', reset.left));
  return right(machine);
}

function loadImage(machine: Machine, img: ImageRequest, commandLine: string, files: HostFiles): Either<UserError, void> {
  if (img.cpu !== undefined && !machine.cpu(img.cpu)) {
    return left(userError('cli', `--load ${img.cpu}=${img.file}: board ${machine.board.name} has no CPU "${img.cpu}"; CPUs: ${machine.cpus.map((c) => c.id).join(', ')}`));
  }
  const read = files.read(img.file);
  if (read._tag === 'Left') return left(userError('io', `${img.file}: ${read.left}`));
  const bytes = read.right;
  if (img.address !== undefined) {
    const cpus = img.cpu ? [img.cpu] : machine.cpus.map((c) => c.id);
    const program = { file: img.file, bytes, commandLine };
    for (const cpu of cpus) {
      const boot = machine.bootProtocol(cpu);
      const err = boot?.protocol.check(program);
      if (boot && err) return left(userError('elf', `${img.file}: cannot boot it on ${cpu} (${boot.name}): ${err}`));
      const r = machine.loadRaw(cpu, bytes, img.address, img.file);
      if (r._tag === 'Left') return left(userError('elf', r.left));
      if (boot) machine.setBootProgram(cpu, program);
    }
    return right(undefined);
  }
  const elf = parseElf(bytes, img.file);
  if (elf._tag === 'Left') return left(userError('elf', elf.left));
  const cpuIds = img.cpu ? [img.cpu] : undefined;
  // A boot protocol checks the whole file first, so a program it cannot start is refused before anything is loaded.
  const program = { file: img.file, bytes, elf: elf.right, commandLine };
  const booted: string[] = [];
  for (const t of machine.elfTargets(elf.right, cpuIds)) {
    const boot = machine.bootProtocol(t.cpu.id);
    if (!boot) continue;
    const err = boot.protocol.check(program);
    if (err) return left(userError('elf', `${img.file}: cannot boot it on ${t.cpu.id} (${boot.name}): ${err}`));
    booted.push(t.cpu.id);
  }
  const r = machine.loadElf(elf.right, cpuIds);
  if (r._tag === 'Left') return left(userError('elf', r.left));
  for (const id of booted) machine.setBootProgram(id, program);
  return right(undefined);
}
