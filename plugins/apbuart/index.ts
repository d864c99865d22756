import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { ApbUart } from './apbuart.js';

/** GRLIB APBUART (LEON3 console). Output `irq`: a pulse per transmitted (TI) or received (RI) byte. */
const plugin: DevicePlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'apbuart',
  description: 'Gaisler GRLIB APBUART, behaving as QEMU 7.2 leon3_generic (instant transmit)',
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  defaultSize: 0x100,
  create: (ctx) => new ApbUart(ctx),
};

export default plugin;
