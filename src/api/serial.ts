/** The host end of a guest serial port. The CLI routes it to stdout or a file. */
export interface SerialPort {
  /** The guest transmitted a byte. */
  transmit(byte: number): void;
  /** Bytes from the host to the guest (stdin); the device decides what to do with them. */
  onReceive(handler: (byte: number) => void): void;
}
