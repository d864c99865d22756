import type { StopReason } from '../api/machine-control.js';
import type { GdbArchDescription, GdbRegister } from '../api/debug.js';
import type { MachineCpu } from '../machine/machine.js';
import type { ControllerListener, CpuStop, DebugController, PointKind } from './debug-controller.js';
import { framePacket, fromHex, PacketReader, toHex } from './packet-codec.js';
import { gdbRegisters, registerHex, targetXml, writeRegisterHex } from './target-description.js';
import { monitorCommand } from './monitor.js';

const SIGINT = 2;
const SIGTRAP = 5;
/** What we tell gdb it may send: it keeps packets below this (hex memory, registers). */
const PACKET_SIZE = 0x4000;

/**
 * One gdb connection: the remote serial protocol over a byte stream, for a group of CPUs of one
 * architecture, each a thread (thread ids 1, 2, … in board order). All-stop: a resume resumes
 * the whole machine (`DebugController`); every stop is reported with a `T` stop reply naming
 * the thread and, for watchpoints, the data address.
 *
 * Malformed packets get an `E` reply, unknown ones the empty reply (as the protocol asks); the
 * session never throws on client input.
 */
export class GdbSession implements ControllerListener {
  private readonly reader = new PacketReader();
  private readonly registers: readonly GdbRegister[];
  private readonly xml: string;
  private noAck = false;
  /** Waiting for a stop: gdb sent c/s and has had no stop reply yet. */
  private waiting = false;
  /** Thread for g/G/p/P/m/M (Hg) and its index in `cpus`. */
  private current = 0;
  private lastStop = `T${hex2(SIGTRAP)}thread:1;`;
  private readonly unlisten: () => void;
  private closed = false;
  /** gdb detached (`D`) rather than vanished. */
  detached = false;

  constructor(
    private readonly cpus: readonly MachineCpu[],
    private readonly description: GdbArchDescription,
    private readonly controller: DebugController,
    private readonly send: (bytes: Uint8Array) => void,
    private readonly onKill: () => void = () => {},
  ) {
    this.registers = gdbRegisters(description);
    this.xml = targetXml(description);
    this.unlisten = controller.listen(this);
  }

  /** Bytes from the client, in any split. */
  receive(bytes: Uint8Array): void {
    for (const ev of this.reader.feed(bytes)) {
      if (this.closed) return;
      switch (ev.kind) {
        case 'interrupt':
          this.controller.interrupt();
          break;
        case 'bad-checksum':
          if (!this.noAck) this.send(Uint8Array.of(0x2d));
          break;
        case 'packet':
          if (!this.noAck) this.send(Uint8Array.of(0x2b));
          this.handle(Buffer.from(ev.data).toString('latin1'));
          break;
        default:
          break; // acks of our replies: we do not retransmit (TCP is reliable)
      }
    }
  }

  /** The connection went away: forget its points; a machine it left running keeps running. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    this.controller.clear(this.cpus);
  }

  private reply(payload: string): void {
    if (!this.closed) this.send(framePacket(payload));
  }

  // ---- controller events ----

  halted(stops: ReadonlyMap<MachineCpu, CpuStop>): void {
    const mine = this.cpus.findIndex((e) => stops.has(e) && stops.get(e)!.kind !== 'interrupt');
    const index = mine >= 0 ? mine : Math.max(0, this.cpus.findIndex((e) => stops.has(e)));
    const stop = stops.get(this.cpus[index]) ?? { kind: 'interrupt' as const };
    this.current = index;
    this.lastStop = stopReply(stop, index + 1);
    if (this.waiting) {
      this.waiting = false;
      this.reply(this.lastStop);
    }
  }

  ended(reason: StopReason): void {
    const code = reason.kind === 'exit' ? reason.status & 0xff : 0;
    this.lastStop = `W${hex2(code)}`;
    if (this.waiting) {
      this.waiting = false;
      this.reply(this.lastStop);
    }
  }

  // ---- packets ----

  private handle(p: string): void {
    try {
      const r = this.dispatch(p);
      if (r !== undefined) this.reply(r);
    } catch (e) {
      // A bug in a handler must not take the simulator down; tell gdb and carry on.
      this.reply('E01');
      process.stderr.write(`chimera: gdb: internal error on packet ${JSON.stringify(p.slice(0, 40))}: ${(e as Error).message}\n`);
    }
  }

  /** The reply to a packet, or undefined when the reply comes later (a stop) or not at all. */
  private dispatch(p: string): string | undefined {
    const c = p[0];
    switch (c) {
      case '?':
        return this.lastStop;
      case 'g':
        return this.registers.map((r) => registerHex(this.cpu.cpu, r)).join('');
      case 'G':
        return this.writeAllRegisters(p.slice(1));
      case 'p':
        return this.readRegister(p.slice(1));
      case 'P':
        return this.writeRegister(p.slice(1));
      case 'm':
        return this.readMemory(p.slice(1));
      case 'M':
        return this.writeMemoryHex(p.slice(1));
      case 'X':
        return this.writeMemoryBinary(p.slice(1));
      case 'Z':
      case 'z':
        return this.point(c === 'Z', p.slice(1));
      case 'c':
      case 'C':
        return this.resume([]);
      case 's':
      case 'S':
        return this.resume([this.cpu]);
      case 'H':
        return this.setThread(p.slice(2));
      case 'T':
        return this.thread(p.slice(1)) !== undefined ? 'OK' : 'E02';
      case 'D':
        this.controller.clear(this.cpus);
        this.detached = true;
        this.reply('OK');
        this.close(); // the server resumes the machine once no debugger is left
        return undefined;
      case 'k':
        this.close();
        this.onKill();
        return undefined;
      case 'q':
        return this.query(p);
      case 'Q':
        if (p === 'QStartNoAckMode') {
          this.reply('OK');
          this.noAck = true;
          return undefined;
        }
        return '';
      case 'v':
        return this.vPacket(p);
      default:
        return '';
    }
  }

