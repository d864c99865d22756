/**
 * The bus side of a memory-mapped device. Registers are values: `value` is the number the CPU
 * holds in its register, whatever its byte order. `initiator` is the index of the CPU making the
 * access (-1 for the loader or DMA), for banked registers such as a GIC CPU interface.
 */
export interface MmioHandler {
  read(offset: number, size: 1 | 2 | 4, initiator: number): number;
  write(offset: number, size: 1 | 2 | 4, value: number, initiator: number): void;
}

/** A device window in one CPU's view of the bus. */
export interface MmioMapping {
  readonly base: number;
  readonly size: number;
  /** Replaced only before a run, by `AddressSpace.wrapMmio`. */
  handler: MmioHandler;
  readonly name: string;
  /** The widest access the device takes (1, 2 or 4 bytes); the bus splits wider ones. */
  readonly maxAccess: number;
}
