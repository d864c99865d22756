import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { Container } from 'inversify';
import type { BootFile, BootProgram, BootProtocol } from '../api/arch.js';
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
  /** CPU clocks in Hz replacing the board's (--clock cpu1=95MHz). */
  readonly clocks?: Readonly<Record<string, number>>;
  /** An initial RAM disk for boot protocols that take one (--initrd). */
  readonly initrd?: string;
  /** A device tree blob replacing the generated one (--dtb). */
  readonly dtb?: string;
}

/** Find, parse and check a board (what `chimera validate` does before building). */
export function readBoard(container: Container, name: string, set?: Readonly<Record<string, string>>): Either<BoardErrors, BoardSpec> {
  const found = container.get<BoardCatalog>(BoardCatalog).locate(name);
  const files = container.get<HostFiles>(HostFiles);
  if (found._tag === 'Left') return found;
  return parseBoard(found.right.text, found.right.file, { set, knownArches: container.get<ArchCatalog>(ArchCatalog).ids(), resolveFile: (v) => files.resolve('.', v) });
}

/** Board → built machine → images loaded → reset. Ready to `run`. */
export async function buildSimulation(container: Container, req: SimulationRequest): Promise<Either<UserError, Machine>> {
  const read = readBoard(container, req.board, req.set);
  if (read._tag === 'Left') return read;
  const board = withClocks(read.right, req.clocks ?? {});
  if (board._tag === 'Left') return board;
  const built = await container.get<MachineBuilder>(MachineBuilder).build(board.right, req.quantum ?? board.right.quantum);
  if (built._tag === 'Left') return built;
  const machine = built.right;
  const files = container.get<HostFiles>(HostFiles);
  const extras: { initrd?: BootFile; deviceTree?: BootFile } = {};
  for (const [key, flag, file] of [['initrd', '--initrd', req.initrd], ['deviceTree', '--dtb', req.dtb]] as const) {
    if (file === undefined) continue;
    const bytes = readInput(files, file, flag);
    if (bytes._tag === 'Left') return bytes;
    extras[key] = { file, bytes: bytes.right };
  }
  const taken = { initrd: false, deviceTree: false };
  for (const img of req.images ?? []) {
    const loaded = loadImage(machine, img, req.append ?? '', files, extras, taken);
    if (loaded._tag === 'Left') return loaded;
  }
  for (const [key, flag, what] of [['initrd', '--initrd', 'an initrd'], ['deviceTree', '--dtb', 'a device tree']] as const) {
    if (extras[key] && !taken[key]) {
      const protocols = machine.cpuEntries.map((e) => `${e.cpu.id}: ${e.spec.boot}`).join(', ');
      return left(userError('cli', `${flag} ${extras[key]!.file}: no program is booted with a protocol that takes ${what} (${protocols})`));
    }
  }
  const reset = machine.reset();
  if (reset._tag === 'Left') return left(userError('elf', reset.left));
  return right(machine);
}

/** The board with some CPUs' clocks replaced; an unknown CPU id is the user's error. */
function withClocks(board: BoardSpec, clocks: Readonly<Record<string, number>>): Either<UserError, BoardSpec> {
  const ids = Object.keys(clocks);
  if (ids.length === 0) return right(board);
  const unknown = ids.filter((id) => !board.cpus.some((c) => c.id === id));
  if (unknown.length) return left(userError('cli', `--clock ${unknown[0]}=...: board ${board.name} has no CPU "${unknown[0]}"; CPUs: ${board.cpus.map((c) => c.id).join(', ')}`));
  return right({ ...board, cpus: board.cpus.map((c) => (clocks[c.id] === undefined ? c : { ...c, frequency: clocks[c.id] })) });
}

function readInput(files: HostFiles, file: string, flag?: string): Either<UserError, Uint8Array> {
  const read = files.read(file);
  return read._tag === 'Left' ? left(userError('io', `${flag ? `${flag} ` : ''}${file}: ${read.left}`)) : read;
}

/** ELF files start with these four bytes; anything else may be a file a boot protocol places itself. */
const isElf = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

type Extras = { initrd?: BootFile; deviceTree?: BootFile };

const programsByProtocol = new WeakMap<BootProgram, Map<BootProtocol, BootProgram>>();

/**
 * The program as a protocol sees it, with the --initrd/--dtb files its protocol takes. The same
 * object for every CPU with that protocol, so the protocol can tell the boot CPU by identity.
 */
