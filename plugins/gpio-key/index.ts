import { PLUGIN_API_VERSION, type DevicePlugin, type TimerHandle } from '../../src/api/index.js';

export interface GpioKeyOptions {
  /** Linux input event code (linux,code); default KEY_POWER (0x74). */
  code?: number;
  /** Key label in the device tree. */
  label?: string;
  /** The host request that presses it; default `power-button`. */
  hostEvent?: string;
  /** How long a press holds the line high, in virtual microseconds; default 100 ms, as QEMU's gpio-key. */
  holdMicroseconds?: number;
}

const KEY_POWER = 0x74;

/**
 * A push button on a GPIO line (QEMU's `gpio-key`): when the host asks (the first Ctrl-C or
 * SIGTERM of `chimera run` sends `power-button`), output `key` goes high for 100 ms of virtual
 * time, then low. In a device tree it adds `/gpio-keys/<id>` with the GPIO its `key` is wired
 * to, so Linux's gpio-keys driver reports the key (KEY_POWER: a shutdown request to whatever
 * listens, e.g. systemd-logind).
 */
const plugin: DevicePlugin<GpioKeyOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'gpio-key',
  description: 'a push button on a GPIO line, pressed by the host (the power button of QEMU virt)',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      code: { type: 'integer', minimum: 0, maximum: 0x2ff, description: 'Linux input event code (default KEY_POWER, 0x74)' },
      label: { type: 'string', description: 'label in the device tree (default "GPIO Key Poweroff")' },
      hostEvent: { type: 'string', minLength: 1, description: 'host request that presses it (default power-button)' },
      holdMicroseconds: { type: 'integer', minimum: 1, description: 'how long a press lasts in virtual time (default 100000)' },
    },
  },
  create(ctx) {
    const key = ctx.output('key');
    const hold = (ctx.options.holdMicroseconds ?? 100_000) * 1e6;
    let release: TimerHandle | undefined;
    ctx.onHostEvent(ctx.options.hostEvent ?? 'power-button', () => {
      ctx.log.info('pressed');
      key.raise();
      ctx.scheduler.cancel(release);
      release = ctx.scheduler.after(hold, () => key.lower(), `${ctx.id} release`);
    });
    return {
      /** A press in progress: when the key is released. */
      save: () => ({ release: release && !release.cancelled ? release.time : null }),
      restore(state) {
        ctx.scheduler.cancel(release);
        release = typeof state.release === 'number' ? ctx.scheduler.at(state.release, () => key.lower(), `${ctx.id} release`) : undefined;
      },
      reset() {
        ctx.scheduler.cancel(release);
        release = undefined;
        key.lower();
      },
    };
  },
  deviceTree: {
    nodes(ctx) {
      const gpio = ctx.resolve('key', 'gpios', { activeLow: false });
      if (!gpio) return [];
      return [
        {
          node: {
            name: 'gpio-keys',
            properties: { compatible: 'gpio-keys' },
            children: [
              {
                name: ctx.id,
                properties: {
                  gpios: [{ ref: gpio.controller }, ...gpio.cells],
                  'linux,code': [ctx.options.code ?? KEY_POWER],
                  label: ctx.options.label ?? 'GPIO Key Poweroff',
                },
              },
            ],
          },
        },
      ];
    },
  },
};

export default plugin;
