import { Either, left, right } from 'fp-ts/lib/Either.js';
import type {
  ArchDeviceTreeContext,
  DeviceTreeContext,
  DtCell,
  DtChosen,
  DtSignalFlags,
  DtSpecifier,
  DtSpecifierKind,
  DtTrigger,
  DtValue,
} from '../api/device-tree.js';
import { dtRef } from '../api/device-tree.js';
import type { BoardSpec } from '../board/board-spec.js';
import type { Machine, MachineDevice } from '../machine/machine.js';
import { DeviceTreeBuilder } from './device-tree-builder.js';
import { writeFdt } from './fdt-blob.js';

/** Root cell sizes: two address and two size cells, enough for any 64-bit bus. */
const ADDRESS_CELLS = 2;
const SIZE_CELLS = 2;

const hex = (n: number): string => n.toString(16);

/** Two cells for a number below 2^53. */
function cells64(n: number): [number, number] {
  return [Math.floor(n / 2 ** 32) >>> 0, n >>> 0];
}

/** One cell when the value fits, as QEMU writes `linux,initrd-*`; two otherwise. */
function addressCells(n: number): number[] {
  return n < 2 ** 32 ? [n] : cells64(n);
}

/** `node.output` → every `node.input` it drives, from both ways a board can write a wire. */
function wiresOf(board: BoardSpec): Map<string, [string, string][]> {
  const wires = new Map<string, [string, string][]>();
  const add = (from: string, to: string): void => {
    const dot = to.indexOf('.');
    const list = wires.get(from) ?? [];
    list.push([to.slice(0, dot), to.slice(dot + 1)]);
    wires.set(from, list);
  };
  for (const n of [...board.cpus, ...board.devices]) {
    for (const [port, targets] of Object.entries(n.outputs)) for (const t of targets) add(`${n.id}.${port}`, t);
    for (const [port, source] of Object.entries(n.inputs)) add(source, `${n.id}.${port}`);
  }
  return wires;
}

/**
 * The flattened device tree of a built machine as one CPU sees it: the devices that CPU can
 * reach, at the addresses it uses, the CPUs of its arch, and `/chosen`. Returns the DTB, or a
 * message naming the device or arch whose contribution is wrong.
 */
