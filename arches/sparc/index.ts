import { ContainerModule } from 'inversify';
import { ARCH_API_VERSION, ArchContribution, type CpuContext } from '../../src/api/index.js';
import { sparcOptionsSchema } from './options.js';
import { SparcCpu } from './sparc-cpu.js';
import { sparcGdb } from './gdb-target.js';

/** SPARC V8 as on the LEON3 (QEMU leon3_generic), big endian. */
export const sparcArch: ArchContribution = {
  apiVersion: ARCH_API_VERSION,
  id: 'sparc',
  description: 'SPARC V8 integer unit and FPU as on Gaisler LEON3',
  models: ['leon3'],
  littleEndian: false,
  elfMachines: [2, 18], // EM_SPARC, EM_SPARC32PLUS
  optionsSchema: sparcOptionsSchema,
  gdb: sparcGdb,
  createCpu(context: CpuContext) {
    return new SparcCpu(context);
  },
};

export { SparcCpu };

export default new ContainerModule(({ bind }) => {
  bind(ArchContribution).toConstantValue(sparcArch);
});
