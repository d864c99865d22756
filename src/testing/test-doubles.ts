import type { CpuRunState } from '../api/cpu.js';
import type { Logger } from '../api/logger.js';
import type { SerialPort } from '../api/serial.js';
import { latin1 } from '../util/latin1.js';

/** A stand-in CPU with what devices use: id, index, run state, and power-on requests recorded. */
export class TestCpu {
  state: CpuRunState = 'stopped';
  /** Every `powerOn` a device asked for (PSCI CPU_ON, IRQMP MPSTAT, a SIPI). */
  readonly powerOns: { entry?: number; context?: number }[] = [];
  constructor(readonly id: string, readonly index: number) {}
  powerOn(entry?: number, context?: number): void {
    this.powerOns.push({ entry, context });
    this.state = 'running';
  }
  powerOff(): void {
    this.state = 'stopped';
  }
}

/** The host end of a serial port: records what the device transmitted, and types bytes to it. */
export class TestSerial implements SerialPort {
  /** Every byte the device transmitted, in order. */
  readonly sent: number[] = [];
  private handler: ((byte: number) => void) | undefined;
  transmit(byte: number): void {
    this.sent.push(byte);
  }
  onReceive(handler: (byte: number) => void): void {
    this.handler = handler;
  }
  /** Bytes from the host, as a terminal would deliver them (a string is taken as latin1). */
  type(text: string | readonly number[]): void {
    const bytes = typeof text === 'string' ? Array.from(text, (c) => c.charCodeAt(0) & 0xff) : text;
    for (const b of bytes) this.handler?.(b);
  }
  /** What the device transmitted, as latin1 text. */
  text(): string {
    return latin1(this.sent);
  }
}

/** A logger that keeps every message (warnings and info; debug is dropped), for assertions. */
export class CapturingLogger implements Logger {
  readonly messages: string[] = [];
  warn(m: string): void {
    this.messages.push(m);
  }
  info(m: string): void {
    this.messages.push(m);
  }
  debug(): void {}
  child(): Logger {
    return this;
  }
}
