import { MemoryBacking, PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { bootStub } from './boot-stub.js';

interface Leon3PromOptions {
  size?: number;
  uart?: number;
  timer?: number;
  /** Whose boot image's entry the stub jumps to. */
  cpu?: string;
  stackPointer?: number | null;
}

const MIB = 1024 * 1024;

/**
 * LEON3 PROM with QEMU leon3_generic's boot stub: a read-only 8 MiB memory that, at reset,
 * holds SPARC code initialising the APBUART and GPTIMER (CPU 0) and jumping to the ELF entry.
 */
const plugin: DevicePlugin<Leon3PromOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'leon3-prom',
  description: 'LEON3 boot PROM (read-only) holding the QEMU leon3_generic boot stub',
  defaultSize: 8 * MIB,
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      size: { type: 'integer', minimum: 4096, maximum: 256 * MIB, description: 'PROM size in bytes (default 8 MiB)' },
      uart: { type: 'integer', minimum: 0, maximum: 4294967295, description: 'APBUART base (default 0x80000100)' },
      timer: { type: 'integer', minimum: 0, maximum: 4294967295, description: 'GPTIMER base (default 0x80000300)' },
      cpu: { type: 'string', description: 'CPU whose ELF entry the stub jumps to (default cpu0)' },
      stackPointer: {
        type: ['integer', 'null'], minimum: 0, maximum: 4294967295,
        description: '%sp CPU 0 gets before the jump (QEMU: top of RAM, default 0x48000000; null: leave it)',
      },
    },
  },
  create(ctx) {
    const o = ctx.options;
    const memory = new MemoryBacking(ctx.id, o.size ?? 8 * MIB, false);
    return {
      memory,
      reset() {
        const entry = ctx.machine.bootImage(o.cpu ?? 'cpu0')?.entry;
        if (entry === undefined) ctx.log.warn(`${ctx.id}: no program loaded for ${o.cpu ?? 'cpu0'}; the PROM powers the cores down`);
        const code = bootStub({
          entry,
          uartBase: o.uart ?? 0x80000100,
          timerBase: o.timer ?? 0x80000300,
          stackPointer: o.stackPointer === null ? undefined : (o.stackPointer ?? 0x48000000),
        });
        memory.bytes.fill(0, 0, 4096);
        code.forEach((w, k) => memory.view.setUint32(4 * k, w));
        // The CPUs may have decoded the old contents: tell every view of the PROM.
        memory.codeWritten(0, 4096);
      },
    };
  },
};

export default plugin;
