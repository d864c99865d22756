/**
 * Framing of the GDB remote serial protocol: `$payload#cs`, where `cs` is the modulo-256 sum of
 * the payload bytes in two hex digits, `}` escapes the next byte (xor 0x20) and `*` repeats the
 * previous byte (run-length encoding). Outside a packet, `+`/`-` acknowledge and 0x03 is an
 * interrupt (Ctrl-C). The reader never throws on hostile input: a bad checksum is a `nack`,
 * garbage between packets is ignored, and an oversized packet is dropped and nacked.
 */

/** What the reader found in the byte stream. */
export type PacketEvent =
  | { readonly kind: 'packet'; readonly data: Uint8Array }
  | { readonly kind: 'bad-checksum' }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'ack' }
  | { readonly kind: 'nack' };

const enum State {
  Idle,
  Body,
  Escape,
  Sum1,
  Sum2,
}

/** Longest packet accepted (we advertise a smaller PacketSize); longer ones are dropped. */
export const MAX_PACKET = 1 << 20;

/** Incremental packet reader: feed it bytes as they arrive, in any split. */
export class PacketReader {
  private state = State.Idle;
  private body: number[] = [];
  private sum = 0;
  private sent = 0;
  private overflow = false;

  /** Feed received bytes; returns what they completed. */
  feed(bytes: Uint8Array): PacketEvent[] {
    const out: PacketEvent[] = [];
    for (const b of bytes) {
      switch (this.state) {
        case State.Idle:
          if (b === 0x24) this.start();
          else if (b === 0x03) out.push({ kind: 'interrupt' });
          else if (b === 0x2b) out.push({ kind: 'ack' });
          else if (b === 0x2d) out.push({ kind: 'nack' });
          break; // anything else between packets is line noise
        case State.Body:
          if (b === 0x23) this.state = State.Sum1;
          else if (b === 0x24) this.start(); // a new packet aborts an unfinished one
          else {
            this.sum = (this.sum + b) & 0xff;
            if (b === 0x7d) this.state = State.Escape;
            else if (b === 0x2a && this.body.length > 0) this.repeatNext = true;
            else this.push(b);
          }
          break;
        case State.Escape:
          this.sum = (this.sum + b) & 0xff;
          this.push(b ^ 0x20);
          this.state = State.Body;
          break;
        case State.Sum1:
          this.sent = hexDigit(b) << 4;
          if (hexDigit(b) < 0) this.sent = -1;
          this.state = State.Sum2;
          break;
        case State.Sum2: {
          const low = hexDigit(b);
          const ok = this.sent >= 0 && low >= 0 && (this.sent | low) === this.sum && !this.overflow;
          out.push(ok ? { kind: 'packet', data: Uint8Array.from(this.body) } : { kind: 'bad-checksum' });
          this.state = State.Idle;
          this.body = [];
          break;
        }
      }
    }
    return out;
  }

  /** Set after `*`: the next byte is a repeat count (that byte minus 29 more copies of the previous one). */
  private repeatNext = false;

  private start(): void {
    this.state = State.Body;
    this.body = [];
    this.sum = 0;
    this.overflow = false;
    this.repeatNext = false;
  }

  private push(b: number): void {
    if (this.repeatNext) {
      this.repeatNext = false;
      const n = b - 29; // `*` followed by a byte n+29 repeats the previous byte n more times
      const last = this.body[this.body.length - 1];
      for (let k = 0; k < n && !this.overflow; k++) this.append(last);
      return;
    }
    this.append(b);
  }

  private append(b: number): void {
    if (this.body.length >= MAX_PACKET) this.overflow = true;
    else this.body.push(b);
  }
}

function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

/** Frame a payload: escape `$ # } *`, append the checksum. */
export function framePacket(payload: Uint8Array | string): Uint8Array {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const out: number[] = [0x24];
  let sum = 0;
  for (const b of data) {
    if (b === 0x24 || b === 0x23 || b === 0x7d || b === 0x2a) {
      out.push(0x7d, b ^ 0x20);
      sum += 0x7d + (b ^ 0x20);
    } else {
      out.push(b);
      sum += b;
    }
  }
  out.push(0x23, ...Buffer.from((sum & 0xff).toString(16).padStart(2, '0'), 'latin1'));
  return Uint8Array.from(out);
}

/** Bytes as lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Hex to bytes, or undefined when the text is not an even number of hex digits. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return Uint8Array.from(Buffer.from(text, 'hex'));
}
