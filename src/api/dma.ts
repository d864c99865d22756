/**
 * A device's view of guest memory as a bus master (virtio queues, DMA). Addresses come from the
 * guest and are never trusted: an access that is not wholly inside RAM (or ROM, for reads)
 * returns false and touches nothing, so a hostile descriptor cannot crash the host. Bytes are
 * copied as they are; the device decides their byte order (virtio is little-endian).
 */
export interface DmaView {
  /** Copy `into.length` bytes from `address`. False when any of them is not RAM or ROM. */
  read(address: number, into: Uint8Array): boolean;
  /** Copy `data` to `address`. False, and nothing written, when any byte is not writable RAM. */
  write(address: number, data: Uint8Array): boolean;
  /** Whether [address, address+length) is all RAM (writable) or, with `writable` false, RAM or ROM. */
  isMemory(address: number, length: number, writable: boolean): boolean;
}
