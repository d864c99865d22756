import { closeSync, openSync, writeSync } from 'node:fs';
import type { Machine } from '../machine/machine.js';

/** Where a serial device's output goes. */
export type SerialTarget = { kind: 'stdio' } | { kind: 'file'; path: string } | { kind: 'null' };

/**
 * Sends guest serial output to stdout or files. Bytes are buffered and flushed between time
 * slices and at the end, so output order follows virtual time. With several devices on stdout,
 * each line is prefixed with the device id.
 */
export class OutputRouter {
  private readonly files: { fd: number; buf: number[] }[] = [];
  private stdout: number[] = [];
  /** Per-device unfinished lines (prefix included) in prefixed mode. */
  private readonly partial = new Map<string, { line: number[]; prefixLength: number }>();

  constructor(
    private readonly machine: Machine,
    targets: ReadonlyMap<string, SerialTarget>,
    private readonly writeStdout: (chunk: Buffer) => void = (c) => process.stdout.write(c),
  ) {
    // The command line wins; else the board's default for the device (`devices[].serial`); else stdout.
    const target = (id: string): SerialTarget => targets.get(id) ?? (machine.devices.get(id)?.spec.serial === 'null' ? { kind: 'null' } : { kind: 'stdio' });
    const onStdout = [...machine.serial.keys()].filter((id) => target(id).kind === 'stdio');
    const prefix = onStdout.length > 1;
    for (const [id, ch] of machine.serial) {
      const t = target(id);
      if (t.kind === 'file') {
        const f = { fd: openSync(t.path, 'w'), buf: [] as number[] };
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
      if (b === 10) {
        for (const c of line) this.stdout.push(c);
        line.length = prefixLength;
      }
    };
  }

  flush(): void {
    if (this.stdout.length) {
      this.writeStdout(Buffer.from(this.stdout));
      this.stdout = [];
    }
    for (const f of this.files) {
      if (f.buf.length) {
        writeSync(f.fd, Buffer.from(f.buf));
        f.buf = [];
      }
    }
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
