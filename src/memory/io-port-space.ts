/** A device's handler in the x86 I/O port space. */
export interface IoPortHandler {
  in(offset: number, size: 1 | 2 | 4, initiator: number): number;
  out(offset: number, size: 1 | 2 | 4, value: number, initiator: number): void;
}

/**
 * The separate 64 KiB I/O port space of x86. Unclaimed ports read as all ones and ignore writes,
 * as an ISA bus with nothing driving it does.
 */
export class IoPortSpace {
  private readonly owners: ({ base: number; handler: IoPortHandler; name: string } | undefined)[] = new Array(0x10000);

  map(name: string, base: number, count: number, handler: IoPortHandler): string | undefined {
    if (base < 0 || base + count > 0x10000) return `ports 0x${base.toString(16)}+${count} lie outside the 64 KiB I/O space`;
    for (let p = base; p < base + count; p++) {
      const o = this.owners[p];
      if (o) return `port 0x${p.toString(16)} is already claimed by ${o.name}`;
    }
    const entry = { base, handler, name };
    for (let p = base; p < base + count; p++) this.owners[p] = entry;
    return undefined;
  }

  /**
   * Replace the handler of every port range named `name` by `wrap(handler, base)`, before the run
   * starts (`--trace-events`). Returns how many ranges were wrapped.
   */
  wrap(name: string, wrap: (handler: IoPortHandler, base: number) => IoPortHandler): number {
    const done = new Set<{ base: number; handler: IoPortHandler; name: string }>();
    for (const o of this.owners) {
      if (!o || o.name !== name || done.has(o)) continue;
      o.handler = wrap(o.handler, o.base);
      done.add(o);
    }
    return done.size;
  }

  in(port: number, size: 1 | 2 | 4, initiator: number): number {
    const o = this.owners[port & 0xffff];
    if (!o) return size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff;
    return o.handler.in(port - o.base, size, initiator) >>> 0;
  }

  out(port: number, size: 1 | 2 | 4, value: number, initiator: number): void {
    const o = this.owners[port & 0xffff];
    if (o) o.handler.out(port - o.base, size, value >>> 0, initiator);
  }
}
