import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { EscapeKeys } from '../../src/output/escape-keys.js';
import { StdinConsole } from '../../src/output/stdin-console.js';

const feed = (bytes: number[]) => {
  const k = new EscapeKeys();
  return bytes.map((b) => k.feed(b)).filter(Boolean);
};

describe('console input: Ctrl-A escapes', () => {
  it('passes ordinary bytes (Ctrl-C included) to the guest', () => {
    expect(feed([0x6c, 0x73, 0x0d, 0x03])).to.deep.equal([0x6c, 0x73, 0x0d, 0x03].map((byte) => ({ kind: 'byte', byte })));
  });

  it('Ctrl-A x quits, Ctrl-A p presses the power button, Ctrl-A h helps, Ctrl-A Ctrl-A sends one Ctrl-A', () => {
    expect(feed([1, 0x78])).to.deep.equal([{ kind: 'quit' }]);
    expect(feed([1, 0x70])).to.deep.equal([{ kind: 'power-button' }]);
    expect(feed([1, 0x68])).to.deep.equal([{ kind: 'help' }]);
    expect(feed([1, 1, 0x61])).to.deep.equal([{ kind: 'byte', byte: 1 }, { kind: 'byte', byte: 0x61 }]);
    expect(feed([1, 0x7a, 0x62]), 'unknown escapes are dropped').to.deep.equal([{ kind: 'byte', byte: 0x62 }]);
  });
});

/** A stand-in terminal that records raw-mode switches. */
class FakeTty extends PassThrough {
  isTTY = true;
  isRaw = false;
  readonly modes: boolean[] = [];
  setRawMode(raw: boolean): this {
    this.isRaw = raw;
    this.modes.push(raw);
    return this;
  }
}

describe('console input: the terminal', () => {
  it('switches a terminal to raw mode and back, whatever happened in between', () => {
    const tty = new FakeTty();
    const got: string[] = [];
    const c = new StdinConsole(tty as never, { byte: (b) => got.push(String.fromCharCode(b)), quit: () => got.push('<quit>'), powerButton: () => got.push('<power>'), message: () => got.push('<help>') });
    c.start();
    expect(tty.isRaw).to.equal(true);
    tty.write(Buffer.from('ls\r\x01p\x01h\x01x', 'latin1'));
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(got.join('')).to.equal('ls\r<power><help><quit>');
        c.stop();
        c.stop();
        expect(tty.modes).to.deep.equal([true, false]);
        resolve();
      }),
    );
  });

  it('passes piped input through untouched, escapes included, and never touches raw mode', () => {
    const pipe = new PassThrough();
    const got: number[] = [];
    const c = new StdinConsole(pipe as never, { byte: (b) => got.push(b), quit: () => got.push(-1), powerButton: () => got.push(-2) });
    c.start();
    pipe.write(Buffer.from([0x61, 0x01, 0x78]));
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        c.stop();
        expect(got).to.deep.equal([0x61, 0x01, 0x78]);
        resolve();
      }),
    );
  });
});
