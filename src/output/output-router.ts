import { closeSync, openSync, writeSync } from 'node:fs';
import type { Machine } from '../machine/machine.js';

/**
 * Buffered bytes are written out once this many are waiting, even mid-slice: a guest can emit
 * any amount of output within one slice (a single semihosting call may write 2 GiB), and holding
 * it all would exhaust the heap. A prefixed line longer than this is broken there.
 */
const FLUSH_BYTES = 1 << 16;

/** Where a serial device's output goes. */
export type SerialTarget = { kind: 'stdio' } | { kind: 'file'; path: string } | { kind: 'null' };

/** A fixed buffer of bytes, handed to `out` when it fills and on flush. */
class ByteBuffer {
  private readonly bytes = new Uint8Array(FLUSH_BYTES);
  private length = 0;

  constructor(private readonly out: (chunk: Buffer) => void) {}

  push(b: number): void {
    this.bytes[this.length++] = b;
    if (this.length === FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.length === 0) return;
    const chunk = Buffer.from(this.bytes.subarray(0, this.length));
    this.length = 0;
    this.out(chunk);
  }
}

/**
 * Sends guest serial output to stdout or files. Bytes are buffered and flushed between time
 * slices and at the end, so output order follows virtual time; a full buffer is written out at
 * once. With several devices on stdout, each line is prefixed with the device id.
 */
export class OutputRouter {
  private readonly files: { fd: number; buf: ByteBuffer }[] = [];
  private readonly stdout: ByteBuffer;
  /** Per-device unfinished lines (prefix included) in prefixed mode. */
  private readonly partial = new Map<string, { line: number[]; prefixLength: number }>();

  constructor(
    private readonly machine: Machine,
    targets: ReadonlyMap<string, SerialTarget>,
    writeStdout: (chunk: Buffer) => void = (c) => process.stdout.write(c),
  ) {
    this.stdout = new ByteBuffer(writeStdout);
    // The command line wins; else the board's default for the device (`devices[].serial`); else stdout.
    const target = (id: string): SerialTarget => targets.get(id) ?? (machine.devices.get(id)?.spec.serial === 'null' ? { kind: 'null' } : { kind: 'stdio' });
    const onStdout = [...machine.serial.keys()].filter((id) => target(id).kind === 'stdio');
    const prefix = onStdout.length > 1;
    for (const [id, ch] of machine.serial) {
      const t = target(id);
      if (t.kind === 'file') {
        const fd = openSync(t.path, 'w');
        const f = { fd, buf: new ByteBuffer((c) => writeSync(fd, c)) };
        this.files.push(f);
        ch.connect((b) => f.buf.push(b));
      } else if (t.kind === 'null') ch.connect(() => {});
      else ch.connect(prefix ? this.prefixed(id) : (b) => this.stdout.push(b));
    }
    machine.connectConsole(prefix ? this.prefixed('console') : (b) => this.stdout.push(b));
  }

  /** Collect a device's bytes until its newline, so lines from different devices never mix. */
  private prefixed(id: string): (b: number) => void {
    const line: number[] = [...Buffer.from(`[${id}] `, 'latin1')];
    const prefixLength = line.length;
    this.partial.set(id, { line, prefixLength });
    return (b) => {
      line.push(b);
      if (b === 10 || line.length >= FLUSH_BYTES) {
        if (b !== 10) line.push(10);
        for (const c of line) this.stdout.push(c);
        line.length = prefixLength;
      }
    };
  }

  flush(): void {
    this.stdout.flush();
    for (const f of this.files) f.buf.flush();
  }

  /** Flush everything, ending unfinished prefixed lines with a newline, and close files. */
  close(): void {
    for (const { line, prefixLength } of this.partial.values()) {
      if (line.length > prefixLength) for (const c of [...line, 10]) this.stdout.push(c);
    }
    this.flush();
    for (const f of this.files) closeSync(f.fd);
  }
}
