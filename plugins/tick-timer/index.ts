import { PLUGIN_API_VERSION, type DevicePlugin, type TimerHandle } from '../../src/api/index.js';

/** Register offsets of the tick timer. */
export const TICK_TIMER = {
  /** Period in ticks of the timer clock. */
  LOAD: 0x00,
  /** bit 0: run; bit 1: interrupt enable. */
  CTRL: 0x04,
  /** bit 0: expired since last cleared; write 1 to clear. */
  STATUS: 0x08,
  /** Number of expiries since reset (read only). */
  COUNT: 0x0c,
} as const;

interface TickTimerOptions {
  /** Timer clock in Hz. */
  frequency: number;
}

/**
 * A periodic timer: the example of docs/writing-a-device-plugin.md. It raises `irq` every LOAD
 * ticks while enabled, with one scheduler event per expiry (never one per tick).
 */
const tickTimer: DevicePlugin<TickTimerOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'tick-timer',
  description: 'periodic timer with a level interrupt (the plugin-guide example)',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { frequency: { type: 'number', exclusiveMinimum: 0, default: 1000000 } },
  },
  defaultSize: 0x10,
  create(ctx) {
    const periodPs = 1e12 / (ctx.options.frequency ?? 1_000_000);
    const irq = ctx.output('irq');
    let load = 0;
    let ctrl = 0;
    let status = 0;
    let count = 0;
    let pending: TimerHandle | undefined;

    const updateIrq = (): void => irq.set(status & 1 && ctrl & 2 ? 1 : 0);
    const schedule = (): void => {
      ctx.scheduler.cancel(pending);
      pending = undefined;
      if (ctrl & 1 && load > 0) pending = ctx.scheduler.after(Math.round(load * periodPs), expire, `${ctx.id} expiry`);
    };
    const expire = (): void => {
      count = (count + 1) >>> 0;
      status |= 1;
      updateIrq();
      schedule();
    };

    return {
      read(offset) {
        switch (offset) {
          case TICK_TIMER.LOAD: return load;
          case TICK_TIMER.CTRL: return ctrl;
          case TICK_TIMER.STATUS: return status;
          case TICK_TIMER.COUNT: return count;
          default:
            ctx.log.warn(`read of unknown register +0x${offset.toString(16)}`);
            return 0;
        }
      },
      write(offset, _size, value) {
        switch (offset) {
          case TICK_TIMER.LOAD: load = value; schedule(); break;
          case TICK_TIMER.CTRL: ctrl = value & 3; schedule(); updateIrq(); break;
          case TICK_TIMER.STATUS: status &= ~value; updateIrq(); break;
          default: ctx.log.warn(`write of unknown register +0x${offset.toString(16)}`);
        }
      },
      reset() {
        ctx.scheduler.cancel(pending);
        pending = undefined;
        load = ctrl = status = count = 0;
        irq.lower();
      },
    };
  },
};

export default tickTimer;
