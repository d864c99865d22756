import type { SavedState } from '../../src/api/index.js';
import type { SerialPort } from '../../src/api/index.js';
import type { BackendHost, VirtioBackend } from './backend.js';
import { DEVICE_ID } from './registers.js';

const RECEIVE = 0;
const TRANSMIT = 1;
/** Host bytes held while the guest has no receive buffer posted; beyond this they are dropped. */
const BACKLOG_LIMIT = 64 * 1024;

/**
 * virtio-console (§5.3) with one port and no optional features: queue 0 receives host bytes (the
 * device's serial port: stdin, or a test), queue 1 transmits guest bytes to it. Linux makes it
 * `hvc0`, so `console=hvc0` puts the kernel console here.
 */
export class ConsoleBackend implements VirtioBackend {
  readonly deviceId = DEVICE_ID.console;
  readonly features = 0;
  readonly queueCount = 2;
  readonly queueSizeMax = 128;
  private host: BackendHost | undefined;
  private backlog: number[] = [];
  private readonly chunk = new Uint8Array(4096);
  private dropped = 0;

  /** Host bytes not yet taken by the guest, and the count of dropped ones. */
  save(): SavedState {
    return { backlog: [...this.backlog], dropped: this.dropped };
  }

  restore(saved: SavedState): void {
    this.backlog = [...(saved.backlog as number[])];
    this.dropped = saved.dropped as number;
  }

  constructor(private readonly port: SerialPort, private readonly warn: (message: string) => void) {
    port.onReceive((byte) => {
      if (this.backlog.length >= BACKLOG_LIMIT) {
        if (this.dropped++ === 0) warn(`receive backlog full (${BACKLOG_LIMIT} bytes): dropping input until the guest reads`);
        return;
      }
      this.backlog.push(byte);
      this.host?.poke(RECEIVE);
    });
  }

  attach(host: BackendHost): void {
    this.host = host;
  }

  config(): Uint8Array {
    return new Uint8Array(12); // cols, rows, max_nr_ports, emerg_wr: none offered
  }

  reset(): void {
    this.backlog = [];
  }

  process(queue: number, host: BackendHost): void {
    if (queue === TRANSMIT) this.transmit(host);
    else if (queue === RECEIVE) this.receive(host);
  }

  private transmit(host: BackendHost): void {
    const q = host.queue(TRANSMIT);
    for (let chain = q.pop(); chain; chain = q.pop()) {
      for (let off = 0; off < chain.readableLength; ) {
        const n = host.io.read(chain, off, this.chunk.subarray(0, Math.min(this.chunk.length, chain.readableLength - off)));
        for (let i = 0; i < n; i++) this.port.transmit(this.chunk[i]);
        if (n === 0) break;
        off += n;
      }
      host.complete(TRANSMIT, chain, 0);
    }
  }

  private receive(host: BackendHost): void {
    const q = host.queue(RECEIVE);
    while (this.backlog.length && q.ready && q.pending()) {
      const chain = q.pop()!;
      const n = Math.min(chain.writableLength, this.backlog.length);
      const written = host.io.write(chain, 0, Uint8Array.from(this.backlog.slice(0, n)));
      this.backlog.splice(0, written);
      host.complete(RECEIVE, chain, written);
    }
    if (this.backlog.length === 0) this.dropped = 0;
  }
}
