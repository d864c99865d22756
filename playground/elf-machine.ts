/** The ELF e_machine of a file, or undefined when it is no ELF: enough to offer it to the right CPUs. */
export function elfMachine(bytes: Uint8Array): number | undefined {
  if (bytes.length < 20 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return undefined;
  const littleEndian = bytes[5] === 1;
  return littleEndian ? bytes[18] | (bytes[19] << 8) : (bytes[18] << 8) | bytes[19];
}
