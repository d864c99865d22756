import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { Gicv2m, type Gicv2mOptions } from './gicv2m.js';

/**
 * GICv2m MSI frame (QEMU virt's at 0x08020000: SPIs 48–111). Outputs `spi0`…`spi<n-1>`; wire
 * them to the GIC in one line: `"spi[0..63]": gic.spi[48..111]`. In a device tree it is a child
 * of the GIC its SPIs reach, as Linux's GICv2m driver expects.
 */
const plugin: DevicePlugin<Gicv2mOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'gicv2m',
  description: 'ARM GICv2m MSI frame: a doorbell that pulses GIC SPIs (QEMU virt at 0x08020000)',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      baseSpi: { type: 'integer', minimum: 0, maximum: 987, description: 'first SPI signalled (default 48, INTID 80)' },
      spis: { type: 'integer', minimum: 1, maximum: 128, description: 'number of SPIs (default 64)' },
    },
  },
  defaultSize: 0x1000,
  create: (ctx) => new Gicv2m(ctx),
  deviceTree: {
    nodes(ctx) {
      if (ctx.base === undefined) return [];
      const first = ctx.resolve('spi0', 'interrupts', { trigger: 'edge-rising' });
      return [
        {
          ...(first && { parent: first.controller }),
          node: {
            name: ctx.unitName('v2m'),
            label: ctx.id,
            properties: { compatible: 'arm,gic-v2m-frame', 'msi-controller': true, reg: ctx.reg([ctx.base, ctx.size ?? 0x1000]) },
          },
        },
      ];
    },
  },
};

export default plugin;
