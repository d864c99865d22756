import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { GptimerUnit, type GptimerOptions } from './gptimer-unit.js';
import { MAX_TIMERS } from './registers.js';

/**
 * GRLIB GPTIMER (LEON3 general purpose timer unit). Outputs `irq0`, `irq1`, …: one pulse per
 * underflow of timer n while its IE bit is set.
 */
const plugin: DevicePlugin<GptimerOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'gptimer',
  description: 'Gaisler GRLIB GPTIMER timer unit (prescaler + 32-bit timers, separate interrupts), counting in virtual time',
  optionsSchema: {
    type: 'object',
    properties: {
      frequency: { type: 'number', exclusiveMinimum: 0, description: 'input clock in Hz (default 40000000)' },
      timers: { type: 'integer', minimum: 1, maximum: MAX_TIMERS, description: 'number of timers (default 2)' },
      irq: { type: 'integer', minimum: 0, maximum: 31, description: 'interrupt of timer 0, shown in CONFIG (default 8)' },
    },
    additionalProperties: false,
  },
  defaultSize: 0x100,
  create: (ctx) => new GptimerUnit(ctx),
};

export default plugin;