function withExtras(program: BootProgram, protocol: BootProtocol, extras: Extras, taken: { initrd: boolean; deviceTree: boolean }): BootProgram {
  let known = programsByProtocol.get(program);
  if (!known) programsByProtocol.set(program, (known = new Map()));
  const seen = known.get(protocol);
  if (seen) return seen;
  const initrd = protocol.takesInitrd ? extras.initrd : undefined;
  const deviceTree = protocol.takesDeviceTree ? extras.deviceTree : undefined;
  if (initrd) taken.initrd = true;
  if (deviceTree) taken.deviceTree = true;
  const full = { ...program, ...(initrd && { initrd }), ...(deviceTree && { deviceTree }) };
  known.set(protocol, full);
  return full;
}

function loadImage(
  machine: Machine,
  img: ImageRequest,
  commandLine: string,
  files: HostFiles,
  extras: Extras,
  taken: { initrd: boolean; deviceTree: boolean },
): Either<UserError, void> {
  if (img.cpu !== undefined && !machine.cpu(img.cpu)) {
    return left(userError('cli', `--load ${img.cpu}=${img.file}: board ${machine.board.name} has no CPU "${img.cpu}"; CPUs: ${machine.cpus.map((c) => c.id).join(', ')}`));
  }
  const read = readInput(files, img.file);
  if (read._tag === 'Left') return read;
  const bytes = read.right;
  if (img.address === undefined && !isElf(bytes)) return placeByProtocol(machine, img, bytes, commandLine, extras, taken);
  if (img.address !== undefined) {
    const cpus = img.cpu ? [img.cpu] : machine.cpus.map((c) => c.id);
    const program = { file: img.file, bytes, commandLine, address: img.address };
    for (const cpu of cpus) {
      const boot = machine.bootProtocol(cpu);
      const err = boot?.protocol.check(program);
      if (boot && err) return left(userError('elf', `${img.file}: cannot boot it on ${cpu} (${boot.name}): ${err}`));
      const r = machine.loadRaw(cpu, bytes, img.address, img.file);
      if (r._tag === 'Left') return left(userError('elf', r.left));
      if (boot) machine.setBootProgram(cpu, withExtras(program, boot.protocol, extras, taken));
    }
    return right(undefined);
  }
  const elf = parseElf(bytes, img.file);
  if (elf._tag === 'Left') return left(userError('elf', elf.left));
  const cpuIds = img.cpu ? [img.cpu] : undefined;
  // A boot protocol checks the whole file first, so a program it cannot start is refused before anything is loaded.
  const program = { file: img.file, bytes, elf: elf.right, commandLine };
  const booted: [string, BootProgram][] = [];
  for (const t of machine.elfTargets(elf.right, cpuIds)) {
    const boot = machine.bootProtocol(t.cpu.id);
    if (!boot) continue;
    const full = withExtras(program, boot.protocol, extras, taken);
    const err = boot.protocol.check(full);
    if (err) return left(userError('elf', `${img.file}: cannot boot it on ${t.cpu.id} (${boot.name}): ${err}`));
    booted.push([t.cpu.id, full]);
  }
  const r = machine.loadElf(elf.right, cpuIds);
  if (r._tag === 'Left') return left(userError('elf', r.left));
  for (const [id, p] of booted) machine.setBootProgram(id, p);
  return right(undefined);
}

/**
 * A file that is neither an ELF nor given an address: the CPUs whose boot protocol places files
 * itself (a Linux Image, a raw kernel) take it; without one it is refused as before, as a bad ELF.
 */
function placeByProtocol(machine: Machine, img: ImageRequest, bytes: Uint8Array, commandLine: string, extras: Extras, taken: { initrd: boolean; deviceTree: boolean }): Either<UserError, void> {
  const candidates = img.cpu ? machine.cpuEntries.filter((e) => e.cpu.id === img.cpu) : machine.cpuEntries;
  const targets = candidates.filter((e) => machine.bootProtocol(e.cpu.id)?.protocol.placesFiles);
  if (targets.length === 0) {
    const elf = parseElf(bytes, img.file);
    return left(userError('elf', elf._tag === 'Left' ? elf.left : `${img.file}: cannot be loaded`));
  }
  const program = { file: img.file, bytes, commandLine };
  const checked: [string, BootProgram][] = [];
  for (const t of targets) {
    const boot = machine.bootProtocol(t.cpu.id)!;
    const full = withExtras(program, boot.protocol, extras, taken);
    const err = boot.protocol.check(full);
    if (err) return left(userError('elf', `${img.file}: cannot boot it on ${t.cpu.id} (${boot.name}): ${err}`));
    checked.push([t.cpu.id, full]);
  }
  for (const [id, p] of checked) machine.setBootProgram(id, p);
  return right(undefined);
}
