/**
 * The GRLIB devices inside the real runtime (bus, signals, scheduler), driven by the test-only
 * toy CPU: GPTIMER -> IRQMP -> CPU interrupt level, APBUART -> serial output.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { OutputRouter } from '../../../src/output/output-router.js';
import { buildSimulation } from '../../../src/runtime/simulation.js';
import { asm, program } from '../../helpers/toy-asm.js';
import { scratchFile, testContainer, toyElf } from '../../helpers/toy-harness.js';

const BOARD = `
name: grlib-toy
cpus:
  - { id: cpu0, arch: toy, clock: 10MHz, start: true, inputs: { irq: irqmp.irl0 } }
memory:
  - { id: ram, kind: ram, base: 0x40000000, size: 64KiB }
devices:
  - { id: uart0, plugin: apbuart, base: 0x80000100, size: 0x100, outputs: { irq: irqmp.in3 } }
  - { id: irqmp, plugin: irqmp, base: 0x80000200, size: 0x100 }
  - id: gptimer
    plugin: gptimer
    base: 0x80000300
    size: 0x100
    options: { frequency: 40000000, timers: 2, irq: 6 }
    outputs: { irq0: irqmp.in6, irq1: irqmp.in7 }
  - { id: ctl, plugin: sim-control, base: 0x90000000 }
`;

describe('GRLIB devices on the runtime bus (toy CPU)', () => {
  it('a timer underflow 100 us after start reaches the CPU as interrupt level 6', async () => {
    const board = scratchFile('grlib-toy.yaml');
    writeFileSync(board, BOARD);
    const code = program(
      asm.li32(1, 0x80000100),
      asm.li(2, 3),
      asm.sw(2, 1, 8), // UART CTRL = RE | TE
      asm.li(2, 0x48),
      asm.sw(2, 1, 0), // 'H'
      asm.li32(3, 0x80000300),
      asm.li(2, 39),
      asm.sw(2, 3, 4), // scaler reload: 1 MHz
      asm.li(2, 99),
      asm.sw(2, 3, 0x14), // timer 0 reload: 100 ticks
      asm.li32(4, 0x80000200),
      asm.li(2, 1 << 6),
      asm.sw(2, 4, 0x40), // unmask IRQ 6 for CPU 0
      asm.li(2, 0xf),
      asm.sw(2, 3, 0x18), // EN | RS | LD | IE
      asm.wfi(),
      asm.ack(5), // r5 = interrupt level
      asm.addi(2, 5, 0x30),
      asm.sw(2, 1, 0), // print it as a digit
      asm.li32(6, 0x90000000),
      asm.sw(5, 6, 0), // exit with the level
    );
    const built = await buildSimulation(testContainer(), { board, images: [{ file: toyElf(code, 0x40000000) }] });
    if (built._tag === 'Left') throw new Error(built.left.message);
    const machine = built.right;
    const chunks: Buffer[] = [];
    const router = new OutputRouter(machine, new Map(), (c) => chunks.push(c));
    const stop = machine.run(1e12, () => router.flush());
    router.close();
    expect(stop).to.deep.include({ kind: 'exit', status: 6 });
    expect(Buffer.concat(chunks).toString('latin1')).to.equal('H6');
    // The timer started ~1.6 us in (16 instructions at 10 MHz) and underflows 100 ticks later.
    expect(machine.scheduler.endTime).to.be.within(100e6, 104e6);
  });
});
