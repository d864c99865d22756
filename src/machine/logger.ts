import type { Logger } from '../api/logger.js';

export type LogLevel = 'warn' | 'info' | 'debug';
const RANK: Record<LogLevel, number> = { warn: 0, info: 1, debug: 2 };

/** Diagnostics to a host stream (stderr), never mixed into guest output. */
export class StreamLogger implements Logger {
  constructor(
    private readonly write: (line: string) => void,
    private readonly level: LogLevel = 'warn',
    private readonly scope = 'chimera',
  ) {}

  warn(message: string): void {
    this.emit('warn', message);
  }
  info(message: string): void {
    this.emit('info', message);
  }
  debug(message: string): void {
    this.emit('debug', message);
  }
  child(scope: string): Logger {
    return new StreamLogger(this.write, this.level, `${this.scope}:${scope}`);
  }

  private emit(level: LogLevel, message: string): void {
    if (RANK[level] <= RANK[this.level]) this.write(`[${this.scope}] ${level}: ${message}\n`);
  }
}
