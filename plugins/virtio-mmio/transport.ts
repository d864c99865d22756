import type { Device, DeviceContext, RunOutcome, Signal } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';

const TRANSPORT_STATE = ['driverFeatures', 'deviceFeaturesSel', 'driverFeaturesSel', 'queueSel', 'status', 'interruptStatus', 'configGeneration', 'shmSel'];
const QUEUE_STATE = ['size', 'desc', 'avail', 'used', 'ready', 'lastAvail', 'usedIdx'];
import type { BackendHost, VirtioBackend } from './backend.js';
import { DEVICE_ID, F_INDIRECT_DESC, F_VERSION_1, INT_CONFIG, INT_VRING, MAGIC_VALUE, MMIO_VERSION, STATUS, VENDOR_QEMU, VirtioMmio } from './registers.js';
import { ChainIo, Virtqueue, VirtqueueError, type Chain } from './virtqueue.js';

/** Device feature words: [bits 0–31, bits 32–63]. */
type Features = [number, number];

/**
 * A virtio-mmio transport, version 2 (virtio 1.1 §4.2.2), with a device back-end or none.
 * An empty slot answers as QEMU's: magic, version and vendor, device ID 0, everything else 0,
 * writes ignored, never a bus error. `irq` is high while InterruptStatus is non-zero.
 *
 * When the driver breaks the rules (a bad descriptor, a ring outside RAM, bad feature bits), the
 * device sets DEVICE_NEEDS_RESET, raises a configuration-change interrupt, and does nothing more
 * until it is reset, as §2.1.2 says.
 */
export class VirtioMmioTransport implements Device, BackendHost {
  readonly io: ChainIo;
  private readonly irq: Signal;
  private readonly queues: Virtqueue[] = [];
  private readonly deviceFeatures: Features;
  private driverFeatures: Features = [0, 0];
  private deviceFeaturesSel = 0;
  private driverFeaturesSel = 0;
  private queueSel = 0;
  private status = 0;
  private interruptStatus = 0;
  private configGeneration = 0;
  private shmSel = 0;

  constructor(
    private readonly ctx: Pick<DeviceContext, 'output' | 'dma' | 'log'>,
    private readonly backend: VirtioBackend | undefined,
  ) {
    this.irq = ctx.output('irq');
    this.io = new ChainIo(ctx.dma);
    for (let q = 0; q < (backend?.queueCount ?? 0); q++) this.queues.push(new Virtqueue(ctx.dma));
    this.deviceFeatures = [((backend?.features ?? 0) | (1 << F_INDIRECT_DESC)) >>> 0, 1 << F_VERSION_1];
    backend?.attach?.(this);
  }

  reset(): void {
    this.resetDevice();
  }

  /** Transport registers, each queue's addresses and indices, and the backend's state. */
  save(): SavedState {
    const b = this.backend;
    if (b && !b.save) throw new Error(`its ${b.constructor.name} cannot be saved yet`);
    return { ...saveFields(this, TRANSPORT_STATE), queues: this.queues.map((q) => saveFields(q, QUEUE_STATE)), backend: b?.save?.() ?? null };
  }

  restore(state: SavedState): void {
    restoreFields(this, TRANSPORT_STATE, state);
    const queues = state.queues as SavedState[];
    if (queues.length !== this.queues.length) throw new Error(`saved state has ${queues.length} queues, this device ${this.queues.length}`);
    this.queues.forEach((q, i) => restoreFields(q, QUEUE_STATE, queues[i]));
    if (this.backend?.restore) this.backend.restore(state.backend as SavedState);
  }

  inspect(): Record<string, unknown> {
    return { ...saveFields(this, TRANSPORT_STATE), queues: this.queues.map((q) => saveFields(q, QUEUE_STATE)), backend: this.backend?.constructor.name ?? 'none' };
  }

  finish(outcome: RunOutcome): string | undefined {
    return this.backend?.finish?.(outcome);
  }

