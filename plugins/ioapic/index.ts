import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { Ioapic, type IoapicOptions } from './ioapic.js';

/**
 * I/O APIC (version 0x20, 24 pins) at 0xFEC00000, as QEMU 7.2's pc. Inputs `pin0`..`pin23`;
 * deliveries are `msi` messages on the machine's interrupt message bus; listens for `eoi`.
 */
const plugin: DevicePlugin<IoapicOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'ioapic',
  description: 'I/O APIC (82093AA-style, version 0x20, 24 pins) delivering MSI-format messages to the local APICs',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { id: { type: 'integer', minimum: 0, maximum: 255, description: 'IOAPIC ID at power-on (default 0)' } },
  },
  defaultSize: 0x1000,
  create: (ctx) => new Ioapic(ctx),
};

export default plugin;
