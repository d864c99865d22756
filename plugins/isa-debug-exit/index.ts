import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';

/** Options of `isa-debug-exit` (see docs/devices.md). */
export interface IsaDebugExitOptions {
  /** `machine` (default): end the run. `cpu`: power off one CPU and let the others run on. */
  readonly stops?: 'machine' | 'cpu';
  /** The CPU to power off when `stops: cpu`. */
  readonly cpu?: string;
}

/**
 * QEMU's isa-debug-exit: a write of v to any of its ports ends the run with status
 * `(v << 1) | 1`, so a guest can never report plain success (0) by accident. The value has the
 * access's width (QEMU accepts 1, 2 and 4 bytes); the shell sees the low 8 bits of the status.
 * Reads return 0.
 *
 * On a heterogeneous board the same port can instead stop only one CPU (`stops: cpu`), which is
 * how an x86 guest finishes while the other cores go on.
 */
const plugin: DevicePlugin<IsaDebugExitOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'isa-debug-exit',
  description: "QEMU's isa-debug-exit: a write of v ends the run with status (v << 1) | 1, or powers off one CPU",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      stops: { enum: ['machine', 'cpu'], description: 'machine (default): end the run; cpu: power off the CPU named by `cpu`' },
      cpu: { type: 'string', minLength: 1, description: 'id of the CPU to power off (with stops: cpu)' },
    },
    if: { properties: { stops: { const: 'cpu' } }, required: ['stops'] },
    then: { required: ['cpu'] },
  },
  defaultSize: 4,
  create(ctx) {
    const { stops = 'machine', cpu } = ctx.options;
    if (stops === 'machine' && cpu !== undefined) throw new Error(`option "cpu" (${cpu}) only applies with stops: cpu`);
    const initiatorName = (i: number) => ctx.machine.cpus[i]?.id ?? 'the loader';
    return {
      ioRead: () => 0,
      ioWrite(_offset, size, value, initiator) {
        const v = size === 4 ? value >>> 0 : value & (size === 2 ? 0xffff : 0xff);
        const status = v * 2 + 1;
        if (stops === 'machine') {
          ctx.machine.exit(status, `${ctx.id} written with ${v} by ${initiatorName(initiator)}`);
          return;
        }
        const target = ctx.machine.cpu(cpu!);
        if (!target) {
          ctx.log.warn(`no CPU "${cpu}" to power off (options.cpu); ending the run instead`);
          ctx.machine.exit(status, `${ctx.id} written with ${v} by ${initiatorName(initiator)}`);
          return;
        }
        ctx.log.info(`${cpu} powered off by ${initiatorName(initiator)} with status ${status}`);
        target.powerOff();
      },
      reset() {
        // The CPU list is complete by the time the machine resets; name a bad id before the run.
        if (stops === 'cpu' && !ctx.machine.cpu(cpu!)) {
          ctx.log.warn(`options.cpu names no CPU "${cpu}" (CPUs: ${ctx.machine.cpus.map((c) => c.id).join(', ')}); a write will end the run instead`);
        }
      },
    };
  },
};

export default plugin;
