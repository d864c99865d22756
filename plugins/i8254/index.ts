import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { I8254, type I8254Options } from './i8254.js';

/**
 * The PC's 8254 programmable interval timer with port 0x61. Map it with `space: io`,
 * `base: 0x40`, `size: 4`, `windows: [{ base: 0x61, size: 1 }]`. Output `irq`: channel 0's OUT
 * (to PIC `irq0` and IOAPIC `pin2`).
 */
const plugin: DevicePlugin<I8254Options> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'i8254',
  description: '8254 PIT (channels 0-2, modes 0-5, BCD, latch and read-back) with port 0x61, counting in virtual time',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      frequency: { type: 'integer', minimum: 1, description: 'input clock in Hz (default 1193182)' },
      bootState: { enum: ['reset', 'seabios'], description: 'reset (default): power-on state; seabios: channel 0 in mode 2 as SeaBIOS leaves it' },
    },
  },
  defaultSize: 4,
  create: (ctx) => new I8254(ctx),
};

export default plugin;
