import type { DeviceTreeSupport, DtTrigger } from '../../src/api/index.js';
import type { Gicv2Options } from './gicv2.js';
import { MAX_CPUS, NUM_PRIVATE, NUM_SGIS } from './registers.js';

/** The binding's trigger flags (interrupt-controller/arm,gic.yaml). */
const TRIGGER: Record<DtTrigger, number> = { 'edge-rising': 1, 'edge-falling': 2, 'level-high': 4, 'level-low': 8 };
/** Each register block as the tree describes it, QEMU virt's size. */
const BLOCK = 0x10000;

/**
 * The GIC as QEMU virt describes it: `intc@<base>`, `arm,cortex-a15-gic`, three interrupt cells
 * (`<0 spi flags>` or `<1 ppi flags|cpumask<<8>`), and `ranges` so a GICv2m frame can sit under it.
 */
export const gicv2DeviceTree: DeviceTreeSupport<Gicv2Options> = {
  nodes(ctx) {
    if (ctx.base === undefined) return [];
    const cpuIf = ctx.options.cpuInterfaceOffset ?? 0x10000;
    return [
      {
        node: {
          name: ctx.unitName('intc'),
          label: ctx.id,
          properties: {
            compatible: 'arm,cortex-a15-gic',
            '#interrupt-cells': [3],
            'interrupt-controller': true,
            reg: ctx.reg([ctx.base, Math.min(BLOCK, cpuIf)], [ctx.base + cpuIf, BLOCK]),
            '#address-cells': [2],
            '#size-cells': [2],
            ranges: true,
          },
        },
      },
    ];
  },

  specifier(ctx, input, kind, flags) {
    if (kind !== 'interrupts') return undefined;
    const trigger = TRIGGER[flags.trigger ?? 'level-high'];
    const spi = /^spi([0-9]+)$/.exec(input);
    if (spi) return Number(spi[1]) < (ctx.options.spis ?? 256) ? [0, Number(spi[1]), trigger] : undefined;
    const ppi = /^ppi([0-9]+)_([0-9]+)$/.exec(input);
    if (!ppi) return undefined;
    const intid = Number(ppi[2]);
    if (intid < NUM_SGIS || intid >= NUM_PRIVATE) return undefined;
    // GICv2 PPIs carry the mask of CPU interfaces that have them, as QEMU writes it.
    const cpus = Math.min(MAX_CPUS, ctx.options.cpus?.length ?? ctx.cpuCount);
    return [1, intid - NUM_SGIS, trigger | (((1 << cpus) - 1) << 8)];
  },
};
