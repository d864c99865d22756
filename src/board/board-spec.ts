/** A board after parameter expansion and validation: every number parsed, every id unique. */
export interface BoardSpec {
  readonly name: string;
  readonly description: string;
  /** Absolute path of the board file. */
  readonly file: string;
  readonly dir: string;
  /** Round-robin quantum in picoseconds. */
  readonly quantum: number;
  readonly parameters: Readonly<Record<string, number | string | boolean>>;
  readonly cpus: readonly CpuSpec[];
  readonly devices: readonly DeviceSpec[];
  /** Root of a generated device tree (see docs/device-tree.md). */
  readonly deviceTree?: BoardDeviceTree;
}

export interface BoardDeviceTree {
  /** Root `model`; default the board description. */
  readonly model?: string;
  /** Root `compatible`; default `chimera,<board name>`. */
  readonly compatible?: readonly string[];
  /** Device id whose console node becomes `/chosen/stdout-path`; default the first console. */
  readonly stdout?: string;
}

export interface CpuSpec {
  readonly id: string;
  readonly arch: string;
  readonly model?: string;
  readonly frequency: number;
  /** Running at time 0; `program`: only if a program is loaded for it (heterogeneous boards whose CPUs are used one set at a time). */
  readonly start: boolean | 'program';
  /** `entry`, `reset`, or the name of a boot protocol of the CPU's arch (checked when the machine is built). */
  readonly boot: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, readonly string[]>>;
  /** Where this entry came from, e.g. "cpus[1]", for messages. */
  readonly path: string;
}

export interface DeviceSpec {
  readonly id: string;
  readonly plugin: string;
  readonly base?: number;
  readonly size?: number;
  readonly space: 'memory' | 'io';
  /** Further port ranges of an I/O device; accesses reach it as offsets from `base`. */
  readonly windows: readonly { readonly base: number; readonly size: number }[];
  readonly options: Readonly<Record<string, unknown>>;
  /** Default target of the device's serial output when the command line names none (default stdio). */
  readonly serial?: 'stdio' | 'null';
  /** CPU ids that see the device; undefined means all. */
  readonly cpus?: readonly string[];
  readonly at: Readonly<Record<string, number>>;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, readonly string[]>>;
  readonly path: string;
}
