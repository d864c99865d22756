import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { Gicv2, type Gicv2Options } from './gicv2.js';
import { MAX_CPUS } from './registers.js';
import { gicv2DeviceTree } from './device-tree.js';

/**
 * ARM GICv2 (no Security or Virtualization Extensions), as QEMU virt's `arm_gic`.
 * Inputs: `spi<n>` (INTID 32 + n) and `ppi<cpu>_<intid>` (INTID 16..31). Outputs: `irq<cpu>` and
 * `fiq<cpu>` to each CPU. One window holds the distributor (offset 0) and the CPU interface
 * (`cpuInterfaceOffset`, default 0x10000).
 */
const plugin: DevicePlugin<Gicv2Options> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'gicv2',
  description: 'ARM Generic Interrupt Controller v2: distributor + banked CPU interfaces, as QEMU virt',
  optionsSchema: {
    type: 'object',
    properties: {
      spis: { type: 'integer', minimum: 0, maximum: 960, multipleOf: 32, description: 'number of SPIs (default 256)' },
      cpuInterfaceOffset: { type: 'integer', minimum: 0x1000, description: 'CPU interface offset in the window (default 0x10000)' },
      cpus: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_CPUS, description: 'CPU ids in interface order' },
    },
    additionalProperties: false,
  },
  defaultSize: 0x20000,
  create: (ctx) => new Gicv2(ctx),
  deviceTree: gicv2DeviceTree,
};

export default plugin;
