import type { Cpu } from '../../src/api/index.js';
import type { A64Cpu } from './cpu.js';

/**
 * PSCI through HVC #0 at EL1, as QEMU's virt machine provides it without EL2/EL3 firmware.
 * Measured on QEMU 7.2 (`spec/fixtures/aarch64/probe.S`): version 1.1, and every HVC is taken as
 * a PSCI call: unknown function IDs return NOT_SUPPORTED rather than raising UNDEFINED.
 */
export const PSCI_VERSION_1_1 = 0x00010001;

const SUCCESS = 0;
const NOT_SUPPORTED = -1;
const INVALID_PARAMETERS = -2;
const ALREADY_ON = -4;

const FN_VERSION = 0x84000000;
const FN_CPU_SUSPEND = 0x84000001;
const FN_CPU_OFF = 0x84000002;
const FN_CPU_ON = 0x84000003;
const FN_AFFINITY_INFO = 0x84000004;
const FN_MIGRATE = 0x84000005;
const FN_MIGRATE_INFO_TYPE = 0x84000006;
const FN_SYSTEM_OFF = 0x84000008;
const FN_SYSTEM_RESET = 0x84000009;
const FN_FEATURES = 0x8400000a;
/** SMC64/HVC64 variants: bit 30 set. */
const FN64 = 0x40000000;

/** Functions that PSCI_FEATURES reports (the 64-bit variants where they exist). */
const SUPPORTED = new Set<number>(
  [
    FN_VERSION,
    FN_CPU_SUSPEND,
    FN_CPU_SUSPEND | FN64,
    FN_CPU_OFF,
    FN_CPU_ON,
    FN_CPU_ON | FN64,
    FN_AFFINITY_INFO,
    FN_AFFINITY_INFO | FN64,
    FN_MIGRATE_INFO_TYPE,
    FN_SYSTEM_OFF,
    FN_SYSTEM_RESET,
    FN_FEATURES,
  ].map((f) => f >>> 0),
);

/** The core with MPIDR affinity `mpidr` (Aff0 = index on this board). */
function findCpu(c: A64Cpu, mpidrLo: number): Cpu | undefined {
  const aff = mpidrLo & 0xffffff;
  const target = c.machine.cpus.find((cpu) => cpu.index === aff);
  return target && target.arch === 'aarch64' ? target : undefined;
}

function ret(c: A64Cpu, value: number): void {
  c.x[0] = value;
  c.x[1] = value < 0 ? -1 : 0;
}

/** Perform the PSCI call in X0..X3. The PC is advanced by the caller. */
export function psciCall(c: A64Cpu): void {
  const fn = c.x[0] >>> 0;
  const x1 = c.x[2];
  const is64 = (fn & FN64) !== 0;
  // 32-bit calling convention uses W registers for arguments.
  const arg = (n: number): number => (is64 ? (c.x[2 * n + 1] >>> 0) * 4294967296 + (c.x[2 * n] >>> 0) : c.x[2 * n] >>> 0);
  switch ((fn & ~FN64) >>> 0) {
    case FN_VERSION:
      if (is64) return ret(c, NOT_SUPPORTED);
      return ret(c, PSCI_VERSION_1_1);
    case FN_CPU_ON: {
      const target = findCpu(c, x1);
      if (!target) return ret(c, INVALID_PARAMETERS);
      if (target.state !== 'stopped') return ret(c, ALREADY_ON);
      target.powerOn(arg(2), arg(3));
      return ret(c, SUCCESS);
    }
    case FN_CPU_OFF:
      if (is64) return ret(c, NOT_SUPPORTED);
      c.powerOff();
      return;
    case FN_AFFINITY_INFO: {
      if (arg(2) !== 0) return ret(c, INVALID_PARAMETERS);
      const target = findCpu(c, x1);
      if (!target) return ret(c, INVALID_PARAMETERS);
      return ret(c, target.state === 'stopped' ? 1 : 0);
    }
    case FN_CPU_SUSPEND:
      // Standby: behaves as WFI and returns success, as QEMU does.
      ret(c, SUCCESS);
      c.waitForInterrupt();
      return;
    case FN_MIGRATE_INFO_TYPE:
      if (is64) return ret(c, NOT_SUPPORTED);
      return ret(c, 2); // Trusted OS not present
    case FN_SYSTEM_OFF:
      if (is64) return ret(c, NOT_SUPPORTED);
      c.machine.exit(0, 'PSCI SYSTEM_OFF');
      c.powerOff();
      return;
    case FN_SYSTEM_RESET:
      if (is64) return ret(c, NOT_SUPPORTED);
      // QEMU reboots the machine; a run here ends instead (documented difference).
      c.machine.exit(0, 'PSCI SYSTEM_RESET');
      c.powerOff();
      return;
    case FN_FEATURES:
      if (is64) return ret(c, NOT_SUPPORTED);
      return ret(c, SUPPORTED.has(x1 >>> 0) ? SUCCESS : NOT_SUPPORTED);
    case FN_MIGRATE:
    default:
      return ret(c, NOT_SUPPORTED);
  }
}
