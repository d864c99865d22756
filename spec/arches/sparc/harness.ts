import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddressSpace, MemoryBacking, Signal, SimpleInterruptMessageBus, type CpuContext, type MachineControl } from '../../../src/api/index.js';
import { SparcCpu } from '../../../arches/sparc/sparc-cpu.js';

/** Where the assembled fixtures live (the spec runs from dist/, the .bin files stay in the source tree). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../../spec/fixtures/sparc');

export const RAM_BASE = 0x40000000;

export interface TestMachine {
  cpu: SparcCpu;
  mem: AddressSpace;
  ram: MemoryBacking;
  exits: { status: number; by: string }[];
  intacks: number[];
  /** Run until the CPU leaves 'running' or `limit` instructions pass. */
  run(limit?: number): void;
}

/** A SPARC core on a bus with 1 MiB of RAM at 0x40000000 and a fake machine/scheduler. */
export function makeMachine(options: Record<string, unknown> = {}, program?: Uint8Array): TestMachine {
  const mem = new AddressSpace('cpu0', false, 0);
  const ram = new MemoryBacking('ram', 1 << 20, true);
  mem.mapMemory(RAM_BASE, ram);
  const exits: { status: number; by: string }[] = [];
  const intacks: number[] = [];
  const time = { now: () => 0 };
  const machine: MachineControl = {
    exit: (status, by) => exits.push({ status, by }),
    cpus: [],
    cpu: () => undefined,
    console: () => undefined,
    bootImage: () => undefined,
    interruptMessages: new SimpleInterruptMessageBus(),
  };
  const log = { warn: () => undefined, info: () => undefined, debug: () => undefined, child: () => log };
  const ctx: CpuContext = {
    id: 'cpu0',
    index: 0,
    model: 'leon3',
    frequency: 40e6,
    memory: mem,
    io: undefined as never,
    scheduler: { now: () => 0, at: () => ({}) as never, after: () => ({}) as never, cancel: () => undefined },
    machine,
    log,
    options,
    output: (name: string) => {
      const s = new Signal(name, time, 4);
      if (name === 'intack') s.connect((l) => { if (l) intacks.push(l); });
      return s;
    },
  };
  const cpu = new SparcCpu(ctx);
  cpu.reset(true);
  if (program) {
    mem.load(RAM_BASE, program);
    cpu.setEntry(RAM_BASE);
  }
  return {
    cpu, mem, ram, exits, intacks,
    run(limit = 1_000_000) {
      let left = limit;
      while (cpu.state === 'running' && left > 0) left -= cpu.run(Math.min(left, 10000));
    },
  };
}

/** Load an assembled fixture (spec/fixtures/sparc/<name>.bin) into a fresh machine. */
export function loadFixture(name: string, options: Record<string, unknown> = {}): TestMachine {
  return makeMachine(options, readFileSync(join(FIXTURES, `${name}.bin`)));
}

/** Big-endian words to bytes, for hand-encoded programs. */
export function words(...ws: number[]): Uint8Array {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, k) => dv.setUint32(k * 4, w >>> 0));
  return b;
}

/** A symbol table printed by the fixture Makefile: name -> address. */
export function symbols(name: string): Map<string, number> {
  const text = readFileSync(join(FIXTURES, `${name}.sym`), 'utf8');
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const p = line.trim().split(/\s+/);
    if (p.length >= 3) m.set(p[2], parseInt(p[0], 16));
  }
  return m;
}
