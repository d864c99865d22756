import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { Mc146818Rtc, MEMORY_SIZE, type RtcOptions } from './rtc.js';

/**
 * MC146818 real-time clock and CMOS memory of the PC. Map it with `space: io`, `base: 0x70`,
 * `size: 2`. Outputs `irq` (IRQ 8: to PIC `irq8` and IOAPIC `pin8`) and `nmimask` (port 0x70
 * bit 7).
 */
const plugin: DevicePlugin<RtcOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'mc146818-rtc',
  description: 'MC146818 RTC and CMOS (ports 0x70/0x71) with QEMU pc contents, counting virtual time from a fixed epoch',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      epoch: { type: 'integer', minimum: 0, maximum: 253402300799, description: 'Unix time shown at power-on (default 0)' },
      memory: {
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', pattern: MEMORY_SIZE.source },
        ],
        description: 'RAM size for the CMOS memory bytes: bytes or e.g. "128MiB" (default 128MiB)',
      },
      cpus: { type: 'integer', minimum: 1, maximum: 256, description: 'CPU count for CMOS 0x5F (default: the board CPU count)' },
    },
  },
  defaultSize: 2,
  create: (ctx) => new Mc146818Rtc(ctx),
};

export default plugin;
