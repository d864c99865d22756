/** virtio-mmio register offsets, version 2 (Virtual I/O Device spec 1.1, §4.2.2). */
export const enum VirtioMmio {
  MAGIC = 0x000,
  VERSION = 0x004,
  DEVICE_ID = 0x008,
  VENDOR_ID = 0x00c,
  DEVICE_FEATURES = 0x010,
  DEVICE_FEATURES_SEL = 0x014,
  DRIVER_FEATURES = 0x020,
  DRIVER_FEATURES_SEL = 0x024,
  QUEUE_SEL = 0x030,
  QUEUE_NUM_MAX = 0x034,
  QUEUE_NUM = 0x038,
  QUEUE_READY = 0x044,
  QUEUE_NOTIFY = 0x050,
  INTERRUPT_STATUS = 0x060,
  INTERRUPT_ACK = 0x064,
  STATUS = 0x070,
  QUEUE_DESC_LOW = 0x080,
  QUEUE_DESC_HIGH = 0x084,
  QUEUE_DRIVER_LOW = 0x090,
  QUEUE_DRIVER_HIGH = 0x094,
  QUEUE_DEVICE_LOW = 0x0a0,
  QUEUE_DEVICE_HIGH = 0x0a4,
  SHM_SEL = 0x0ac,
  SHM_LEN_LOW = 0x0b0,
  SHM_LEN_HIGH = 0x0b4,
  SHM_BASE_LOW = 0x0b8,
  SHM_BASE_HIGH = 0x0bc,
  QUEUE_RESET = 0x0c0,
  CONFIG_GENERATION = 0x0fc,
  CONFIG = 0x100,
}

/** "virt" read as a little-endian word. */
export const MAGIC_VALUE = 0x74726976;
/** The modern (non-legacy) interface. */
export const MMIO_VERSION = 2;
/** QEMU's vendor ID ("QEMU"), which an empty slot reports too. */
export const VENDOR_QEMU = 0x554d4551;

/** Device status bits (§2.1). */
export const STATUS = { ACKNOWLEDGE: 1, DRIVER: 2, DRIVER_OK: 4, FEATURES_OK: 8, NEEDS_RESET: 64, FAILED: 128 } as const;

/** InterruptStatus bits: a used buffer, a configuration change (also "needs reset"). */
export const INT_VRING = 1;
export const INT_CONFIG = 2;

/** Feature bits common to all devices, as (word, bit) of the 64-bit feature set. */
export const F_INDIRECT_DESC = 28; // word 0
export const F_VERSION_1 = 32 - 32; // word 1, bit 0

/** Device IDs (§5). */
export const DEVICE_ID = { none: 0, block: 2, console: 3, rng: 4 } as const;
