import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { primecellNodes } from '../shared/primecell-tree.js';
import { Pl061 } from './pl061.js';

/**
 * ARM PrimeCell PL061 GPIO (QEMU virt's at 0x09030000, SPI 7). Inputs `in0`–`in7`, outputs
 * `out0`–`out7` and `irq`. In a device tree it is a GPIO controller: a wire into `in<n>` is
 * written `<&gpio n flags>`.
 */
const plugin: DevicePlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'pl061',
  description: 'ARM PrimeCell PL061 GPIO: 8 pins, edge/level interrupts (QEMU virt: the power key on pin 3)',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  defaultSize: 0x1000,
  create: (ctx) => new Pl061(ctx),
  deviceTree: {
    nodes: (ctx) =>
      primecellNodes(ctx, 'pl061', 'arm,pl061', { ...ctx.interrupts(['irq', 'level-high']), 'gpio-controller': true, '#gpio-cells': [2] }, ['apb_pclk'], {
        label: ctx.id,
      }),
    specifier(_ctx, input, kind, flags) {
      const m = /^in([0-7])$/.exec(input);
      return kind === 'gpios' && m ? [Number(m[1]), flags.activeLow ? 1 : 0] : undefined;
    },
  },
};

export default plugin;
