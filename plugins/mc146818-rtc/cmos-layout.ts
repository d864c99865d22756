/** What the PC's firmware-facing CMOS bytes describe. */
export interface CmosMachine {
  /** RAM in bytes. */
  readonly memory: number;
  readonly cpus: number;
  /** Century of the clock at power-on, for the IBM PS/2 century byte. */
  readonly century: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
/** QEMU's pc keeps RAM below 0xE0000000 and puts the rest above 4 GiB. */
const LOW_RAM_LIMIT = 0xe0000000;

/**
 * The CMOS bytes QEMU 7.2's pc machine fills (pc_cmos_init), as a guest reads them after
 * SeaBIOS (checked with a probe guest for 128 MiB): floppy and equipment bytes for QEMU's
 * default 2.88 MB drive A, an FPU and a PS/2 mouse; base, extended and high memory sizes; boot
 * order c, a, d; the CPU count.
 */
export function pcCmosBytes(m: CmosMachine): Map<number, number> {
  const below4g = Math.min(m.memory, LOW_RAM_LIMIT);
  const above4g = m.memory - below4g;
  const base = Math.min(Math.floor(below4g / KiB), 640);
  const extended = Math.min(below4g > MiB ? Math.floor((below4g - MiB) / KiB) : 0, 0xffff);
  const high = Math.min(below4g > 16 * MiB ? Math.floor((below4g - 16 * MiB) / (64 * KiB)) : 0, 0xffff);
  const above = Math.floor(above4g / (64 * KiB));
  const bcdCentury = ((Math.floor(m.century / 10) % 10) << 4) | m.century % 10;
  return new Map([
    [0x10, 0x50], // floppy drive types: A = 2.88 MB, B = none
    [0x14, 0x07], // equipment: one floppy, FPU, PS/2 mouse, VGA
    [0x15, base & 0xff],
    [0x16, base >> 8],
    [0x17, extended & 0xff],
    [0x18, extended >> 8],
    [0x30, extended & 0xff],
    [0x31, extended >> 8],
    [0x34, high & 0xff],
    [0x35, high >> 8],
    [0x37, bcdCentury], // IBM PS/2 century byte (the live century is 0x32)
    [0x38, 0x30], // third boot device: CD-ROM; floppy boot signature check on
    [0x3d, 0x12], // first and second boot devices: hard disk, floppy
    [0x5b, above & 0xff],
    [0x5c, (above >> 8) & 0xff],
    [0x5d, (above >> 16) & 0xff],
    [0x5f, Math.max(0, m.cpus - 1)],
  ]);
}
