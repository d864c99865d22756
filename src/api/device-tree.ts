/**
 * Device-tree contributions. A board's flattened device tree (the DTB a Linux kernel or a test
 * suite reads from x0) is assembled from what the board contains: each device plugin and each
 * arch may describe its own node(s); the runtime adds the root, `/chosen` and the phandles.
 * Everything here is optional: a plugin without `deviceTree` is simply not in the tree, so an
 * operating system never touches it.
 * @module
 */

/** A reference to another node by its label; written as that node's phandle. */
export interface DtRef {
  readonly ref: string;
}

/** `<&label>` in dts: a cell holding the phandle of the node labelled `label`. */
export function dtRef(label: string): DtRef {
  return { ref: label };
}

/** One 32-bit cell: a number (taken modulo 2^32) or a phandle reference. */
export type DtCell = number | DtRef;

/**
 * A property value:
 * - `string`: one NUL-terminated string; `string[]`: a string list;
 * - `DtCell[]`: big-endian 32-bit cells, references resolved to phandles;
 * - `Uint8Array`: bytes as they are;
 * - `true`: an empty property, a flag such as `interrupt-controller`.
 */
export type DtValue = string | readonly string[] | readonly DtCell[] | Uint8Array | true;

/** A node and its subtree. Property order is kept as given. */
export interface DtNode {
  /** Node name with its unit address, e.g. `pl011@9000000` (see `DeviceTreeContext.unitName`). */
  readonly name: string;
  /** Label others refer to with `dtRef`; the node gets a `phandle` only when referenced. */
  readonly label?: string;
  readonly properties: Readonly<Record<string, DtValue>>;
  readonly children?: readonly DtNode[];
}

/** A node a plugin or arch adds, and where. */
export interface DtContribution {
  readonly node: DtNode;
  /**
   * Label of the node to add it under (a GICv2m frame goes under its GIC); default the root.
   * A path such as `/cpus` works too.
   */
  readonly parent?: string;
  /** The node is a console: the first one (or the board's `deviceTree.stdout`) becomes `/chosen/stdout-path`. */
  readonly console?: boolean;
}

/** How an interrupt is signalled, for controllers that encode it (a GIC writes 1, 2, 4 or 8). */
export type DtTrigger = 'edge-rising' | 'edge-falling' | 'level-high' | 'level-low';

/** What an output line of a device means to the node it is wired to. */
export type DtSpecifierKind = 'interrupts' | 'gpios';

/** Flags for a specifier: the trigger for interrupts, the polarity for GPIOs. */
export interface DtSignalFlags {
  readonly trigger?: DtTrigger;
  readonly activeLow?: boolean;
}

/** An output resolved through the controller it is wired to: that controller's label and cells. */
export interface DtSpecifier {
  /** Label of the controller's node (its device id). */
  readonly controller: string;
  readonly cells: readonly number[];
}

/** What a plugin's `deviceTree.nodes` receives: the board entry, placed for the CPU the tree is for. */
export interface DeviceTreeContext<Options = Record<string, unknown>> {
  /** Board id of the device; controllers label their node with it. */
  readonly id: string;
  readonly options: Options;
  /** The device's address as the CPU that boots with this tree sees it, if it has one. */
  readonly base?: number;
  /** Its register window size (the board's, else the plugin's default). */
  readonly size?: number;
  /** CPUs that boot with this tree's arch, in board order (for per-CPU interrupt masks). */
  readonly cpuCount: number;
  /** `name@<hex address>`, the node-name convention (`unitName('pl011', 0x9000000)` → `pl011@9000000`); default address `base`. */
  unitName(name: string, address?: number): string;
  /** `reg` cells for (address, size) pairs, in the root's two address cells and two size cells. */
  reg(...regions: readonly (readonly [number, number])[]): DtCell[];
  /**
   * `interrupts` for these outputs, in order, as their controller encodes them, plus an
   * `interrupt-parent` when that controller is not the tree's default. Outputs the board does not
   * wire are left out; with none wired the result is empty.
   */
  interrupts(...outputs: readonly (readonly [output: string, trigger: DtTrigger])[]): Record<string, DtValue>;
  /** One output resolved through whatever it is wired to (an interrupt or GPIO controller), or undefined. */
  resolve(output: string, kind: DtSpecifierKind, flags?: DtSignalFlags): DtSpecifier | undefined;
}

/** A device plugin's device-tree support (`DevicePlugin.deviceTree`). */
export interface DeviceTreeSupport<Options = Record<string, unknown>> {
  /** The node(s) this device adds; an empty list leaves it out. */
  nodes(context: DeviceTreeContext<Options>): readonly DtContribution[];
  /**
   * For controllers (interrupt, GPIO): the cells that name one of this device's inputs in a
   * consumer's property, e.g. a GIC turns `spi1` with `level-high` into `[0, 1, 4]`. Undefined
   * when the input is not something this controller can describe. A controller labels its node
   * with its `id`.
   */
  specifier?(context: DeviceTreeContext<Options>, input: string, kind: DtSpecifierKind, flags: DtSignalFlags): readonly number[] | undefined;
}

/** A CPU as an arch's device-tree contribution sees it. */
export interface DtCpu {
  readonly id: string;
  /** Board index: the bus initiator, and what the arch reports as its CPU number (MPIDR Aff0 on aarch64). */
  readonly index: number;
  readonly model: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** What `ArchContribution.deviceTree` receives. */
export interface ArchDeviceTreeContext {
  /** The CPUs of this arch on the board, in board order. */
  readonly cpus: readonly DtCpu[];
  /** Label of the root's `interrupt-parent` (the controller driving the boot CPU), if any. */
  readonly interruptParent?: string;
  /** A CPU output (a timer line) resolved through what it is wired to. */
  resolve(cpuId: string, output: string, kind: DtSpecifierKind, flags?: DtSignalFlags): DtSpecifier | undefined;
}

/** What a boot protocol puts in `/chosen`. */
export interface DtChosen {
  /** Kernel command line (`bootargs`), when one is given. */
  readonly bootargs?: string;
  /** The initial RAM disk: `linux,initrd-start` and `linux,initrd-end` (end exclusive). */
  readonly initrd?: { readonly start: number; readonly end: number };
  /** Seed bytes for the kernel's random pool (`rng-seed`); deterministic, from the boot protocol. */
  readonly rngSeed?: Uint8Array;
}
