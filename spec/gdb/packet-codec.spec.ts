import { expect } from 'chai';
import { framePacket, fromHex, PacketReader } from '../../src/gdb/packet-codec.js';
import { parseGdbFlag } from '../../src/gdb/gdb-args.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

describe('gdb packet framing', () => {
  it('frames with the modulo-256 checksum and escapes $ # } *', () => {
    expect(text(framePacket('OK'))).to.equal('$OK#9a');
    const framed = text(framePacket('a$b#c}d*e'));
    expect(framed.startsWith('$a}\x04b}\x03c}]d}\x0ae#')).to.equal(true);
    const [ev] = new PacketReader().feed(bytes(framed));
    expect(ev.kind).to.equal('packet');
    expect(text((ev as { data: Uint8Array }).data)).to.equal('a$b#c}d*e');
  });

  it('reads packets split at every byte, with acks and Ctrl-C between them', () => {
    const r = new PacketReader();
    const stream = `+${text(framePacket('g'))}\x03-${text(framePacket('m40000000,4'))}`;
    const events = [...bytes(stream)].flatMap((b) => r.feed(Uint8Array.of(b)));
    expect(events.map((e) => e.kind)).to.deep.equal(['ack', 'packet', 'interrupt', 'nack', 'packet']);
  });

  it('expands run-length encoding', () => {
    // "0* " is "0" and 32-29 = 3 more copies.
    const body = '0* ';
    let sum = 0;
    for (const c of Buffer.from(body)) sum += c;
    const [ev] = new PacketReader().feed(bytes(`$${body}#${(sum & 0xff).toString(16).padStart(2, '0')}`));
    expect(text((ev as { data: Uint8Array }).data)).to.equal('0000');
  });

  it('reports a bad checksum, non-hex checksum digits and a packet cut by a new one', () => {
    const r = new PacketReader();
    expect(r.feed(bytes('$OK#00')).map((e) => e.kind)).to.deep.equal(['bad-checksum']);
    expect(r.feed(bytes('$OK#zz')).map((e) => e.kind)).to.deep.equal(['bad-checksum']);
    // An unfinished packet is abandoned when a new one starts; noise between packets is ignored.
    expect(r.feed(bytes(`$half garbage${text(framePacket('?'))}xyz`)).map((e) => e.kind)).to.deep.equal(['packet']);
  });

  it('decodes hex strictly', () => {
    expect(fromHex('0a0B')).to.deep.equal(Uint8Array.of(10, 11));
    expect(fromHex('abc')).to.equal(undefined);
    expect(fromHex('zz')).to.equal(undefined);
  });
});

describe('--gdb flag', () => {
  it('takes [HOST:]PORT with 127.0.0.1 as the default host', () => {
    expect(parseGdbFlag('1234')).to.deep.equal({ _tag: 'Right', right: [{ host: '127.0.0.1', port: 1234 }] });
    expect(parseGdbFlag('0.0.0.0:1234')).to.deep.equal({ _tag: 'Right', right: [{ host: '0.0.0.0', port: 1234 }] });
    expect(parseGdbFlag('[::1]:1234')).to.deep.equal({ _tag: 'Right', right: [{ host: '::1', port: 1234 }] });
  });

  it('takes one port per CPU', () => {
    expect(parseGdbFlag('cpu0=1234,cpu1=localhost:1235')).to.deep.equal({
      _tag: 'Right',
      right: [
        { cpu: 'cpu0', host: '127.0.0.1', port: 1234 },
        { cpu: 'cpu1', host: 'localhost', port: 1235 },
      ],
    });
  });

  it('refuses bad ports, repeated CPUs and shared ports with a message naming the flag', () => {
    for (const [flag, want] of [
      ['70000', /port 70000 is above 65535/],
      ['abc', /"abc" is not \[HOST:\]PORT/],
      ['cpu0=1,cpu0=2', /CPU cpu0 is given twice/],
      ['cpu0=1234,cpu1=1234', /--gdb cpu1: port 1234 is already given/],
      ['=1234', /is not CPU=\[HOST:\]PORT/],
    ] as const) {
      const r = parseGdbFlag(flag);
      expect(r._tag, flag).to.equal('Left');
      expect((r as { left: string }).left).to.match(want);
    }
  });
});
