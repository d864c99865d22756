import { ContainerModule } from 'inversify';
import type { ArchContribution as Arch, CpuContext } from '../../src/api/index.js';
import { ARCH_API_VERSION, ArchContribution } from '../../src/api/index.js';
import { A64Cpu } from './cpu.js';
import { aarch64DeviceTree } from './boot/device-tree.js';
import { linuxBoot } from './boot/linux-boot.js';
import { aarch64Gdb } from './gdb-target.js';

/** ELF e_machine of AArch64. */
const EM_AARCH64 = 183;

/** The aarch64 architecture: ARMv8-A AArch64 at EL0/EL1, modelled on QEMU's cortex-a57. */
export const aarch64Arch: Arch = {
  apiVersion: ARCH_API_VERSION,
  id: 'aarch64',
  description: 'ARMv8-A AArch64 (EL0/EL1, stage-1 MMU, generic timer, PSCI, semihosting), QEMU cortex-a57 compatible',
  models: ['cortex-a57'],
  littleEndian: true,
  elfMachines: [EM_AARCH64],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      blockLimit: { type: 'integer', minimum: 1, maximum: 1024, description: 'instructions per translated block (1 = single-step reference mode)' },
      hotThreshold: { type: 'integer', minimum: 0, maximum: 65535, description: 'times a block is reached before it is translated with the blocks it branches to (default 4000)' },
      codeCacheLimit: { type: 'integer', minimum: 1024, description: 'instructions kept translated before the code cache is emptied (default 65536; also at 1/8 as many compiled blocks)' },
      semihosting: { type: 'boolean', description: 'honour HLT #0xF000 semihosting calls, as QEMU -semihosting (default false: HLT #0xF000 is UNDEFINED)' },
      lse: { type: 'boolean', description: 'implement and advertise the ARMv8.1 LSE atomics (Cortex-A57 has none; default false)' },
      strictAlignment: { type: 'boolean', description: 'fault unaligned accesses to Device memory, including all data accesses with the MMU off (architectural; QEMU 7.2 does not, default false)' },
    },
  },
  bootProtocols: { linux: linuxBoot },
  deviceTree: aarch64DeviceTree,
  gdb: aarch64Gdb,
  createCpu: (context: CpuContext) => new A64Cpu(context),
};

export default new ContainerModule(({ bind }) => {
  bind(ArchContribution).toConstantValue(aarch64Arch);
});

export { A64Cpu };
