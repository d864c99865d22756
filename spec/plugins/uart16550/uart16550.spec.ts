import { expect } from 'chai';
import plugin from '../../../plugins/uart16550/index.js';
import type { Uart16550Options } from '../../../plugins/uart16550/uart16550.js';
import { validateAgainst } from '../../../src/util/json-schema.js';
import { createTestContext } from 'chimera-sim/testing';

const RBR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;
const THRE = 0x20, TEMT = 0x40, DR = 0x01, OE = 0x02;
/** One 8N1 character at 115200 baud: 10 bits of 1/115200 s, in ps. */
const CHAR = Math.round((1e12 * 10) / 115200);

function setup(options: Uart16550Options = {}) {
  const env = createTestContext<Uart16550Options>(options, { id: 'uart0' });
  const dev = plugin.create(env.ctx);
  dev.reset();
  const rd = (o: number) => dev.ioRead!(o, 1, 0);
  const wr = (o: number, v: number) => dev.ioWrite!(o, 1, v, 0);
  /** kvm-unit-tests' serial_init: 115200 baud, 8N1, FIFOs off, interrupts off, DTR and RTS. */
  const init115200 = (fcr = 0) => {
    wr(LCR, 0x80);
    wr(RBR, 1);
    wr(IER, 0);
    wr(LCR, 0x03);
    wr(IER, 0);
    wr(FCR, fcr);
    wr(MCR, 0x0b);
  };
  return { env, dev, rd, wr, init115200, irq: () => env.line('irq').level };
}

