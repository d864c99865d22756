import { BAR_TYPE, type BarTypeName } from './pnp-encoding.js';

/** One bank address register of an AHB record. */
export interface AhbBar {
  address: number;
  /** 12-bit mask: which address bits 31:20 (I/O: 19:8) decode; 0xFFF = a 1 MiB (I/O: 256 B) area. */
  mask: number;
  /** 1 = APB I/O, 2 = AHB memory, 3 = AHB I/O (0 = none, as QEMU writes for the CPU). */
  type: number | BarTypeName;
  prefetchable?: boolean;
  cacheable?: boolean;
}

/** An AHB master or slave record. */
export interface AhbEntry {
  /** Default 0x01 (Gaisler). */
  vendor?: number;
  device: number;
  version?: number;
  irq?: number;
  /** Repeat the record, e.g. one LEON3 master per CPU (`count: ${cpus}`). */
  count?: number;
  /** The three user-defined words. */
  user?: number[];
  bars?: AhbBar[];
}

/** An APB slave record. */
export interface ApbEntry {
  vendor?: number;
  device: number;
  version?: number;
  irq?: number;
  address: number;
  /** Default 0xFFF (a 256-byte register window). */
  mask?: number;
  /** Default 1 (APB I/O). */
  type?: number | BarTypeName;
}

export type AmbaPnpOptions =
  | { table: 'ahb'; masters?: AhbEntry[]; slaves?: AhbEntry[] }
  | { table: 'apb'; entries?: ApbEntry[] };

export function barType(t: number | BarTypeName | undefined, fallback: number): number {
  if (t === undefined) return fallback;
  return typeof t === 'number' ? t : BAR_TYPE[t];
}

const byte = { type: 'integer', minimum: 0, maximum: 0xff };
const common = {
  vendor: { ...byte, description: 'vendor id (default 1, Gaisler)' },
  device: { type: 'integer', minimum: 0, maximum: 0xfff, description: 'device id, e.g. 0x003 LEON3, 0x00C APBUART' },
  version: { type: 'integer', minimum: 0, maximum: 31 },
  irq: { type: 'integer', minimum: 0, maximum: 31 },
};
const typeSchema = { anyOf: [{ type: 'integer', minimum: 0, maximum: 15 }, { enum: Object.keys(BAR_TYPE) }] };
const address = { type: 'integer', minimum: 0, maximum: 0xffffffff };

const ahbEntry = {
  type: 'object',
  required: ['device'],
  properties: {
    ...common,
    count: { type: 'integer', minimum: 1 },
    user: { type: 'array', items: { ...address }, maxItems: 3 },
    bars: {
      type: 'array',
      maxItems: 4,
      items: {
        type: 'object',
        required: ['address', 'mask', 'type'],
        properties: {
          address,
          mask: { type: 'integer', minimum: 0, maximum: 0xfff },
          type: typeSchema,
          prefetchable: { type: 'boolean' },
          cacheable: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

const apbEntry = {
  type: 'object',
  required: ['device', 'address'],
  properties: { ...common, address, mask: { type: 'integer', minimum: 0, maximum: 0xfff }, type: typeSchema },
  additionalProperties: false,
};

/**
 * JSON Schema: an AHB table (masters, slaves) or an APB table (entries). One object schema plus
 * an if/then rule, rather than oneOf, so that a mistake is reported once, at its own path.
 */
export const optionsSchema = {
  type: 'object',
  required: ['table'],
  properties: {
    table: { enum: ['ahb', 'apb'], description: 'ahb: AHB masters and slaves (0xFFFFF000); apb: APB slaves (0x800FF000)' },
    masters: { type: 'array', items: ahbEntry },
    slaves: { type: 'array', items: ahbEntry },
    entries: { type: 'array', items: apbEntry },
  },
  additionalProperties: false,
  if: { properties: { table: { const: 'apb' } } },
  then: { properties: { masters: { not: {}, description: 'only for table: ahb' }, slaves: { not: {} } } },
  else: { properties: { entries: { not: {}, description: 'only for table: apb' } } },
};
