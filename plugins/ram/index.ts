import { MemoryBacking, PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';

interface RamOptions {
  size: number;
}

/**
 * Random-access memory. Its bytes are mapped on every CPU's fast path; the plugin only owns the
 * buffer. Contents start at zero and survive a reset, as on real boards.
 */
const ram: DevicePlugin<RamOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'ram',
  description: 'RAM: bytes on the fast path, shared or private per the board',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['size'],
    properties: { size: { type: 'integer', minimum: 1, maximum: 2 ** 31, description: 'bytes' } },
  },
  create(ctx) {
    const memory = new MemoryBacking(ctx.id, ctx.options.size, true);
    return { memory, reset() {} };
  },
  deviceTree: {
    nodes: (ctx) =>
      ctx.base === undefined ? [] : [{ node: { name: ctx.unitName('memory'), properties: { device_type: 'memory', reg: ctx.reg([ctx.base, ctx.options.size]) } } }],
  },
};

export default ram;