describe('plugins/uart16550', () => {
  it('resets to the values QEMU 7.2 shows: LSR 0x60, MSR 0xB0, MCR OUT2, IIR 0x01, divisor 12', () => {
    const { rd, wr } = setup();
    expect([rd(IER), rd(IIR), rd(LCR), rd(MCR), rd(LSR), rd(MSR), rd(SCR)]).to.deep.equal([0, 0x01, 0, 0x08, 0x60, 0xb0, 0]);
    wr(LCR, 0x80);
    expect([rd(RBR), rd(IER)]).to.deep.equal([12, 0]);
  });

  it('keeps the divisor latch behind DLAB and the scratch register', () => {
    const { rd, wr } = setup();
    wr(LCR, 0x83);
    wr(RBR, 0x34);
    wr(IER, 0x12);
    expect([rd(RBR), rd(IER), rd(LCR)]).to.deep.equal([0x34, 0x12, 0x83]);
    wr(LCR, 0x03);
    wr(IER, 0xff); // only the four enables stick
    expect(rd(IER)).to.equal(0x0f);
    wr(SCR, 0xa5);
    expect(rd(SCR)).to.equal(0xa5);
  });

  it('validates its options with messages that name the field', () => {
    expect(validateAgainst(plugin.optionsSchema!, { timing: 'fast' }, 'devices[0].options')[0]).to.match(/devices\[0\]\.options\.timing: must be one of "line", "instant"/);
    expect(validateAgainst(plugin.optionsSchema!, { baud: 9600 }, 'devices[0].options')[0]).to.match(/unknown field "baud"/);
    expect(validateAgainst(plugin.optionsSchema!, { baudBase: 0 }, 'o')[0]).to.match(/o\.baudBase/);
    expect(validateAgainst(plugin.optionsSchema!, { baudBase: 1843200 / 16, timing: 'instant', txOverflow: 'drop' }, 'o')).to.deep.equal([]);
  });

  describe('transmit timing', () => {
    it('holds a byte in the shift register for one frame: THRE at once, TEMT after 10 bit times', () => {
      const { env, rd, wr, init115200 } = setup();
      init115200();
      wr(RBR, 0x41);
      expect(env.serial.text()).to.equal('A');
      expect(rd(LSR) & (THRE | TEMT)).to.equal(THRE); // THR moved to the shift register at once
      wr(RBR, 0x42); // waits in THR behind the first
      expect(rd(LSR) & (THRE | TEMT)).to.equal(0);
      env.scheduler.advance(CHAR - 1);
      expect(rd(LSR) & THRE).to.equal(0);
      env.scheduler.advance(1);
      expect(rd(LSR) & (THRE | TEMT)).to.equal(THRE);
      env.scheduler.advance(CHAR);
      expect(rd(LSR) & (THRE | TEMT)).to.equal(THRE | TEMT);
    });

    it('frame length follows LCR (start + data + parity + stop bits) and the divisor', () => {
      const { env, rd, wr } = setup();
      wr(LCR, 0x80);
      wr(RBR, 12); // 9600 baud
      wr(LCR, 0x1f); // 8 data bits, parity, 2 stop bits: 12-bit frames
      wr(RBR, 0x55);
      const frame = Math.round((1e12 * 12 * 12) / 115200);
      env.scheduler.advance(frame - 1);
      expect(rd(LSR) & TEMT).to.equal(0);
      env.scheduler.advance(1);
      expect(rd(LSR) & TEMT).to.equal(TEMT);
    });

    it('a driver that polls THRE before every byte loses nothing and runs at line speed', () => {
      const { env, rd, wr, init115200 } = setup({ txOverflow: 'drop' });
      init115200();
      const text = 'The quick brown fox jumps over the lazy dog.\r\n'.repeat(3);
      let polls = 0;
      for (const c of Buffer.from(text, 'latin1')) {
        while (!(rd(LSR) & THRE)) {
          env.scheduler.advance(1_000_000); // 1 us between polls
          polls++;
        }
        wr(RBR, c);
      }
      while (!(rd(LSR) & TEMT)) env.scheduler.advance(1_000_000);
      expect(env.serial.text()).to.equal(text);
      expect(env.log.messages).to.deep.equal([]);
      // The first byte goes straight to the shift register; each later one waits for a frame.
      expect(env.scheduler.now()).to.be.within(text.length * CHAR, text.length * CHAR + 1_000_000);
      expect(polls).to.be.greaterThan(text.length * 80);
    });

    it('a driver that writes 16 bytes into the FIFO after one THRE poll loses nothing', () => {
      const { env, rd, wr, init115200 } = setup({ txOverflow: 'drop' });
      init115200(0x07); // FIFOs on and reset
      let sent = '';
      for (let block = 0; block < 4; block++) {
        while (!(rd(LSR) & THRE)) env.scheduler.advance(500_000);
        const chunk = `block ${block} 0123456789`.slice(0, 16);
        for (const c of Buffer.from(chunk, 'latin1')) wr(RBR, c);
        sent += chunk;
        expect(rd(LSR) & (THRE | TEMT)).to.equal(0);
      }
      while (!(rd(LSR) & TEMT)) env.scheduler.advance(500_000);
      expect(env.serial.text()).to.equal(sent);
      expect(env.log.messages).to.deep.equal([]);
    });

    it('16 bytes written at once: THRE after 15 frames (the last moved to the shift register), TEMT after 16', () => {
      const { env, rd, wr, init115200 } = setup();
      init115200(0x01);
      for (let i = 0; i < 16; i++) wr(RBR, 0x30 + i);
      env.scheduler.advance(15 * CHAR - 1);
      expect(rd(LSR) & THRE).to.equal(0);
      env.scheduler.advance(1);
      expect(rd(LSR) & (THRE | TEMT)).to.equal(THRE);
      env.scheduler.advance(CHAR);
      expect(rd(LSR) & TEMT).to.equal(TEMT);
    });

    it('txOverflow: drop loses a byte written into a full FIFO; keep (the default) sends it', () => {
      for (const mode of ['drop', 'keep'] as const) {
        const { env, wr, init115200 } = setup({ txOverflow: mode });
        init115200(0x01);
        // Shift register + 16 FIFO entries hold 17 bytes; the 18th finds no room.
        for (let i = 0; i < 18; i++) wr(RBR, 0x61 + i);
        expect(env.serial.sent.length).to.equal(mode === 'drop' ? 17 : 18);
        expect(env.log.messages).to.have.length(1);
      }
    });

    it('instant timing: THRE and TEMT never fall, as under QEMU', () => {
      const { env, rd, wr, init115200 } = setup({ timing: 'instant' });
      init115200();
      for (const c of Buffer.from('hello')) {
        wr(RBR, c);
        expect(rd(LSR) & (THRE | TEMT)).to.equal(THRE | TEMT);
      }
      expect(env.serial.text()).to.equal('hello');
    });

    it('raises the THR-empty interrupt when enabled with THR empty; reading IIR acknowledges it', () => {
      const { rd, wr, irq, init115200 } = setup();
      init115200();
      wr(IER, 0x02);
      expect(irq()).to.equal(1);
      expect(rd(IIR)).to.equal(0x02);
      expect(rd(IIR)).to.equal(0x01);
      expect(irq()).to.equal(0);
    });

    it('THR-empty interrupt comes back when the last byte leaves THR, and again on IER re-enable', () => {
      const { env, rd, wr, irq, init115200 } = setup();
      init115200();
      wr(IER, 0x02);
      rd(IIR);
      wr(RBR, 0x31); // straight into the shift register: THR empty again at once
      expect(irq()).to.equal(1);
      rd(IIR);
      wr(RBR, 0x32); // waits in THR behind 0x31
      expect(irq()).to.equal(0);
      env.scheduler.advance(CHAR);
      expect(irq()).to.equal(1);
      expect(rd(IIR)).to.equal(0x02);
      wr(IER, 0);
      wr(IER, 0x02);
      expect(rd(IIR)).to.equal(0x02);
    });

    it('FCR transmit reset empties the FIFO but lets the shift register finish', () => {
      const { env, rd, wr, init115200 } = setup();
      init115200(0x01);
      for (let i = 0; i < 5; i++) wr(RBR, 0x41 + i);
      wr(FCR, 0x05);
      expect(rd(LSR) & (THRE | TEMT)).to.equal(THRE);
      env.scheduler.advance(CHAR);
      expect(rd(LSR) & TEMT).to.equal(TEMT);
      env.scheduler.advance(10 * CHAR);
      expect(rd(LSR) & TEMT).to.equal(TEMT);
    });
  });

  describe('receive', () => {
    it('host bytes arrive one frame apart into RBR with the FIFOs off', () => {
      const { env, rd, init115200 } = setup();
      init115200();
      env.serial.type('a');
      expect(rd(LSR) & DR).to.equal(0);
      env.scheduler.advance(CHAR);
      expect(rd(LSR) & DR).to.equal(DR);
      expect(rd(RBR)).to.equal(0x61);
      expect(rd(LSR) & DR).to.equal(0);
    });

    it('overrun with the FIFOs off: the new byte replaces RBR and OE is set once', () => {
      const { env, rd, init115200 } = setup();
      init115200();
      env.serial.type('xy');
      env.scheduler.advance(2 * CHAR);
      const lsr = rd(LSR);
      expect(lsr & (OE | DR)).to.equal(OE | DR);
      expect(rd(LSR) & OE).to.equal(0); // cleared by the read
      expect(rd(RBR)).to.equal(0x79);
    });

    it('a host that types faster than the guest reads: overrun flagged, FIFO contents and later bytes kept', () => {
      const { env, rd, wr, irq, init115200 } = setup();
      init115200(0x07);
      wr(IER, 0x05); // data and line-status interrupts
      const typed = Array.from({ length: 32 }, (_, i) => 0x40 + i);
      env.serial.type(typed);
      // The guest is busy for 20 character times: bytes 16..19 find the FIFO full.
      env.scheduler.advance(20 * CHAR + Math.floor(CHAR / 2));
      expect(irq()).to.equal(1);
      expect(rd(IIR)).to.equal(0xc6); // line status first (FIFO bits set)
      expect(rd(LSR) & OE).to.equal(OE);
      expect(rd(LSR) & OE).to.equal(0);
      const got: number[] = [];
      while (rd(LSR) & DR) got.push(rd(RBR));
      // The rest arrives while the guest keeps up.
      for (let i = 0; i < 12; i++) {
        env.scheduler.advance(CHAR);
        while (rd(LSR) & DR) got.push(rd(RBR));
      }
      expect(got).to.deep.equal([...typed.slice(0, 16), ...typed.slice(20)]);
      expect(rd(LSR) & OE).to.equal(0);
    });

    it('RX interrupt waits for the trigger level; fewer bytes raise the character timeout after 4 frames', () => {
      const { env, rd, wr, irq, init115200 } = setup();
      init115200(0x47); // FIFOs on, trigger level 4
      wr(IER, 0x01);
      env.serial.type('abc');
      env.scheduler.advance(3 * CHAR);
      expect(rd(LSR) & DR).to.equal(DR);
      expect(irq()).to.equal(0);
      env.scheduler.advance(4 * CHAR - 1);
      expect(irq()).to.equal(0);
      env.scheduler.advance(1);
      expect(irq()).to.equal(1);
      expect(rd(IIR)).to.equal(0xcc);
      expect(rd(RBR)).to.equal(0x61); // a read clears the timeout and restarts its clock
      expect(irq()).to.equal(0);
      env.scheduler.advance(4 * CHAR);
      expect(rd(IIR)).to.equal(0xcc);
      env.serial.type('defg');
      env.scheduler.advance(2 * CHAR);
      // 4 bytes wait (b c d e), at the trigger level; the pending timeout outranks them until RBR is read (QEMU's order).
      expect(rd(IIR)).to.equal(0xcc);
      expect(rd(RBR)).to.equal(0x62);
      expect(rd(IIR)).to.equal(0xc1); // 3 left, below the trigger
      env.scheduler.advance(CHAR);
      expect(rd(IIR)).to.equal(0xc4); // f arrived: 4 waiting, data available
    });

    it('FIFO reset and FIFO enable changes empty the receiver', () => {
      const { env, rd, wr, init115200 } = setup();
      init115200(0x01);
      env.serial.type('abc');
      env.scheduler.advance(3 * CHAR);
      wr(FCR, 0x03);
      expect(rd(LSR) & DR).to.equal(0);
      env.serial.type('d');
      env.scheduler.advance(CHAR);
      wr(FCR, 0x00); // FIFOs off: both emptied
      expect(rd(LSR) & DR).to.equal(0);
      expect(rd(IIR) & 0xc0).to.equal(0);
    });

    it('instant timing holds host bytes back until the guest has room (no overrun), as QEMU', () => {
      const { env, rd, init115200 } = setup({ timing: 'instant' });
      init115200(0x01);
      const text = 'a line longer than sixteen bytes\n';
      env.serial.type(text);
      let got = '';
      while (rd(LSR) & DR) got += String.fromCharCode(rd(RBR));
      expect(got).to.equal(text);
    });
  });

  describe('loopback and modem status', () => {
    it('loops transmitted bytes back after one frame, sends nothing to the host', () => {
      const { env, rd, wr, init115200 } = setup();
      init115200(0x01);
      wr(MCR, 0x1b);
      wr(RBR, 0x5a);
      env.serial.type('h'); // the receiver does not listen to the line in loopback
      expect(rd(LSR) & DR).to.equal(0);
      env.scheduler.advance(CHAR);
      expect(rd(RBR)).to.equal(0x5a);
      expect(rd(LSR) & DR).to.equal(0);
      expect(env.serial.sent).to.deep.equal([]);
    });

    it('MSR mirrors MCR in loopback with change flags and the modem-status interrupt', () => {
      const { rd, wr, irq } = setup();
      rd(MSR);
      wr(IER, 0x08);
      wr(MCR, 0x10); // loop, all outputs off: CTS, DSR, DCD drop
      expect(irq()).to.equal(1);
      expect(rd(IIR)).to.equal(0x00);
      expect(rd(MSR)).to.equal(0x0b);
      expect(irq()).to.equal(0);
      wr(MCR, 0x1f); // all on
      expect(rd(MSR)).to.equal(0xf0 | 0x0b);
      wr(MCR, 0x1b); // OUT1 off: RI falls, trailing edge
      expect(rd(MSR)).to.equal(0xb4);
      wr(MCR, 0x0b); // loop off: the host's DCD, DSR, CTS (unchanged)
      expect(rd(MSR)).to.equal(0xb0);
    });
  });

  describe('interrupt priorities', () => {
    it('line status > data > THR empty > modem status', () => {
      const { env, rd, wr, init115200 } = setup();
      init115200();
      wr(MCR, 0x10); // loopback so the modem lines change
      wr(MCR, 0x1f);
      wr(RBR, 0x11);
      wr(RBR, 0x12);
      env.scheduler.advance(2 * CHAR); // two looped bytes: the second overruns RBR
      wr(IER, 0x0f);
      expect(rd(IIR)).to.equal(0x06);
      rd(LSR);
      expect(rd(IIR)).to.equal(0x04);
      rd(RBR);
      expect(rd(IIR)).to.equal(0x02);
      expect(rd(IIR)).to.equal(0x00);
      rd(MSR);
      expect(rd(IIR)).to.equal(0x01);
    });
  });

  it('splits a 16-bit access into byte cycles on consecutive ports', () => {
    const { dev, wr, rd } = setup();
    wr(LCR, 0x80);
    dev.ioWrite!(0, 2, 0x0180, 0);
    expect([rd(RBR), rd(IER)]).to.deep.equal([0x80, 0x01]);
    expect(dev.ioRead!(0, 2, 0)).to.equal(0x0180);
  });

  it('is deterministic: the same inputs give the same register trace', () => {
    const run = () => {
      const { env, rd, wr, init115200 } = setup();
      init115200(0x87);
      wr(IER, 0x0f);
      env.serial.type('deterministic input');
      const trace: number[] = [];
      for (let i = 0; i < 200; i++) {
        env.scheduler.advance(Math.floor(CHAR / 3));
        trace.push(rd(IIR), rd(LSR));
        if (i % 5 === 0) trace.push(rd(RBR));
        if (i % 7 === 0) wr(RBR, i);
      }
      return trace;
    };
    expect(run()).to.deep.equal(run());
  });
});
