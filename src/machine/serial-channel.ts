import { Subject } from 'rxjs';
import type { SerialPort } from '../api/serial.js';
import type { Scheduler } from '../api/scheduler.js';
import { latin1 } from '../util/latin1.js';

/** A completed line of serial output, for traces. */
export interface SerialLine {
  readonly device: string;
  readonly text: string;
  readonly time: number;
}

/**
 * The host end of one device's serial port. Bytes go to a sink the CLI chooses (stdout, a file,
 * a test buffer); completed lines are published for the timeline when somebody listens.
 */
export class SerialChannel implements SerialPort {
  readonly lines = new Subject<SerialLine>();
  private sink: (byte: number) => void = () => {};
  private receiver: ((byte: number) => void) | undefined;
  private line: number[] = [];

  constructor(readonly device: string, private readonly scheduler: Scheduler) {}

  /** Where transmitted bytes go. */
  connect(sink: (byte: number) => void): void {
    this.sink = sink;
  }

  transmit(byte: number): void {
    this.sink(byte & 0xff);
    if (!this.lines.observed) return;
    if (byte === 10) {
      this.lines.next({ device: this.device, text: latin1(this.line), time: this.scheduler.now() });
      this.line = [];
    } else if (byte !== 13) this.line.push(byte & 0xff);
  }

  onReceive(handler: (byte: number) => void): void {
    this.receiver = handler;
  }

  /** Host input to the guest. */
  receive(byte: number): void {
    this.receiver?.(byte);
  }
}
