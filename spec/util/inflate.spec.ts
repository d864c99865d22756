import { expect } from 'chai';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { crc32, gunzip, inflateRaw, InflateError } from '../../src/util/inflate.js';

/** Deterministic bytes: xorshift32, so a failure reproduces. */
function noise(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Text-like bytes with long and short repeats, the kind of data dynamic blocks are made for. */
function prose(n: number): Uint8Array {
  const words = ['virtual', 'time', 'mailbox', 'aarch64', 'sparc', 'the', 'a', 'bus', '\n', 'interrupt'].map((w) => new TextEncoder().encode(`${w} `));
  const r = noise(n, 7);
  const out = new Uint8Array(n);
  let i = 0;
  for (let k = 0; i < n; k++) {
    const w = words[r[k % n] % words.length];
    out.set(w.subarray(0, n - i), i);
    i += w.length;
  }
  return out;
}

describe('util/inflate: gzip without Node', () => {
  const samples: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(42)],
    ['incompressible noise (stored blocks)', noise(200_000)],
    ['prose (dynamic blocks)', prose(300_000)],
    ['one byte repeated (distance 1, maximal lengths)', new Uint8Array(100_000).fill(0xaa)],
    ['a 40 KB period (distances near 32 KiB)', (() => { const p = noise(30_000, 3); const o = new Uint8Array(120_000); for (let i = 0; i < o.length; i += p.length) o.set(p.subarray(0, o.length - i), i); return o; })()],
  ];
  for (const [name, data] of samples) {
    for (const level of [0, 1, 6, 9]) {
      it(`${name}, level ${level}: the same bytes as zlib's input`, () => {
        expect(Buffer.from(gunzip(gzipSync(data, { level })))).to.deep.equal(Buffer.from(data));
      });
    }
  }

  it('fixed-Huffman blocks (zlib strategy FIXED)', () => {
    const data = prose(50_000);
    const raw = deflateRawSync(data, { strategy: constants.Z_FIXED });
    expect(Buffer.from(inflateRaw(raw).data)).to.deep.equal(Buffer.from(data));
  });

  it('several members in one file inflate one after another, with trailing zero padding', () => {
    const a = prose(10_000), b = noise(5_000, 9);
    const file = Buffer.concat([gzipSync(a), gzipSync(b), Buffer.alloc(7)]);
    expect(Buffer.from(gunzip(file))).to.deep.equal(Buffer.concat([a, b]));
  });

  it('header fields (name, comment, extra, header CRC) are skipped', () => {
    const body = gzipSync(prose(1000));
    const name = Buffer.from('Image\0'), comment = Buffer.from('kernel\0'), extra = Buffer.from([4, 0, 1, 2, 3, 4]);
    const header = Buffer.from(body.subarray(0, 10));
    header[3] = 2 | 4 | 8 | 16;
    const file = Buffer.concat([header, extra, name, comment, Buffer.from([0, 0]), body.subarray(10)]);
    expect(Buffer.from(gunzip(file))).to.deep.equal(Buffer.from(prose(1000)));
  });

  it('crc32 is the IEEE CRC that zlib writes', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).to.equal(0xcbf43926);
  });

  describe('a damaged or hostile file is refused with a reason, never a crash or a huge allocation', () => {
    const good = gzipSync(prose(20_000));
    const refuse = (file: Uint8Array, why: RegExp, limit?: number) => expect(() => gunzip(file, limit)).to.throw(InflateError, why);

    it('truncated anywhere', () => {
      for (const cut of [0, 5, 12, 100, good.length / 2, good.length - 9, good.length - 1]) refuse(good.subarray(0, Math.floor(cut)), /unexpected end of data|CRC|size/);
    });
    it('a flipped bit in the data or the CRC', () => {
      const bad = Buffer.from(good);
      bad[bad.length - 6] ^= 1;
      refuse(bad, /CRC-32 mismatch/);
      const worse = Buffer.from(good);
      worse[200] ^= 0x10;
      expect(() => gunzip(worse)).to.throw(InflateError);
    });
    it('not gzip, or another method', () => {
      refuse(Uint8Array.of(0x1f, 0x8b, 1, 2, 3), /unexpected end of data/);
      const m = Buffer.from(good);
      m[2] = 7;
      refuse(m, /unknown compression method 7/);
      refuse(Buffer.concat([good, Buffer.from('junk after the member here')]), /not a gzip member/);
    });
    it('block type 3 and a stored block whose length disagrees with its complement', () => {
      expect(() => inflateRaw(Uint8Array.of(0b111))).to.throw(InflateError, /invalid block type 3/);
      expect(() => inflateRaw(Uint8Array.of(1, 5, 0, 0, 0, 1, 2, 3, 4, 5))).to.throw(InflateError, /complement/);
    });
    it('a distance before the start of the data', () => {
      // Fixed block: length 3 (code 257, 7 bits 0000001), distance code 0 (5 bits): nothing yet to copy.
      expect(() => inflateRaw(Uint8Array.of(0x03, 0x02, 0x00))).to.throw(InflateError, /before the start/);
    });
    it('a bomb stops at the limit, and a lying size trailer does not make it allocate', () => {
      const bomb = gzipSync(new Uint8Array(10_000_000));
      refuse(bomb, /exceeds 1000000 bytes/, 1_000_000);
      const liar = Buffer.from(gzipSync(Uint8Array.of(1, 2, 3)));
      liar.writeUInt32LE(0xffffffff, liar.length - 4);
      refuse(liar, /size mismatch/);
    });
  });

  it('inflates a kernel-sized file at a usable speed', function () {
    this.timeout(20_000);
    const data = prose(16 << 20);
    const file = gzipSync(data, { level: 6 });
    const t0 = performance.now();
    const out = gunzip(file);
    const ms = performance.now() - t0;
    expect(out.length).to.equal(data.length);
    expect(ms, `${ms.toFixed(0)} ms for 16 MiB`).to.be.below(5000);
  });
});
