import type { DeviceTreeContext, DtContribution, DtValue } from '../../src/api/index.js';
import { dtRef } from '../../src/api/index.js';

/**
 * Device-tree help shared by the ARM PrimeCell plugins (pl011, pl031, pl061). This folder has no
 * `index.ts`, so it is not a plugin itself.
 *
 * Linux probes PrimeCells on the AMBA bus and enables their `apb_pclk` first, so each node
 * names a clock. Every PrimeCell contributes the same fixed 24 MHz `apb-pclk` node (QEMU virt's);
 * the tree builder keeps one copy.
 */
export const APB_PCLK = 'apb-pclk';

const apbClock: DtContribution = {
  node: {
    name: APB_PCLK,
    label: APB_PCLK,
    properties: { compatible: 'fixed-clock', '#clock-cells': [0], 'clock-frequency': [24_000_000], 'clock-output-names': 'clk24mhz' },
  },
};

/** `<name>@<base>` with `compatible = "<compatible>", "arm,primecell"`, its window, interrupts and clocks. */
export function primecellNodes<O>(
  ctx: DeviceTreeContext<O>,
  name: string,
  compatible: string,
  properties: Record<string, DtValue>,
  clockNames: readonly string[] = ['apb_pclk'],
  extra: Partial<Pick<DtContribution, 'console' | 'parent'>> & { label?: string } = {},
): DtContribution[] {
  if (ctx.base === undefined) return [];
  return [
    apbClock,
    {
      ...(extra.console && { console: true }),
      node: {
        name: ctx.unitName(name),
        ...(extra.label && { label: extra.label }),
        properties: {
          compatible: [compatible, 'arm,primecell'],
          reg: ctx.reg([ctx.base, ctx.size ?? 0x1000]),
          ...properties,
          clocks: clockNames.map(() => dtRef(APB_PCLK)),
          'clock-names': [...clockNames],
        },
      },
    },
  ];
}
