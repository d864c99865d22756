import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { Irqmp, type IrqmpOptions } from './irqmp.js';
import { MAX_CPUS } from './registers.js';

/**
 * GRLIB IRQMP interrupt controller. Inputs `in1`..`in15` and `intack<n>`; outputs `irl<n>`
 * (width 4: the interrupt level processor n should take, 0 = none).
 */
const plugin: DevicePlugin<IrqmpOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'irqmp',
  description: 'Gaisler GRLIB IRQMP multiprocessor interrupt controller, behaving as QEMU grlib_irqmp',
  optionsSchema: {
    type: 'object',
    properties: {
      ncpu: { type: 'integer', minimum: 1, maximum: MAX_CPUS, description: 'processors served; default: all CPUs on the board' },
      cpus: {
        type: 'array',
        items: { type: 'string' },
        maxItems: MAX_CPUS,
        description: 'ids of the CPUs MPSTAT starts, in processor order; default: the first CPUs of the board',
      },
    },
    additionalProperties: false,
  },
  defaultSize: 0x100,
  create: (ctx) => new Irqmp(ctx),
};

export default plugin;