  private get cpu(): MachineCpu {
    return this.cpus[this.current];
  }

  /** A thread id as gdb writes it (hex; -1 all, 0 any) → index in `cpus`. */
  private thread(id: string): number | undefined {
    if (id === '-1' || id === '0') return this.current;
    const m = /^(?:p[0-9a-f]+\.)?([0-9a-f]+)$/i.exec(id);
    if (!m) return undefined;
    const n = parseInt(m[1], 16) - 1;
    return n >= 0 && n < this.cpus.length ? n : undefined;
  }

  private setThread(id: string): string {
    const n = this.thread(id);
    if (n === undefined) return 'E02';
    this.current = n;
    return 'OK';
  }

  private resume(step: readonly MachineCpu[]): undefined {
    this.waiting = true;
    this.controller.resume(step);
    return undefined;
  }

  private readRegister(arg: string): string {
    const n = parseInt(arg, 16);
    const r = this.registers[n];
    if (!/^[0-9a-f]+$/i.test(arg) || !r) return 'E00';
    return registerHex(this.cpu.cpu, r);
  }

  private writeRegister(arg: string): string {
    const m = /^([0-9a-f]+)=([0-9a-fx]*)$/i.exec(arg);
    if (!m) return 'E00';
    const r = this.registers[parseInt(m[1], 16)];
    if (!r) return 'E00';
    return writeRegisterHex(this.cpu.cpu, r, m[2]) ? 'OK' : 'E01';
  }

  private writeAllRegisters(hex: string): string {
    const total = this.registers.reduce((n, r) => n + r.bits / 4, 0);
    if (hex.length !== total) return 'E00';
    let at = 0;
    for (const r of this.registers) {
      const len = r.bits / 4;
      writeRegisterHex(this.cpu.cpu, r, hex.slice(at, at + len));
      at += len;
    }
    return 'OK';
  }

  /** `addr,length` in hex; undefined when malformed. */
  private range(text: string): { address: bigint; length: number } | undefined {
    const m = /^([0-9a-f]{1,16}),([0-9a-f]{1,8})$/i.exec(text);
    if (!m) return undefined;
    return { address: BigInt('0x' + m[1]), length: parseInt(m[2], 16) };
  }

  private readMemory(arg: string): string {
    const r = this.range(arg);
    if (!r) return 'E00';
    const length = Math.min(r.length, PACKET_SIZE / 2);
    const bytes = this.readVirtual(r.address, length);
    return bytes.length === 0 && length > 0 ? 'E14' : toHex(bytes);
  }

