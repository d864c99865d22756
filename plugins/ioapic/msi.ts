/**
 * The MSI address/data format of Intel SDM vol. 3 §11.11, which `msi` interrupt messages carry
 * (IOAPIC redirections, IPIs, PCI MSI).
 * @module
 */

/** Address: 0xFEE00000 | destination ID (19:12) | redirection hint (3) | destination mode (2, 1 = logical). */
export const MSI_ADDRESS_BASE = 0xfee00000;

/** Delivery modes (data bits 10:8; also the IOAPIC's and the ICR's). */
export const enum DeliveryMode {
  Fixed = 0,
  LowestPriority = 1,
  Smi = 2,
  Nmi = 4,
  Init = 5,
  StartUp = 6,
  ExtInt = 7,
}

export function msiAddress(destination: number, logical: boolean): number {
  return (MSI_ADDRESS_BASE | ((destination & 0xff) << 12) | (logical ? 1 << 2 : 0)) >>> 0;
}

/**
 * Data: vector (7:0), delivery mode (10:8), level (14: 1 = assert; edge-triggered messages
 * ignore it), trigger mode (15, 1 = level). An INIT with level trigger and level 0 is the INIT
 * level de-assert IPI.
 */
export function msiData(vector: number, mode: DeliveryMode, levelTriggered: boolean, assert: boolean): number {
  return (vector & 0xff) | (mode << 8) | (assert ? 1 << 14 : 0) | (levelTriggered ? 1 << 15 : 0);
}