export function machineDeviceTree(machine: Machine, cpuId: string, chosen: DtChosen): Either<string, Uint8Array> {
  const board = machine.board;
  const boot = machine.cpuEntries.find((e) => e.cpu.id === cpuId);
  if (!boot) return left(`no CPU "${cpuId}"`);
  const wires = wiresOf(board);
  const archCpus = machine.cpuEntries.filter((e) => e.arch === boot.arch);
  const visible = [...machine.devices.values()].filter((d) => !d.spec.cpus || d.spec.cpus.includes(cpuId));
  const visibleIds = new Set(visible.map((d) => d.spec.id));
  const builder = new DeviceTreeBuilder();
  const errors: string[] = [];

  const contexts = new Map<string, DeviceTreeContext>();
  const contextOf = (d: MachineDevice): DeviceTreeContext => {
    let ctx = contexts.get(d.spec.id);
    if (ctx) return ctx;
    const base = d.spec.at[cpuId] ?? d.spec.base;
    ctx = {
      id: d.spec.id,
      options: d.spec.options as Record<string, unknown>,
      base,
      size: d.device.memory?.size ?? d.spec.size ?? d.plugin.defaultSize,
      cpuCount: archCpus.length,
      unitName: (name, address = base) => (address === undefined ? name : `${name}@${hex(address)}`),
      reg: (...regions) => regions.flatMap(([a, s]): DtCell[] => [...cells64(a), ...cells64(s)]),
      interrupts: (...outputs) => interruptProperties(d.spec.id, outputs),
      resolve: (output, kind, flags = {}) => resolve(d.spec.id, output, kind, flags),
    };
    contexts.set(d.spec.id, ctx);
    return ctx;
  };

  /** Follow a node's output to the first visible controller that can name the input it reaches. */
  const resolve = (node: string, output: string, kind: DtSpecifierKind, flags: DtSignalFlags): DtSpecifier | undefined => {
    for (const [target, input] of wires.get(`${node}.${output}`) ?? []) {
      const d = machine.devices.get(target);
      if (!d || !visibleIds.has(target) || !d.plugin.deviceTree?.specifier) continue;
      const cells = d.plugin.deviceTree.specifier(contextOf(d), input, kind, flags);
      if (cells) return { controller: target, cells };
    }
    return undefined;
  };

  // The default interrupt parent: the controller that drives the booting CPU's inputs.
  let defaultParent: string | undefined;
  for (const [from, targets] of wires) {
    if (defaultParent || !targets.some(([t]) => t === cpuId)) continue;
    const src = from.slice(0, from.indexOf('.'));
    const d = machine.devices.get(src);
    if (d && visibleIds.has(src) && d.plugin.deviceTree?.specifier) defaultParent = src;
  }

  const interruptProperties = (node: string, outputs: readonly (readonly [string, DtTrigger])[]): Record<string, DtValue> => {
    const found = outputs.map(([o, trigger]) => resolve(node, o, 'interrupts', { trigger })).filter((s): s is DtSpecifier => !!s);
    if (!found.length) return {};
    const controllers = new Set(found.map((s) => s.controller));
    if (controllers.size > 1) return { 'interrupts-extended': found.flatMap((s): DtCell[] => [dtRef(s.controller), ...s.cells]) };
    const controller = found[0].controller;
    const cells = found.flatMap((s) => s.cells);
    return controller === defaultParent ? { interrupts: cells } : { 'interrupt-parent': [dtRef(controller)], interrupts: cells };
  };

  // Root.
  const dt = board.deviceTree;
  builder.setRootProperty('#address-cells', [ADDRESS_CELLS]);
  builder.setRootProperty('#size-cells', [SIZE_CELLS]);
  builder.setRootProperty('compatible', dt?.compatible ?? [`chimera,${board.name}`]);
  builder.setRootProperty('model', dt?.model ?? board.description ?? board.name);
  if (defaultParent) builder.setRootProperty('interrupt-parent', [dtRef(defaultParent)]);

  // The arch: CPUs, firmware interfaces, per-CPU timers.
  if (boot.arch.deviceTree) {
    const ctx: ArchDeviceTreeContext = {
      cpus: archCpus.map((e) => ({ id: e.cpu.id, index: e.cpu.index, model: e.cpu.model, options: e.spec.options })),
      interruptParent: defaultParent,
      resolve: (id, output, kind, flags = {}) => resolve(id, output, kind, flags),
    };
    try {
      for (const c of boot.arch.deviceTree(ctx)) builder.add(c, `arch ${boot.arch.id}`);
    } catch (e) {
      errors.push(`arch ${boot.arch.id}: device tree: ${(e as Error).message}`);
    }
  }

  // Devices, in board order; the first console becomes stdout unless the board names one.
  const consoles = new Map<string, string>();
  for (const d of visible) {
    const support = d.plugin.deviceTree;
    if (!support) continue;
    const origin = `${d.spec.path} (${d.spec.id})`;
    try {
      for (const c of support.nodes(contextOf(d))) {
        const path = builder.add(c, origin);
        if (c.console && path && !consoles.has(d.spec.id)) consoles.set(d.spec.id, path);
      }
    } catch (e) {
      errors.push(`${origin}: device tree: ${(e as Error).message}`);
    }
  }
  if (defaultParent && !builder.hasLabel(defaultParent)) {
    errors.push(`interrupt controller "${defaultParent}" answers interrupt specifiers but labels no node "${defaultParent}"`);
  }

  // /chosen.
  const chosenProps: Record<string, DtValue> = {};
  if (chosen.bootargs !== undefined) chosenProps.bootargs = chosen.bootargs;
  const stdoutId = dt?.stdout ?? consoles.keys().next().value;
  if (stdoutId !== undefined) {
    const path = consoles.get(stdoutId);
    if (path) chosenProps['stdout-path'] = path;
    else if (dt?.stdout) errors.push(`deviceTree.stdout: device "${dt.stdout}" adds no console node for ${cpuId}`);
  }
  if (chosen.initrd) {
    chosenProps['linux,initrd-start'] = addressCells(chosen.initrd.start);
    chosenProps['linux,initrd-end'] = addressCells(chosen.initrd.end);
  }
  if (chosen.rngSeed) chosenProps['rng-seed'] = chosen.rngSeed;
  builder.add({ node: { name: 'chosen', properties: chosenProps } }, 'the boot protocol');

  const tree = builder.finish();
  if (tree._tag === 'Left') errors.push(tree.left);
  if (errors.length || tree._tag === 'Left') return left(errors.join('\n'));
  return right(writeFdt(tree.right, boot.cpu.index));
}
