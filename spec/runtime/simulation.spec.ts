import { expect } from 'chai';
import { ChromeTraceRecorder } from '../../src/trace/chrome-trace.js';
import { VcdRecorder } from '../../src/trace/vcd-writer.js';
import { asm, program } from '../helpers/toy-asm.js';
import { runBoard, toyElf } from '../helpers/toy-harness.js';

const UART = 0x80000;
const TIMER = 0x90000;
const CTL = 0xa0000;
const MS = 1e9;

/** Print `text` on the UART at r1 using r2. */
const print = (text: string) => [...Buffer.from(text, 'latin1')].flatMap((c) => [asm.li(2, c), asm.sb(2, 1)]);

describe('simulation runtime (toy arch)', () => {
  it('runs a program that prints and exits through sim-control with its status', async () => {
    const elf = toyElf(program(asm.li32(1, UART), print('hello\n'), asm.li32(3, CTL), asm.li(2, 7), asm.sw(2, 3), asm.halt()), 0x1000);
    const r = await runBoard('toy-solo.yaml', [{ file: elf }]);
    expect(r.stdout).to.equal('hello\n');
    expect(r.stop).to.deep.include({ kind: 'exit', status: 7 });
    expect(r.machine.instructions()).to.equal(2 + 12 + 2 + 2);
  });

  it('sleeps through WFI: virtual time jumps to the timer interrupt without spinning', async () => {
    const loop = program(
      asm.li32(1, TIMER),
      asm.li(4, 1000), asm.sw(4, 1, 0), // LOAD = 1000 ticks of 1 MHz = 1 ms
      asm.li(4, 3), asm.sw(4, 1, 4), // run, interrupt enable
      asm.li(5, 0), asm.li(6, 3),
      asm.wfi(), // loop:
      asm.li(7, 1), asm.sw(7, 1, 8), // clear STATUS
      asm.addi(5, 5, 1),
      asm.bne(5, 6, -4),
      asm.exit(0),
    );
    const r = await runBoard('toy-solo.yaml', [{ file: toyElf(loop, 0x1000) }]);
    expect(r.stop).to.deep.include({ kind: 'exit', status: 0 });
    // Three expiries 1 ms apart, counted from the CTRL write at the 5th instruction (100 ns each at 10 MHz).
    expect(r.end).to.be.within(3 * MS + 500_000, 3 * MS + 500_000 + 1_000_000);
    expect(r.machine.instructions()).to.be.below(40);
  });

  it('reports a deadlock when every CPU waits and nothing is pending', async () => {
    const r = await runBoard('toy-solo.yaml', [{ file: toyElf([asm.wfi(), asm.halt()], 0x1000) }]);
    expect(r.stop.kind).to.equal('deadlock');
  });

  it('stops a runaway guest at --max-time', async () => {
    const r = await runBoard('toy-solo.yaml', [{ file: toyElf([asm.bne(1, 0, 0), asm.li(1, 1), asm.bne(1, 0, 0)], 0x1000) }], { maxTime: 2 * MS });
    expect(r.stop).to.deep.equal({ kind: 'max-time', time: 2 * MS });
    expect(r.end).to.equal(2 * MS);
    expect(r.machine.instructions()).to.equal(20_000); // 2 ms at 10 MHz, one cycle each
  });

  it('turns an unmapped access into the architecture trap, never a host exception', async () => {
    const handler = 0x1100;
    const prog = program(asm.li32(13, handler), asm.li32(8, 0x7000000), asm.lw(9, 8, 4), asm.halt());
    const words = [...prog];
    while (words.length < (handler - 0x1000) / 4) words.push(asm.halt());
    words.push(...program(asm.li32(1, UART), print('trap\n'), asm.exit(14)));
    const r = await runBoard('toy-solo.yaml', [{ file: toyElf(words, 0x1000) }]);
    expect(r.stdout).to.equal('trap\n');
    expect(r.stop).to.deep.include({ kind: 'exit', status: 0x7000004 & 0xff ? 0x7000004 : 0 });
    expect(r.machine.cpus[0].registers.read('r14')).to.equal(0x7000004n);
  });

  it('shares bytes between CPUs of opposite byte order; each sees its own private RAM', async () => {
    // le writes a word into shared SRAM (0x20000 for le, 0x30000 for be); be reads it back.
    const le = program(asm.li32(1, 0x20000), asm.li32(2, 0x11223344), asm.sw(2, 1), asm.li32(3, 0x2000), asm.li(4, 0x55), asm.sw(4, 3), asm.halt());
    const be = program(
      asm.li32(1, 0x30000),
      asm.li(8, 0), asm.li(8, 0), asm.li(8, 0), asm.li(8, 0), asm.li(8, 0), asm.li(8, 0), asm.li(8, 0), asm.li(8, 0), // let le store first
      asm.lw(2, 1),
      asm.li32(3, 0x2000), asm.lw(4, 3), // private RAM: le's store is not visible here
      asm.halt(),
    );
    const r = await runBoard('toy-duo.yaml', [{ cpu: 'le', file: toyElf(le, 0x1000, true) }, { cpu: 'be', file: toyElf(be, 0x1000, false) }], { quantum: 1e9 });
    expect(r.stop.kind).to.equal('all-stopped');
    expect(r.machine.cpu('be')!.registers.read('r2')).to.equal(0x44332211n);
    expect(r.machine.cpu('be')!.registers.read('r4')).to.equal(0n);
    expect(r.machine.cpu('le')!.registers.read('r4')).to.equal(0x55n);
  });

  it('starts a CPU marked `start: program` only when a program is loaded for it', async () => {
    const le = program(asm.li32(1, UART), print('le\n'), asm.halt());
    const be = program(asm.li32(1, UART), print('be\n'), asm.halt());
    const alone = await runBoard('toy-optional.yaml', [{ cpu: 'le', file: toyElf(le, 0x1000, true) }]);
    expect(alone.stop.kind).to.equal('all-stopped');
    expect(alone.stdout).to.equal('[uart_le] le\n');
    expect(alone.machine.cpu('be')!.instructions).to.equal(0);
    const both = await runBoard('toy-optional.yaml', [{ cpu: 'le', file: toyElf(le, 0x1000, true) }, { cpu: 'be', file: toyElf(be, 0x1000, false) }]);
    expect(both.stdout).to.equal('[uart_le] le\n[uart_be] be\n');
  });

  it('prefixes lines with the device id when several serial devices share stdout', async () => {
    const le = program(asm.li32(1, UART), print('from le\n'), asm.halt());
    const be = program(asm.li32(1, UART), print('from be\n'), asm.halt());
    const r = await runBoard('toy-duo.yaml', [{ cpu: 'le', file: toyElf(le, 0x1000, true) }, { cpu: 'be', file: toyElf(be, 0x1000, false) }]);
    expect(r.stdout).to.equal('[uart_le] from le\n[uart_be] from be\n');
  });

  it('never mixes two devices within a line, and ends an unfinished line at the end of the run', async () => {
    // Both CPUs print byte by byte at once; with a 1-cycle quantum their bytes interleave on the bus.
    const le = program(asm.li32(1, UART), print('aaaa\nAA'), asm.halt());
    const be = program(asm.li32(1, UART), print('bbbb\n'), asm.halt());
    const r = await runBoard('toy-duo.yaml', [{ cpu: 'le', file: toyElf(le, 0x1000, true) }, { cpu: 'be', file: toyElf(be, 0x1000, false) }], { quantum: 10_000 });
    expect(r.stdout).to.equal('[uart_le] aaaa\n[uart_be] bbbb\n[uart_le] AA\n');
  });

  describe('determinism and the quantum', () => {
    // Both CPUs increment one shared byte 200 times without synchronisation: a lost update
    // happens whenever a quantum boundary falls between one CPU's load and store.
    const racer = (name: string, sram: number) =>
      program(asm.li32(1, sram), asm.li(5, 0), asm.li(6, 200),
        asm.lb(2, 1), asm.addi(2, 2, 1), asm.sb(2, 1), asm.addi(5, 5, 1), asm.bne(5, 6, -4),
        asm.li32(1, UART), print(`${name} done\n`), asm.halt());
    const race = async (quantum: number) => {
      const r = await runBoard('toy-duo.yaml', [{ cpu: 'le', file: toyElf(racer('le', 0x20000), 0x1000, true) }, { cpu: 'be', file: toyElf(racer('be', 0x30000), 0x1000, false) }], {
        quantum,
        maxTime: 1e12,
        before: (m) => {
          (m as unknown as { trace: ChromeTraceRecorder }).trace = new ChromeTraceRecorder(m);
        },
      });
      const trace = (r.machine as unknown as { trace: ChromeTraceRecorder }).trace.finish(r.end);
      const final = r.machine.devices.get('sram')!.device.memory!.bytes[0];
      expect(r.stop.kind).to.equal('all-stopped');
      return { final, stdout: r.stdout, trace };
    };

    it('gives byte-identical output and trace run after run', async () => {
      const a = await race(100_000);
      const b = await race(100_000);
      expect(a.stdout).to.equal(b.stdout);
      expect(a.trace).to.equal(b.trace);
      expect(a.final).to.equal(b.final);
    });

    it('changes the interleaving of an unsynchronised race when the quantum changes', async () => {
      const results = new Set<number>();
      for (const q of [50_000, 130_000, 1_000_000, 100_000_000]) {
        const first = await race(q);
        const again = await race(q);
        expect(again.final).to.equal(first.final); // reproducible per setting
        results.add(first.final);
      }
      expect(results.size).to.be.greaterThan(1);
      expect(results.has(400 % 256)).to.equal(true); // a large quantum serialises the CPUs: no lost update
      expect([...results].some((v) => v !== 400 % 256)).to.equal(true); // small quanta lose updates
    });
  });

  it('records CPU spans, interrupt changes and serial lines in the Chrome trace and VCD', async () => {
    const loop = program(asm.li32(1, TIMER), asm.li(4, 100), asm.sw(4, 1, 0), asm.li(4, 3), asm.sw(4, 1, 4), asm.wfi(), asm.li(7, 1), asm.sw(7, 1, 8),
      asm.li32(1, UART), print('tick\n'), asm.exit(0));
    let trace: ChromeTraceRecorder | undefined;
    let vcd: VcdRecorder | undefined;
    const r = await runBoard('toy-solo.yaml', [{ file: toyElf(loop, 0x1000) }], {
      before: (m) => {
        trace = new ChromeTraceRecorder(m);
        vcd = new VcdRecorder(m);
      },
    });
    const json = JSON.parse(trace!.finish(r.end)) as { traceEvents: { name: string; ph: string; ts: number; tid: number; cat?: string; dur?: number }[] };
    const ev = json.traceEvents;
    const threads = ev.filter((e) => e.name === 'thread_name').map((e) => (e as unknown as { args: { name: string } }).args.name);
    expect(threads).to.include.members(['cpu0', 'timer', 'uart0']);
    const spans = ev.filter((e) => e.cat === 'cpu').map((e) => e.name);
    expect(spans).to.deep.equal(['running', 'idle', 'running']);
    const idle = ev.find((e) => e.cat === 'cpu' && e.name === 'idle')!;
    expect(idle.ts + idle.dur!).to.be.closeTo(100 + 0.5, 0.01); // wakes at the 100 us expiry
    expect(ev.filter((e) => e.cat === 'irq').map((e) => e.name)).to.deep.equal(['timer.irq raise', 'timer.irq clear']);
    expect(ev.find((e) => e.cat === 'serial')!.name).to.equal('tick');
    const text = vcd!.finish(r.end);
    expect(text).to.contain('$var wire 1 ! timer.irq $end');
    expect(text).to.match(/#100500000\n1!/);
  });
});