  /** Read through the CPU's translation, page by page; stops at the first byte that is not memory. */
  private readVirtual(address: bigint, length: number): Uint8Array {
    const e = this.cpu;
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const va = address + BigInt(done);
      const pa = e.cpu.debugControl?.translate(va, false) ?? -1;
      const n = Math.min(length - done, 4096 - Number(va & 0xfffn));
      // RAM and ROM only: reading a device register could pop a FIFO and change the run.
      if (pa < 0 || !e.memory.isMemory(pa, n)) break;
      const bytes = this.controller.quietly(() => e.memory.readBytes(pa, n));
      if (!bytes) break;
      out.set(bytes, done);
      done += n;
    }
    return out.subarray(0, done);
  }

  private writeVirtual(address: bigint, data: Uint8Array): string {
    const e = this.cpu;
    let done = 0;
    while (done < data.length) {
      const va = address + BigInt(done);
      const pa = e.cpu.debugControl?.translate(va, true) ?? -1;
      const n = Math.min(data.length - done, 4096 - Number(va & 0xfffn));
      if (pa < 0 || !e.memory.isMemory(pa, n)) return 'E14';
      // `load` writes ROM too (as a JTAG probe can) and drops translated code it overwrites.
      e.memory.load(pa, data.subarray(done, done + n));
      done += n;
    }
    return 'OK';
  }

  private writeMemoryHex(arg: string): string {
    const colon = arg.indexOf(':');
    const r = colon < 0 ? undefined : this.range(arg.slice(0, colon));
    const data = colon < 0 ? undefined : fromHex(arg.slice(colon + 1));
    if (!r || !data || data.length !== r.length) return 'E00';
    return this.writeVirtual(r.address, data);
  }

  private writeMemoryBinary(arg: string): string {
    const colon = arg.indexOf(':');
    const r = colon < 0 ? undefined : this.range(arg.slice(0, colon));
    const data = colon < 0 ? undefined : Uint8Array.from(Buffer.from(arg.slice(colon + 1), 'latin1'));
    if (!r || !data || data.length !== r.length) return 'E00';
    return this.writeVirtual(r.address, data);
  }

  private point(insert: boolean, arg: string): string {
    const m = /^([0-4]),([0-9a-f]{1,16}),([0-9a-f]{1,8})(;.*)?$/i.exec(arg);
    if (!m) return 'E00';
    const kind = Number(m[1]) as PointKind;
    const address = BigInt('0x' + m[2]);
    const length = parseInt(m[3], 16);
    // Points belong to the thread gdb last selected (one CPU per thread).
    if (insert) return this.controller.insert(this.cpu, kind, address, length) === undefined ? 'OK' : 'E01';
    this.controller.remove(this.cpu, kind, address, length);
    return 'OK';
  }

  private query(p: string): string | undefined {
    if (p.startsWith('qSupported')) {
      return `PacketSize=${PACKET_SIZE.toString(16)};qXfer:features:read+;qXfer:threads:read+;QStartNoAckMode+;swbreak+;hwbreak+;vContSupported+`;
    }
    if (p === 'qC') return `QC${(this.current + 1).toString(16)}`;
    if (p === 'qfThreadInfo') return 'm' + this.cpus.map((_, i) => (i + 1).toString(16)).join(',');
    if (p === 'qsThreadInfo') return 'l';
    if (p.startsWith('qAttached')) return '1';
    if (p.startsWith('qThreadExtraInfo,')) {
      const n = this.thread(p.slice('qThreadExtraInfo,'.length));
      if (n === undefined) return 'E02';
      const e = this.cpus[n];
      return toHex(Buffer.from(`${e.cpu.id} ${e.arch.id} ${e.cpu.state}`));
    }
    if (p.startsWith('qXfer:features:read:')) return this.xfer(p.slice('qXfer:features:read:'.length), (annex) => (annex === 'target.xml' ? this.xml : undefined));
    if (p.startsWith('qXfer:threads:read:')) return this.xfer(p.slice('qXfer:threads:read:'.length), (annex) => (annex === '' ? this.threadsXml() : undefined));
    if (p.startsWith('qRcmd,')) {
      const command = fromHex(p.slice(6));
      if (!command) return 'E00';
      const text = monitorCommand(this.controller, Buffer.from(command).toString('latin1'));
      if (text.length) this.reply('O' + toHex(Buffer.from(text)));
      return 'OK';
    }
    return '';
  }

  /** `annex:offset,length` of a qXfer read; `m` more data follows, `l` the last of it. */
  private xfer(arg: string, document: (annex: string) => string | undefined): string {
    const m = /^([^:]*):([0-9a-f]+),([0-9a-f]+)$/i.exec(arg);
    if (!m) return 'E00';
    const doc = document(m[1]);
    if (doc === undefined) return 'E00';
    const offset = parseInt(m[2], 16);
    const length = parseInt(m[3], 16);
    const chunk = doc.slice(offset, offset + length);
    return (offset + length >= doc.length ? 'l' : 'm') + chunk;
  }

  private threadsXml(): string {
    const threads = this.cpus.map((e, i) => `<thread id="${(i + 1).toString(16)}" core="${e.cpu.index}" name="${e.cpu.id}">${e.cpu.id} (${e.arch.id} ${e.cpu.model})</thread>`);
    return `<?xml version="1.0"?>\n<threads>\n${threads.join('\n')}\n</threads>\n`;
  }

  private vPacket(p: string): string | undefined {
    if (p === 'vCont?') return 'vCont;c;C;s;S';
    if (p.startsWith('vCont;')) {
      const step: MachineCpu[] = [];
      for (const action of p.slice(6).split(';')) {
        const [a, id] = action.split(':');
        if (a[0] !== 's' && a[0] !== 'S') continue;
        const n = id === undefined ? this.current : this.thread(id);
        if (n !== undefined) step.push(this.cpus[n]);
      }
      return this.resume(step);
    }
    if (p === 'vMustReplyEmpty') return '';
    return '';
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function stopReply(stop: CpuStop, thread: number): string {
  const t = `thread:${thread.toString(16)};`;
  switch (stop.kind) {
    case 'interrupt':
      return `T${hex2(SIGINT)}${t}`;
    case 'step':
      return `T${hex2(SIGTRAP)}${t}`;
    case 'breakpoint':
      return `T${hex2(SIGTRAP)}${t}${stop.hardware ? 'hwbreak' : 'swbreak'}:;`;
    case 'watch':
      return `T${hex2(SIGTRAP)}${t}${stop.type}:${stop.address.toString(16)};`;
  }
}
