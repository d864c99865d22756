import { expect } from 'chai';
import { MemoryBacking, type DeviceContext } from '../../../src/api/index.js';
import plugin from '../../../plugins/leon3-prom/index.js';
import { makeMachine } from '../../arches/sparc/harness.js';

const ENTRY = 0x40000100;

function boot(index: number, entry: number | undefined) {
  const m = makeMachine({ index });
  const io = new MemoryBacking('io', 4096, true); // stands in for the APB devices
  m.mem.mapMemory(0x80000000, io);
  const ctx = {
    id: 'prom',
    options: {},
    log: { warn: () => undefined, info: () => undefined, debug: () => undefined, child: () => ctx.log },
    machine: { bootImage: () => (entry === undefined ? undefined : { entry, file: 'x.elf', symbols: new Map() }) },
  } as unknown as DeviceContext<Record<string, unknown>>;
  const dev = plugin.create(ctx);
  m.mem.mapMemory(0, dev.memory!);
  dev.reset();
  m.cpu.reset(true);
  m.cpu.run(60);
  return { m, io };
}

describe('leon3-prom boot stub', () => {
  it('CPU 0 enables the UART, programs GPTIMER, sets %sp and jumps to the ELF entry', () => {
    const { m, io } = boot(0, ENTRY);
    expect(io.view.getUint32(0x108)).to.equal(3);
    expect(io.view.getUint32(0x304)).to.equal(39);
    expect(io.view.getUint32(0x314)).to.equal(0xfffffffe);
    expect(io.view.getUint32(0x318)).to.equal(3);
    expect(m.cpu.reg(14) >>> 0).to.equal(0x48000000);
    // RAM at the entry is zero (unimp): the CPU arrived there and stopped in error mode.
    expect(m.cpu.pc).to.equal(ENTRY);
  });

  it('other cores (%asr17[31:28] != 0) go straight to the entry', () => {
    const { m, io } = boot(1, ENTRY);
    expect(io.view.getUint32(0x108)).to.equal(0);
    expect(io.view.getUint32(0x318)).to.equal(0);
    expect(m.cpu.pc).to.equal(ENTRY);
  });

  it('without a program the cores power down', () => {
    const { m } = boot(0, undefined);
    expect(m.cpu.state).to.equal('idle');
  });

  it('is read-only to the guest', () => {
    const { m } = boot(0, ENTRY);
    const before = m.mem.read32(0);
    m.mem.write32(0, 0x12345678);
    expect(m.mem.read32(0)).to.equal(before);
  });
});
