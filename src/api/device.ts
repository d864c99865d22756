import type { HostFile } from './host-file.js';
import type { Signal, SignalSink } from '../signals/signal.js';
import type { MemoryBacking } from '../memory/memory-backing.js';
import type { Logger } from './logger.js';
import type { MachineControl } from './machine-control.js';
import type { Scheduler } from './scheduler.js';
import type { SerialPort } from './serial.js';
import type { DeviceTracer } from './trace-events.js';
import type { DeviceSync } from './sync-events.js';
import type { DeviceTreeSupport } from './device-tree.js';
import type { DmaView } from './dma.js';
import type { SavedState } from './device-state.js';

/** Version of the device plugin API. A plugin declares the version it was written for. */
export const PLUGIN_API_VERSION = 1;

/**
 * A device plugin: the default export of `plugins/<name>/index.ts`, of a file, or of an npm
 * package named in a board.
 */
export interface DevicePlugin<Options = Record<string, unknown>> {
  readonly apiVersion: number;
  readonly name: string;
  readonly description: string;
  /** JSON Schema for `devices[].options`; the board loader validates against it and names bad fields. */
  readonly optionsSchema?: object;
  /** Size of the register window when the board does not give one. */
  readonly defaultSize?: number;
  /**
   * The widest access the device's registers take, in bytes (1, 2 or 4; default 4). The bus
   * splits a wider access into pieces of this size in address order, as a bus of that width
   * does: an 8-byte store to a 4-byte device is two 4-byte writes, a 4-byte store to a device
   * with byte-wide registers four 1-byte writes.
   */
  readonly maxAccessSize?: 1 | 2 | 4;
  create(context: DeviceContext<Options>): Device;
  /** How the device appears in a generated device tree; without it the device is left out. */
  readonly deviceTree?: DeviceTreeSupport<Options>;
}

/** What a device instance receives. */
export interface DeviceContext<Options = Record<string, unknown>> {
  readonly id: string;
  readonly options: Options;
  readonly scheduler: Scheduler;
  readonly log: Logger;
  readonly machine: MachineControl;
  /** Number of CPUs on the board (for banked registers and per-CPU outputs). */
  readonly cpuCount: number;
  /** Directory of the board file, for options that name files. */
  readonly boardDir: string;
  /**
   * The bytes of a file an option names (a ROM image), relative to the board file (absolute
   * names as they are). Reads the host's files: the file system on Node, the files a page was
   * given in a browser; a plugin never needs Node's modules for it. Throws an Error that names
   * the file and says why it cannot be read, which the board loader reports as the board's.
   */
  readFile(name: string): Uint8Array;
  /**
   * Open a file an option names for random access (a disk image), relative to the board file as
   * `readFile`; `writable` opens it for writing too. Throws an Error that names the file and says
   * why it cannot be opened ("no such file", "not a regular file", ...).
   */
  openFile(name: string, writable?: boolean): HostFile;
  /** Create (once) and return a named output line, e.g. "irq". */
  output(name: string, width?: number): Signal;
  /** The host end of this device's serial port. */
  serial(): SerialPort;
  /** Timeline events (mailbox flows, device instants); free when no trace is written. */
  readonly trace: DeviceTracer;
  /** Messages between CPUs as happens-before edges, for the race detector; free when it is off. */
  readonly sync?: DeviceSync;
  /** Bus-master access to guest memory (virtio rings, DMA engines): bounded and checked. */
  readonly dma: DmaView;
  /**
   * Be told when the host asks for something by name, between time slices: `power-button`
   * when the user presses the machine's power button (the first Ctrl-C / SIGTERM of `chimera run`).
   */
  onHostEvent(name: string, handler: () => void): void;
}

/** How a run ended, as devices with host state (disk images) need to know. */
export interface RunOutcome {
  /** The guest powered off with status 0 (or every CPU stopped): its writes may be kept. */
  readonly clean: boolean;
}

/**
 * A device instance. Register accesses are values by offset and size; the bus has already
 * resolved the address and the CPU's byte order.
 */
export interface Device {
  /** Register window accesses. Omit for devices with no registers (RAM gives `memory`). */
  read?(offset: number, size: 1 | 2 | 4, initiator: number): number;
  write?(offset: number, size: 1 | 2 | 4, value: number, initiator: number): void;
  /** I/O port accesses for devices mapped into the x86 port space. */
  ioRead?(offset: number, size: 1 | 2 | 4, initiator: number): number;
  ioWrite?(offset: number, size: 1 | 2 | 4, value: number, initiator: number): void;
  /** Memory devices (RAM, ROM, SRAM) expose their bytes; the bus maps them on the fast path. */
  readonly memory?: MemoryBacking;
  /** Named inputs, e.g. an interrupt controller's "spi33". */
  input?(name: string): SignalSink | undefined;
  /** Return the device to its power-on state. Called once before the run starts. */
  reset(): void;
  /**
   * The device's state for a person debugging it (`chimera run --monitor`, `device-inspect`):
   * registers by name, FIFO contents, pending timers. Plain JSON values; called between time
   * slices, never on the hot path, and it must not change the device.
   */
  inspect?(): Readonly<Record<string, unknown>>;
  /**
   * Snapshots (`--snapshot-at`, `--restore`; docs/snapshots.md). `save` returns everything the
   * device needs to continue exactly: registers, FIFOs, and the absolute virtual time and meaning
   * of every event it has pending with the scheduler (never a closure). `restore` is called on a
   * freshly built and reset device of the same board, between time slices; it puts the state back
   * and re-arms each pending event with `scheduler.at(time, callback, label)` using the saved time
   * and the label it used before, so the scheduler can give it back its place among events due at
   * the same time. It must not change output lines (their levels are restored by the runtime).
   * Devices with no state besides `memory` (RAM, ROM) need neither; a device with registers that
   * lacks them makes a snapshot fail with a message naming the device and its plugin.
   */
  save?(): SavedState;
  restore?(state: SavedState): void;
  /**
   * The run is over: commit or drop host-side state (a writable disk keeps the guest's writes only
   * after a clean run). Returns a message if something could not be done.
   */
  finish?(outcome: RunOutcome): string | undefined;
}
