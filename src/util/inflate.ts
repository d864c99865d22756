/**
 * gzip (RFC 1952) and DEFLATE (RFC 1951) decompression in plain TypeScript, synchronous and
 * without Node's zlib, so the runtime core inflates a compressed kernel in a browser too.
 * Huffman codes decode through one lookup table per code (indexed by the next `maxBits` input
 * bits, LSB first as DEFLATE packs them); output goes into one buffer that grows by doubling
 * up to the caller's limit, so a hostile stream cannot make it allocate more than that.
 */

/** Why a stream could not be inflated: what was wrong and at which input byte. */
export class InflateError extends Error {}

/** Lengths 257..285: base and extra bits (RFC 1951, 3.2.5). */
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Distance codes 0..29: base and extra bits. */
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which code-length code lengths are sent in a dynamic block header. */
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A decoding table: entry = symbol << 4 | code length (0 length: no code has these bits). */
interface HuffmanTable {
  readonly entries: Int32Array;
  readonly bits: number;
}

/** Build the table of a canonical Huffman code from its code lengths; throws on an over-full code. */
function buildTable(lengths: ArrayLike<number>, what: string): HuffmanTable {
  const count = new Int32Array(16);
  let maxBits = 0;
  for (let i = 0; i < lengths.length; i++) {
    count[lengths[i]]++;
    if (lengths[i] > maxBits) maxBits = lengths[i];
  }
  count[0] = 0;
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = (left << 1) - count[len];
    if (left < 0) throw new InflateError(`${what}: over-subscribed Huffman code`);
  }
  const next = new Int32Array(16);
  for (let len = 1, code = 0; len <= 15; len++) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  const bits = Math.max(maxBits, 1);
  const entries = new Int32Array(1 << bits);
  for (let sym = 0; sym < lengths.length; sym++) {
    const len = lengths[sym];
    if (len === 0) continue;
    const code = next[len]++;
    let reversed = 0;
    for (let i = 0; i < len; i++) reversed |= ((code >>> i) & 1) << (len - 1 - i);
    for (let at = reversed; at < entries.length; at += 1 << len) entries[at] = (sym << 4) | len;
  }
  return { entries, bits };
}

let fixedTables: { lit: HuffmanTable; dist: HuffmanTable } | undefined;
function fixed(): { lit: HuffmanTable; dist: HuffmanTable } {
  if (!fixedTables) {
    const lit = new Uint8Array(288);
    lit.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    fixedTables = { lit: buildTable(lit, 'fixed code'), dist: buildTable(new Uint8Array(30).fill(5), 'fixed code') };
  }
  return fixedTables;
}

/** One DEFLATE stream's decoder: input position, bit buffer and the growing output. */
class Inflater {
  pos: number;
  private bitBuf = 0;
  private bitCount = 0;
  out: Uint8Array;
  outLen = 0;

  constructor(private readonly input: Uint8Array, start: number, sizeHint: number, private readonly limit: number) {
    this.pos = start;
    this.out = new Uint8Array(Math.min(Math.max(sizeHint, 1024), limit));
  }

  private fail(why: string): never {
    throw new InflateError(`${why} at input byte ${this.pos}`);
  }

