import { PLUGIN_API_VERSION, type DeviceContext, type DevicePlugin } from '../../src/api/index.js';
import type { VirtioBackend } from './backend.js';
import { BlockBackend } from './block-backend.js';
import { ConsoleBackend } from './console-backend.js';
import { DiskImage } from './disk-image.js';
import { RngBackend } from './rng-backend.js';
import { VirtioMmioTransport } from './transport.js';

export interface VirtioMmioOptions {
  /** The device behind the transport; `none` (default) is an empty slot. */
  backend?: 'none' | 'block' | 'console' | 'rng';
  /** False leaves the slot empty whatever `backend` says (for board parameters). Default true. */
  present?: boolean;
  /** block: the raw image file, relative to the board file; empty means no disk (an empty slot). */
  image?: string;
  /** block: let the guest write (kept only after a clean run). Default false: read-only. */
  writable?: boolean;
  /** block: the serial number GET_ID returns (default the device id). */
  serial?: string;
  /** rng: seed of the deterministic generator. Default 0. */
  seed?: number;
}

function backendFor(ctx: DeviceContext<VirtioMmioOptions>): VirtioBackend | undefined {
  const o = ctx.options;
  if (o.present === false) return undefined;
  switch (o.backend ?? 'none') {
    case 'block': {
      if (!o.image) return undefined;
      const image = o.image;
      const open = (writable: boolean) => ctx.openFile(image, writable);
      return new BlockBackend(new DiskImage(open, o.writable === true), o.serial ?? ctx.id);
    }
    case 'console':
      return new ConsoleBackend(ctx.serial(), (m) => ctx.log.warn(m));
    case 'rng':
      return new RngBackend(o.seed ?? 0);
    default:
      return undefined;
  }
}

/**
 * One virtio-mmio transport (version 2) as on QEMU virt, where 32 of them sit at 0x0a000000,
 * 0x200 apart, on SPIs 16–47. Output `irq`. Back-ends: virtio-blk on a raw image (read-only
 * unless `writable`), virtio-console (the device's serial port, so `--serial <id>=stdio`), and a
 * seeded virtio-rng. An empty slot reads as device ID 0, never a bus error.
 */
const plugin: DevicePlugin<VirtioMmioOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'virtio-mmio',
  description: 'virtio-mmio transport (v2) with a block, console or rng device, or empty (QEMU virt: 32 at 0x0a000000)',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      backend: { enum: ['none', 'block', 'console', 'rng'], description: 'the device behind the transport (default none: an empty slot)' },
      present: { type: 'boolean', description: 'false leaves the slot empty (default true)' },
      image: { type: 'string', description: 'block: raw disk image, relative to the board file; empty: no disk' },
      writable: { type: 'boolean', description: 'block: accept writes, written back after a clean run only (default false)' },
      serial: { type: 'string', maxLength: 20, description: 'block: the ID string the guest reads (default the device id)' },
      seed: { type: 'integer', minimum: 0, maximum: 0xffffffff, description: 'rng: generator seed (default 0)' },
    },
  },
  defaultSize: 0x200,
  create: (ctx) => new VirtioMmioTransport(ctx, backendFor(ctx)),
  deviceTree: {
    // Every transport is described, empty or not, as QEMU does: the driver skips device ID 0.
    nodes: (ctx) =>
      ctx.base === undefined
        ? []
        : [
            {
              node: {
                name: ctx.unitName('virtio_mmio'),
                properties: {
                  'dma-coherent': true,
                  ...ctx.interrupts(['irq', 'edge-rising']),
                  reg: ctx.reg([ctx.base, ctx.size ?? 0x200]),
                  compatible: 'virtio,mmio',
                },
              },
              ...(ctx.options.backend === 'console' && ctx.options.present !== false && { console: true }),
            },
          ],
  },
};

export default plugin;
