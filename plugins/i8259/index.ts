import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { I8259Pair, type I8259Options } from './i8259.js';

/**
 * The PC's cascaded 8259A interrupt controllers as one device. Map it with `space: io`,
 * `base: 0x20`, `size: 2` and `windows: [{ base: 0xa0, size: 2 }, { base: 0x4d0, size: 2 }]`.
 * Inputs `irq0`..`irq15`; output `intr`; answers `inta` messages with the vector.
 */
const plugin: DevicePlugin<I8259Options> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'i8259',
  description: 'cascaded 8259A PIC pair (master 0x20, slave 0xA0 on IRQ 2, ELCR 0x4D0) with the INTA cycle as a message',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      bootState: { enum: ['reset', 'seabios'], description: 'reset (default): power-on state; seabios: programmed as SeaBIOS leaves it (vectors 0x08/0x70)' },
    },
  },
  defaultSize: 2,
  create: (ctx) => new I8259Pair(ctx),
};

export default plugin;
