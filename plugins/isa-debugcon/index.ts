import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { readBytes, writeBytes } from '../isa/byte-wide.js';

/** Options of `isa-debugcon`. */
export interface IsaDebugconOptions {
  /** What a read returns, so a guest can detect the port (QEMU's `readback` property, default 0xE9). */
  readonly readback?: number;
}

/**
 * QEMU's isa-debugcon (Bochs' port 0xE9 hack): every byte written goes to the device's serial
 * port at once; reads return `readback`. A wider access is split into bytes, lowest first, as
 * QEMU's one-byte implementation does.
 */
const plugin: DevicePlugin<IsaDebugconOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'isa-debugcon',
  description: "QEMU's isa-debugcon: bytes written to the port go to the serial output; reads return 0xE9",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { readback: { type: 'integer', minimum: 0, maximum: 255, description: 'value reads return (default 0xe9)' } },
  },
  defaultSize: 1,
  create(ctx) {
    const serial = ctx.serial();
    const readback = ctx.options.readback ?? 0xe9;
    return {
      ioRead: (offset, size) => readBytes(size, offset, () => readback),
      ioWrite: (offset, size, value) => writeBytes(size, offset, value, (_o, byte) => serial.transmit(byte)),
      reset() {},
    };
  },
};

export default plugin;
