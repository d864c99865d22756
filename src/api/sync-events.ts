/**
 * Synchronisation that CPU cores and devices report, so that an analysis can order memory
 * accesses by happens-before (`chimera run --races`, `src/races/`). Nobody listens unless that
 * analysis runs: `observer` is null and reporting costs a cores one property test.
 *
 * How an arch reports (see docs/timing-research.md, "What each arch reports"):
 * - `barrier` for full memory barriers (aarch64 DMB/DSB, SPARC STBAR, x86 MFENCE/LOCK).
 * - `beginAtomic`/`endAtomic` around the memory accesses of one synchronising instruction
 *   (exclusives, acquire/release accesses, CAS and atomic read-modify-writes, SPARC LDSTUB/SWAP/CASA);
 *   the accesses in between reach the analysis through the bus as usual, marked as atomic.
 * - `interruptTaken` when the core enters an interrupt handler.
 * Devices report messages through `DeviceContext.sync` (a mailbox push is a send, its pop a receive).
 */
export interface SyncObserver {
  /** CPU `cpu` (board index) executed a memory barrier. */
  barrier(cpu: number): void;
  /** CPU `cpu`'s next memory accesses, until `endAtomic`, are one synchronising access of `kind` (`SYNC_ACQUIRE` ...). */
  beginAtomic(cpu: number, kind: number): void;
  endAtomic(cpu: number): void;
  /** CPU `cpu` took an interrupt: its handler runs after whatever raised the request. */
  interruptTaken(cpu: number): void;
  /** Device `device` accepted message `message` from CPU `cpu` (or from an event, `cpu` = -1). */
  messageSent(device: string, message: number, cpu: number): void;
  /** CPU `cpu` received message `message` of device `device`. */
  messageReceived(device: string, message: number, cpu: number): void;
}

/** The access reads and orders what it reads after the writer's release (LDAR, LDXR). */
export const SYNC_ACQUIRE = 1;
/** The access publishes what the CPU did before it (STLR, STXR). */
export const SYNC_RELEASE = 2;
/** Both (CAS, LSE atomics, LDSTUB, SWAP, CASA). */
export const SYNC_ACQUIRE_RELEASE = 3;

/** The holder cores read `observer` from; one per machine. */
export class SyncEvents {
  observer: SyncObserver | null = null;
}

/** What a device sees: messages it passes between CPUs, as happens-before edges. */
export interface DeviceSync {
  /** True while an analysis listens; check it before reporting. */
  readonly enabled: boolean;
  /** A CPU (`initiator`) handed the device message `message` (an id unique within the device). */
  send(message: number, initiator: number): void;
  /** A CPU (`initiator`) took message `message` out of the device. */
  receive(message: number, initiator: number): void;
}
