import { ContainerModule } from 'inversify';
import type { ArchContribution as Arch, CpuContext } from '../../src/api/index.js';
import { ARCH_API_VERSION, ArchContribution } from '../../src/api/index.js';
import { createLapic } from './apic/lapic.js';
import { X86Cpu } from './cpu.js';
import { multiboot } from './multiboot.js';

/** ELF e_machine values: EM_386 and EM_X86_64. */
const EM_386 = 3;
const EM_X86_64 = 62;

/** The x86_64 architecture, modelled on QEMU 7.2's `-cpu qemu64`. */
export const x86Arch: Arch = {
  apiVersion: ARCH_API_VERSION,
  id: 'x86_64',
  description: 'x86-64 (real, protected, compatibility and 64-bit mode, paging, local APIC), QEMU qemu64 compatible',
  models: ['qemu64'],
  littleEndian: true,
  elfMachines: [EM_386, EM_X86_64],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      blockLimit: { type: 'integer', minimum: 1, maximum: 256, description: 'instructions per translated block (1 = single-step reference mode; default 64)' },
      features: {
        type: 'string',
        pattern: '^((popcnt|abm)(,(popcnt|abm))*)?$',
        description: "features added to qemu64, comma-separated as QEMU's -cpu qemu64,+popcnt,+abm: popcnt, abm (LZCNT); empty for none",
      },
      codeCacheMiB: { type: 'integer', minimum: 1, maximum: 1024, description: 'MiB of generated JavaScript the translation cache holds; when full it starts again (default 32)' },
    },
  },
  bootProtocols: { multiboot },
  createCpu: (context: CpuContext) => new X86Cpu(context, createLapic),
};

export default new ContainerModule(({ bind }) => {
  bind(ArchContribution).toConstantValue(x86Arch);
});

export { X86Cpu };