  private resetDevice(): void {
    this.status = 0;
    this.driverFeatures = [0, 0];
    this.deviceFeaturesSel = this.driverFeaturesSel = this.queueSel = this.shmSel = 0;
    this.interruptStatus = 0;
    for (const q of this.queues) q.reset();
    this.backend?.reset();
    this.irq.lower();
  }

  read(offset: number, size: 1 | 2 | 4): number {
    if (offset >= VirtioMmio.CONFIG) return this.backend ? this.readConfig(offset - VirtioMmio.CONFIG, size) : 0;
    if (size !== 4 || offset & 3) return 0;
    switch (offset) {
      case VirtioMmio.MAGIC:
        return MAGIC_VALUE;
      case VirtioMmio.VERSION:
        return MMIO_VERSION;
      case VirtioMmio.VENDOR_ID:
        return VENDOR_QEMU;
    }
    const b = this.backend;
    if (!b) return 0;
    const q = this.queues[this.queueSel];
    switch (offset) {
      case VirtioMmio.DEVICE_ID:
        return b.deviceId;
      case VirtioMmio.DEVICE_FEATURES:
        return this.deviceFeaturesSel < 2 ? this.deviceFeatures[this.deviceFeaturesSel] : 0;
      case VirtioMmio.QUEUE_NUM_MAX:
        return q ? b.queueSizeMax : 0;
      case VirtioMmio.QUEUE_READY:
        return q?.ready ? 1 : 0;
      case VirtioMmio.INTERRUPT_STATUS:
        return this.interruptStatus;
      case VirtioMmio.STATUS:
        return this.status;
      case VirtioMmio.QUEUE_DESC_LOW:
        return q ? q.desc >>> 0 : 0;
      case VirtioMmio.QUEUE_DESC_HIGH:
        return q ? Math.floor(q.desc / 2 ** 32) : 0;
      case VirtioMmio.QUEUE_DRIVER_LOW:
        return q ? q.avail >>> 0 : 0;
      case VirtioMmio.QUEUE_DRIVER_HIGH:
        return q ? Math.floor(q.avail / 2 ** 32) : 0;
      case VirtioMmio.QUEUE_DEVICE_LOW:
        return q ? q.used >>> 0 : 0;
      case VirtioMmio.QUEUE_DEVICE_HIGH:
        return q ? Math.floor(q.used / 2 ** 32) : 0;
      case VirtioMmio.SHM_LEN_LOW:
      case VirtioMmio.SHM_LEN_HIGH:
        return 0xffffffff; // no shared memory regions: length reads as -1
      case VirtioMmio.CONFIG_GENERATION:
        return this.configGeneration;
      default:
        return 0;
    }
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    const b = this.backend;
    if (!b) return;
    if (offset >= VirtioMmio.CONFIG) {
      b.configWrite?.(offset - VirtioMmio.CONFIG, size, value);
      return;
    }
    if (size !== 4 || offset & 3) return;
    const q = this.queues[this.queueSel];
    const setAddress = (field: 'desc' | 'avail' | 'used', high: boolean): void => {
      if (!q || q.ready) return; // the layout is fixed while the queue runs
      const cur = q[field];
      q[field] = high ? (cur >>> 0) + value * 2 ** 32 : Math.floor(cur / 2 ** 32) * 2 ** 32 + value;
    };
    switch (offset) {
      case VirtioMmio.DEVICE_FEATURES_SEL:
        this.deviceFeaturesSel = value;
        return;
      case VirtioMmio.DRIVER_FEATURES:
        if (this.driverFeaturesSel < 2 && !(this.status & STATUS.FEATURES_OK)) this.driverFeatures[this.driverFeaturesSel] = value;
        return;
      case VirtioMmio.DRIVER_FEATURES_SEL:
        this.driverFeaturesSel = value;
        return;
      case VirtioMmio.QUEUE_SEL:
        this.queueSel = value;
        return;
      case VirtioMmio.QUEUE_NUM:
        if (q && !q.ready) q.size = value;
        return;
      case VirtioMmio.QUEUE_READY:
        if (q) this.setQueueReady(this.queueSel, value & 1);
        return;
      case VirtioMmio.QUEUE_NOTIFY:
        this.notify(value & 0xffff);
        return;
      case VirtioMmio.INTERRUPT_ACK:
        this.interruptStatus &= ~value;
        this.updateIrq();
        return;
      case VirtioMmio.STATUS:
        this.writeStatus(value & 0xff);
        return;
      case VirtioMmio.QUEUE_DESC_LOW:
        return setAddress('desc', false);
      case VirtioMmio.QUEUE_DESC_HIGH:
        return setAddress('desc', true);
      case VirtioMmio.QUEUE_DRIVER_LOW:
        return setAddress('avail', false);
      case VirtioMmio.QUEUE_DRIVER_HIGH:
        return setAddress('avail', true);
      case VirtioMmio.QUEUE_DEVICE_LOW:
        return setAddress('used', false);
      case VirtioMmio.QUEUE_DEVICE_HIGH:
        return setAddress('used', true);
      case VirtioMmio.SHM_SEL:
        this.shmSel = value;
        return;
      case VirtioMmio.QUEUE_RESET:
        if (q && value & 1) q.reset();
        return;
      default:
        return;
    }
  }

