import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { Pl011 } from './pl011.js';
import { primecellNodes } from '../shared/primecell-tree.js';

/** ARM PrimeCell PL011 UART (QEMU virt's `uart0`). Output `irq`: (RIS & IMSC) != 0. */
const plugin: DevicePlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'pl011',
  description: 'ARM PrimeCell PL011 UART, behaving as QEMU 7.2 (instant transmit, 16-entry receive FIFO)',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  defaultSize: 0x1000,
  create: (ctx) => new Pl011(ctx),
  deviceTree: {
    // QEMU virt's node: a console, level-high interrupt, uartclk and apb_pclk from the 24 MHz clock.
    nodes: (ctx) => primecellNodes(ctx, 'pl011', 'arm,pl011', ctx.interrupts(['irq', 'level-high']), ['uartclk', 'apb_pclk'], { console: true }),
  },
};

export default plugin;
