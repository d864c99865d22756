import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { Pl031, type Pl031Options } from './pl031.js';
import { primecellNodes } from '../shared/primecell-tree.js';

/** ARM PrimeCell PL031 RTC (QEMU virt at 0x09010000, SPI 2). Output `irq`: match interrupt & mask. */
const plugin: DevicePlugin<Pl031Options> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'pl031',
  description: 'ARM PrimeCell PL031 real-time clock, counting virtual seconds from a fixed epoch',
  optionsSchema: {
    type: 'object',
    properties: {
      epoch: { type: 'integer', minimum: 0, maximum: 0xffffffff, description: 'Unix time at virtual time 0 (default 0)' },
    },
    additionalProperties: false,
  },
  defaultSize: 0x1000,
  create: (ctx) => new Pl031(ctx),
  deviceTree: {
    nodes: (ctx) => primecellNodes(ctx, 'pl031', 'arm,pl031', ctx.interrupts(['irq', 'level-high'])),
  },
};

export default plugin;