  /** The next `n` (<= 16) bits, LSB first; past the end of input, an error. */
  private bits(n: number): number {
    while (this.bitCount < n) {
      if (this.pos >= this.input.length) this.fail('unexpected end of data');
      this.bitBuf |= this.input[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    const v = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCount -= n;
    return v;
  }

  private decode(t: HuffmanTable): number {
    // Load up to t.bits bits without failing: a short code may sit in the last byte.
    while (this.bitCount < t.bits && this.pos < this.input.length) {
      this.bitBuf |= this.input[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    const e = t.entries[this.bitBuf & ((1 << t.bits) - 1)];
    const len = e & 15;
    if (len === 0) this.fail('invalid Huffman code');
    if (len > this.bitCount) this.fail('unexpected end of data');
    this.bitBuf >>>= len;
    this.bitCount -= len;
    return e >>> 4;
  }

  private room(n: number): void {
    const need = this.outLen + n;
    if (need <= this.out.length) return;
    if (need > this.limit) throw new InflateError(`inflated data exceeds ${this.limit} bytes`);
    const grown = new Uint8Array(Math.min(Math.max(need, this.out.length * 2), this.limit));
    grown.set(this.out.subarray(0, this.outLen));
    this.out = grown;
  }

  /** Inflate blocks until the final one; leaves `pos` at the byte after the stream. */
  run(): void {
    for (;;) {
      const final = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(fixed().lit, fixed().dist);
      else if (type === 2) this.dynamic();
      else this.fail('invalid block type 3');
      if (final) break;
    }
    // Whole bytes still in the bit buffer belong to what follows the stream.
    this.pos -= this.bitCount >>> 3;
    this.bitBuf = this.bitCount = 0;
  }

  private stored(): void {
    this.bitBuf = 0;
    this.pos -= this.bitCount >>> 3;
    this.bitCount = 0;
    if (this.pos + 4 > this.input.length) this.fail('unexpected end of data');
    const len = this.input[this.pos] | (this.input[this.pos + 1] << 8);
    const nlen = this.input[this.pos + 2] | (this.input[this.pos + 3] << 8);
    if ((len ^ 0xffff) !== nlen) this.fail('stored block length does not match its complement');
    this.pos += 4;
    if (this.pos + len > this.input.length) this.fail('unexpected end of data');
    this.room(len);
    this.out.set(this.input.subarray(this.pos, this.pos + len), this.outLen);
    this.outLen += len;
    this.pos += len;
  }

  private dynamic(): void {
    const nlit = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const nclen = this.bits(4) + 4;
    if (nlit > 286 || ndist > 30) this.fail('too many length or distance codes');
    const clen = new Uint8Array(19);
    for (let i = 0; i < nclen; i++) clen[CLEN_ORDER[i]] = this.bits(3);
    const clenTable = buildTable(clen, 'code lengths');
    const lengths = new Uint8Array(nlit + ndist);
    for (let i = 0; i < lengths.length; ) {
      const sym = this.decode(clenTable);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (sym === 16) {
        if (i === 0) this.fail('length repeat with no previous length');
        value = lengths[i - 1];
        repeat = 3 + this.bits(2);
      } else if (sym === 17) repeat = 3 + this.bits(3);
      else repeat = 11 + this.bits(7);
      if (i + repeat > lengths.length) this.fail('code lengths overrun');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) this.fail('no end-of-block code');
    this.codes(buildTable(lengths.subarray(0, nlit), 'literal/length code'), buildTable(lengths.subarray(nlit), 'distance code'));
  }

  private codes(lit: HuffmanTable, dist: HuffmanTable): void {
    for (;;) {
      const sym = this.decode(lit);
      if (sym < 256) {
        if (this.outLen === this.out.length) this.room(1);
        this.out[this.outLen++] = sym;
        continue;
      }
      if (sym === 256) return;
      const li = sym - 257;
      if (li >= 29) this.fail('invalid length code');
      const length = LENGTH_BASE[li] + this.bits(LENGTH_EXTRA[li]);
      const di = this.decode(dist);
      if (di >= 30) this.fail('invalid distance code');
      const distance = DIST_BASE[di] + this.bits(DIST_EXTRA[di]);
      if (distance > this.outLen) this.fail('distance reaches before the start of the data');
      this.room(length);
      const out = this.out;
      let to = this.outLen;
      let from = to - distance;
      for (let k = 0; k < length; k++) out[to++] = out[from++];
      this.outLen = to;
    }
  }
}

/** Inflate a raw DEFLATE stream starting at `start`; returns the data and where the stream ended. */
export function inflateRaw(input: Uint8Array, start = 0, limit = 2 ** 31 - 1, sizeHint = input.length * 4): { data: Uint8Array; end: number } {
  const inf = new Inflater(input, start, sizeHint, limit);
  inf.run();
  return { data: inf.out.subarray(0, inf.outLen), end: inf.pos };
}

let crcTable: Int32Array | undefined;
/** CRC-32 (IEEE 802.3, reflected), as gzip's trailer holds it. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = -1;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;

/**
 * Inflate a gzip file (every member, as `gunzip` does), checking each member's CRC-32 and size.
 * Throws InflateError on a damaged file or when the result would exceed `limit` bytes.
 */
export function gunzip(input: Uint8Array, limit = 2 ** 31 - 1): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = 0;
  do {
    if (input.length - pos < 18) throw new InflateError(`unexpected end of data at input byte ${input.length}`);
    if (input[pos] !== 0x1f || input[pos + 1] !== 0x8b) throw new InflateError(`not a gzip member at input byte ${pos}`);
    if (input[pos + 2] !== 8) throw new InflateError(`unknown compression method ${input[pos + 2]}`);
    const flags = input[pos + 3];
    let at = pos + 10;
    if (flags & FEXTRA) at += 2 + (input[at] | (input[at + 1] << 8));
    if (flags & FNAME) while (at < input.length && input[at++] !== 0);
    if (flags & FCOMMENT) while (at < input.length && input[at++] !== 0);
    if (flags & FHCRC) at += 2;
    if (at >= input.length) throw new InflateError(`unexpected end of data at input byte ${input.length}`);
    const trailerSize = (i: number): number => (input[i + 4] | (input[i + 5] << 8) | (input[i + 6] << 16) | (input[i + 7] << 24)) >>> 0;
    // The last member's trailer gives its size (mod 4 GiB): a good first guess for the buffer.
    // DEFLATE expands at most about 1032:1, which bounds a hostile trailer's claim.
    const hint = parts.length === 0 ? Math.min(trailerSize(input.length - 8), limit - total, (input.length - at) * 1032) : 0;
    const { data, end } = inflateRaw(input, at, limit - total, hint);
    if (end + 8 > input.length) throw new InflateError(`unexpected end of data at input byte ${input.length}`);
    const crc = (input[end] | (input[end + 1] << 8) | (input[end + 2] << 16) | (input[end + 3] << 24)) >>> 0;
    if (crc !== crc32(data)) throw new InflateError(`CRC-32 mismatch in the member ending at input byte ${end + 8}`);
    if (trailerSize(end) !== data.length % 2 ** 32) throw new InflateError(`size mismatch in the member ending at input byte ${end + 8}`);
    parts.push(data);
    total += data.length;
    pos = end + 8;
    // Padding zeros after the last member are allowed, as gzip allows them.
    while (pos < input.length && input[pos] === 0) pos++;
  } while (pos < input.length);
  if (parts.length === 1) return parts[0];
  const all = new Uint8Array(total);
  let o = 0;
  for (const p of parts) all.set(p, (o += p.length) - p.length);
  return all;
}
