import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';

/** Register offsets. */
const EXIT = 0x0;

/**
 * Simulation control: a guest ends the whole run by writing its exit status to EXIT (+0x0).
 * Serial output is flushed before the CLI exits with that status.
 */
const simControl: DevicePlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'sim-control',
  description: 'simulation control: a write to EXIT (+0x0) ends the run with that status',
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultSize: 0x100,
  create(ctx) {
    return {
      read: () => 0,
      write(offset, _size, value, initiator) {
        if (offset === EXIT) ctx.machine.exit(value | 0, `${ctx.id} EXIT written by ${ctx.machine.cpus[initiator]?.id ?? 'the loader'}`);
      },
      reset() {},
      // Nothing to save: EXIT acts at once.
      save: () => ({}),
      restore: () => {},
    };
  },
};

export default simControl;