  private readConfig(offset: number, size: 1 | 2 | 4): number {
    const bytes = this.backend!.config();
    if (offset + size > bytes.length) return 0;
    let v = 0;
    for (let k = size - 1; k >= 0; k--) v = v * 256 + bytes[offset + k];
    return v >>> 0;
  }

  private writeStatus(value: number): void {
    if (value === 0) {
      this.resetDevice();
      return;
    }
    // FEATURES_OK only sticks when the driver chose a subset of ours that includes VERSION_1.
    if (value & STATUS.FEATURES_OK && !(this.status & STATUS.FEATURES_OK)) {
      const [lo, hi] = this.driverFeatures;
      const subset = (lo & ~this.deviceFeatures[0]) === 0 && (hi & ~this.deviceFeatures[1]) === 0;
      if (!subset || !(hi & (1 << F_VERSION_1))) value &= ~STATUS.FEATURES_OK;
    }
    this.status = (this.status & STATUS.NEEDS_RESET) | value;
    if (value & STATUS.DRIVER_OK) for (let i = 0; i < this.queues.length; i++) this.notify(i);
  }

  private setQueueReady(index: number, ready: number): void {
    const q = this.queues[index];
    if (!ready) {
      q.ready = false;
      return;
    }
    const bad = q.size > this.backend!.queueSizeMax ? `queue size ${q.size} above the maximum ${this.backend!.queueSizeMax}` : q.check();
    if (bad) return this.needsReset(`queue ${index}: ${bad}`);
    q.ready = true;
  }

  private notify(index: number): void {
    const q = this.queues[index];
    if (!q?.ready || this.status & STATUS.NEEDS_RESET || !(this.status & STATUS.DRIVER_OK)) return;
    try {
      this.backend!.process(index, this);
    } catch (e) {
      if (!(e instanceof VirtqueueError)) throw e;
      this.needsReset(`queue ${index}: ${e.message}`);
    }
  }

  /** The driver broke the rules: stop, and tell it through a configuration-change interrupt. */
  private needsReset(why: string): void {
    this.ctx.log.warn(`device needs reset: ${why}`);
    this.status |= STATUS.NEEDS_RESET;
    for (const q of this.queues) q.ready = false;
    this.configChanged();
  }

  // ---- BackendHost ----

  queue(index: number): Virtqueue {
    return this.queues[index];
  }

  complete(queue: number, chain: Chain, written: number): void {
    const q = this.queues[queue];
    q.push(chain, written);
    if (!q.interruptSuppressed()) {
      this.interruptStatus |= INT_VRING;
      this.updateIrq();
    }
  }

  poke(queue: number): void {
    this.notify(queue);
  }

  configChanged(): void {
    this.configGeneration = (this.configGeneration + 1) >>> 0;
    this.interruptStatus |= INT_CONFIG;
    this.updateIrq();
  }

  private updateIrq(): void {
    this.irq.set(this.interruptStatus ? 1 : 0);
  }
}

export { DEVICE_ID };
