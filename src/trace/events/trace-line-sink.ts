import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceLineSink } from './trace-events.js';

/** Lines are gathered and written in chunks of about this many characters. */
const CHUNK = 1 << 16;

/**
 * `--trace-events` output: stderr, or a file (`--trace-events-file`). Lines are buffered and
 * written in chunks (`flush` between time slices and at the end), so a busy device costs one
 * string per event, not one system call.
 */
export class BufferedLineSink implements TraceLineSink {
  private parts: string[] = [];
  private size = 0;
  private fd: number | undefined;

  /**
   * Writes to `path` (replacing it) or to stderr without one. The file is opened at the first
   * write, so a run refused before it starts leaves an existing file alone.
   */
  constructor(private readonly path?: string) {
    if (path === undefined) this.fd = 2;
  }

  private open(): number {
    if (this.fd === undefined) this.fd = openSync(this.path!, 'w');
    return this.fd;
  }

  line(text: string): void {
    this.parts.push(text);
    this.size += text.length + 1;
    if (this.size >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.join('\n') + '\n';
    this.parts = [];
    this.size = 0;
    const bytes = Buffer.from(text, 'utf8');
    const fd = this.open();
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(fd, bytes, off);
      } catch (e) {
        // A non-blocking stderr pipe may be full: wait for it rather than drop lines.
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
  }

  close(): void {
    this.flush();
    const fd = this.open();
    if (fd !== 2) closeSync(fd);
    this.fd = undefined;
  }
}
