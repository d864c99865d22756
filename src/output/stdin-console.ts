import type { ReadStream } from 'node:tty';
import { EscapeKeys, ESCAPE_HELP, type ConsoleAction } from './escape-keys.js';

/** What the console does besides passing bytes to the guest. */
export interface ConsoleHandlers {
  byte(byte: number): void;
  quit(): void;
  powerButton(): void;
  /** Text for the user (help), written to stderr by default. */
  message?(text: string): void;
}

/**
 * Host input for a guest serial port. On a terminal, stdin is switched to raw mode (every key
 * goes to the guest, Ctrl-C included) and Ctrl-A escapes give the user quit, power button and
 * help; the terminal is restored by `stop`, which the caller runs on every exit path, and also
 * when the process exits. Piped input is passed through as it is.
 */
export class StdinConsole {
  private readonly keys = new EscapeKeys();
  private started = false;
  private wasRaw = false;
  private readonly onData = (chunk: Buffer): void => {
    for (const b of chunk) {
      const action: ConsoleAction | undefined = this.terminal ? this.keys.feed(b) : { kind: 'byte', byte: b };
      if (!action) continue;
      if (action.kind === 'byte') this.handlers.byte(action.byte);
      else if (action.kind === 'quit') this.handlers.quit();
      else if (action.kind === 'power-button') this.handlers.powerButton();
      else (this.handlers.message ?? ((t: string) => process.stderr.write(t.replace(/\n/g, '\r\n'))))(ESCAPE_HELP);
    }
  };
  private readonly restoreOnExit = (): void => this.restore();

  constructor(
    private readonly input: NodeJS.ReadableStream & Partial<Pick<ReadStream, 'isTTY' | 'setRawMode' | 'isRaw'>>,
    private readonly handlers: ConsoleHandlers,
  ) {}

  private get terminal(): boolean {
    return this.input.isTTY === true && typeof this.input.setRawMode === 'function';
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.terminal) {
      this.wasRaw = this.input.isRaw === true;
      this.input.setRawMode!(true);
      process.on('exit', this.restoreOnExit);
    }
    this.input.on('data', this.onData);
    this.input.resume();
  }

  /** Stop reading and give the terminal back as it was. Safe to call more than once. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.input.off('data', this.onData);
    this.input.pause();
    this.restore();
    process.off('exit', this.restoreOnExit);
  }

  private restore(): void {
    if (this.terminal && this.input.isRaw !== this.wasRaw) this.input.setRawMode!(this.wasRaw);
  }
}
