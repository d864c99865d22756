import type { RunOutcome } from '../../src/api/index.js';
import type { SavedState } from '../../src/api/index.js';
import type { Chain, ChainIo, Virtqueue } from './virtqueue.js';

/** What a device back-end gets from its transport. */
export interface BackendHost {
  readonly io: ChainIo;
  /** Return a chain to the driver and raise the used-buffer interrupt (unless suppressed). */
  complete(queue: number, chain: Chain, written: number): void;
  /** The queue by index (ready or not). */
  queue(index: number): Virtqueue;
  /** Announce a change of the configuration space. */
  configChanged(): void;
  /** Process `queue` now, as if the driver had notified it (host input arrived for a receive queue). */
  poke(queue: number): void;
}

/**
 * A virtio device type behind a virtio-mmio transport: its ID, features, configuration space
 * and what it does with the chains the driver makes available.
 */
export interface VirtioBackend {
  readonly deviceId: number;
  /** Device-specific feature bits 0–31 (the transport adds VERSION_1 and INDIRECT_DESC). */
  readonly features: number;
  readonly queueCount: number;
  /** Largest queue size the device accepts. */
  readonly queueSizeMax: number;
  /** Called once by the transport before anything else. */
  attach?(host: BackendHost): void;
  /** Configuration space bytes, little-endian as the spec lays them out. */
  config(): Uint8Array;
  /** A write to the configuration space (most devices ignore them). */
  configWrite?(offset: number, size: number, value: number): void;
  /** The driver notified `queue`, or it became ready: take what it made available. */
  process(queue: number, host: BackendHost): void;
  /** Snapshot state of the device behind the transport; a backend without them cannot be snapshotted. */
  save?(): SavedState;
  restore?(state: SavedState): void;
  /** Device reset (status 0). */
  reset(): void;
  /** Called when the run ends (a disk commits or drops its writes). */
  finish?(outcome: RunOutcome): string | undefined;
}
