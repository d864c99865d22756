/**
 * GRLIB plug&play record encoding (GRLIB IP Library User's Manual, "AMBA plug&play"), the
 * layout QEMU's grlib_ahb_apb_pnp produces.
 */

/** Bar types. */
export const BAR_TYPE = { apbio: 1, ahbmem: 2, ahbio: 3 } as const;
export type BarTypeName = keyof typeof BAR_TYPE;

/** AHB table: masters from 0x000, slaves from 0x800, 32 bytes (8 words) each. */
export const AHB_SLAVE_OFFSET = 0x800;
export const AHB_ENTRY_BYTES = 0x20;
export const AHB_MAX_ENTRIES = 64;
/** APB table: 8 bytes (2 words) per slave, up to 512 in the 4 KiB window. */
export const APB_ENTRY_BYTES = 0x08;
export const APB_MAX_ENTRIES = 512;
export const TABLE_BYTES = 0x1000;

/** Identification word: vendor 31:24, device 23:12, version 9:5, irq 4:0. */
export function identWord(vendor: number, device: number, version: number, irq: number): number {
  return (((vendor & 0xff) << 24) | ((device & 0xfff) << 12) | ((version & 0x1f) << 5) | (irq & 0x1f)) >>> 0;
}

/**
 * AHB bank address register: address 31:20, prefetchable 17, cacheable 16, mask 15:4, type 3:0.
 * For AHB I/O bars the address field holds bits 19:8 of the I/O address.
 */
export function ahbBarWord(address: number, mask: number, type: number, prefetchable: boolean, cacheable: boolean): number {
  const field = type === BAR_TYPE.ahbio ? (address >>> 8) & 0xfff : (address >>> 20) & 0xfff;
  return ((field << 20) | (prefetchable ? 1 << 17 : 0) | (cacheable ? 1 << 16 : 0) | ((mask & 0xfff) << 4) | (type & 0xf)) >>> 0;
}

/** APB bank address register: address bits 19:8 in 31:20, mask 15:4, type 3:0. */
export function apbBarWord(address: number, mask: number, type: number): number {
  return ((((address >>> 8) & 0xfff) << 20) | ((mask & 0xfff) << 4) | (type & 0xf)) >>> 0;
}
