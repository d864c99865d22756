import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { optionsSchema, type AmbaPnpOptions } from './options.js';
import { PnpTable } from './pnp-table.js';

/**
 * GRLIB AMBA plug&play area: one instance per table. `table: ahb` (at 0xFFFFF000 on LEON3
 * systems) lists AHB masters and slaves; `table: apb` (at 0x800FF000) lists APB slaves. The board
 * describes the records, so the tables always match the devices it actually maps.
 */
const plugin: DevicePlugin<AmbaPnpOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'ambapnp',
  description: 'Gaisler GRLIB AMBA AHB/APB plug&play configuration tables (read-only)',
  optionsSchema,
  defaultSize: 0x1000,
  create: (ctx) => new PnpTable(ctx.options, ctx.log),
};

export default plugin;
