import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
      const path = resolve(ctx.boardDir, ctx.options.file);
      let data: Uint8Array;
      try {
        data = readFileSync(path);
      } catch (e) {
        throw new Error(`cannot read ROM file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      if (data.length > ctx.options.size) throw new Error(`ROM file ${path} has ${data.length} bytes, more than the ROM size ${ctx.options.size}`);
      memory.bytes.set(data);
    }
    return { memory, reset() {} };
  },
};

export default rom;
