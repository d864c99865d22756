import { MemoryBacking, PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';

interface RomOptions {
  size: number;
  file?: string;
}

/** Read-only memory, optionally filled from a file. Guest writes are ignored; the loader may fill it. */
const rom: DevicePlugin<RomOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'rom',
  description: 'ROM: read-only bytes, optionally loaded from a file',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['size'],
    properties: {
      size: { type: 'integer', minimum: 1, maximum: 2 ** 31 },
      file: { type: 'string', description: 'contents, relative to the board file' },
    },
  },
  create(ctx) {
    const memory = new MemoryBacking(ctx.id, ctx.options.size, false);
    if (ctx.options.file) {
      // The host's files, not node:fs: the same plugin runs in a browser with the page's files.
      const data = ctx.readFile(ctx.options.file);
      if (data.length > ctx.options.size) throw new Error(`ROM file ${ctx.options.file} has ${data.length} bytes, more than the ROM size ${ctx.options.size}`);
      memory.bytes.set(data);
    }
    return { memory, reset() {} };
  },
};

export default rom;
