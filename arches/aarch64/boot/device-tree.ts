import type { ArchDeviceTreeContext, DtCell, DtContribution, DtValue } from '../../../src/api/index.js';
import { dtRef } from '../../../src/api/index.js';

/**
 * PSCI function IDs the tree announces (PSCI 0.2 style, SMC64 where there is one), the ones
 * `psci.ts` serves through HVC. The `psci` node matches QEMU 7.2's virt.
 */
const PSCI = { cpuSuspend: 0xc4000001, cpuOff: 0x84000002, cpuOn: 0xc4000003, migrate: 0xc4000005 } as const;

/** Generic-timer PPIs by position in the binding: secure EL1, non-secure EL1, virtual, hypervisor. */
const SBSA_TIMER_PPI = { secure: 13, hypervisor: 10 } as const;

/**
 * aarch64's part of a device tree: `/cpus` (one `cpu@N` per core, reg = MPIDR Aff0 = board
 * index, started through PSCI when there are several), the `psci` node (conduit HVC, as the core serves PSCI at EL1),
 * and the generic timer with its PPIs resolved through the interrupt controller the board wires
 * `cntp`/`cntv` to.
 */
export function aarch64DeviceTree(ctx: ArchDeviceTreeContext): DtContribution[] {
  const out: DtContribution[] = [
    {
      node: {
        name: 'psci',
        properties: {
          compatible: ['arm,psci-1.0', 'arm,psci-0.2', 'arm,psci'],
          method: 'hvc',
          cpu_suspend: [PSCI.cpuSuspend],
          cpu_off: [PSCI.cpuOff],
          cpu_on: [PSCI.cpuOn],
          migrate: [PSCI.migrate],
        },
      },
    },
    {
      node: {
        name: 'cpus',
        properties: { '#address-cells': [1], '#size-cells': [0] },
        children: ctx.cpus.map((c) => ({
          name: `cpu@${c.index.toString(16)}`,
          label: c.id,
          // Like QEMU, only a multi-core board names PSCI as the way to start cores.
          properties: { device_type: 'cpu', compatible: `arm,${c.model}`, reg: [c.index], ...(ctx.cpus.length > 1 && { 'enable-method': 'psci' }) },
        })),
      },
    },
  ];
  const timer = timerInterrupts(ctx);
  out.push({
    node: {
      name: 'timer',
      properties: { compatible: ['arm,armv8-timer', 'arm,armv7-timer'], ...timer, 'always-on': true },
    },
  });
  return out;
}

/**
 * The timer binding lists four PPIs by position. The core has the non-secure physical and the
 * virtual timers (`cntp`, `cntv`); the secure and hypervisor slots are filled with the SBSA
 * numbers on the same controller, as firmware describes them, so the positions Linux reads stay
 * right. That takes a GIC-style specifier (`<1 ppi flags>`); with another encoding only the two
 * real timers are listed.
 */
function timerInterrupts(ctx: ArchDeviceTreeContext): Record<string, DtValue> {
  const cpu = ctx.cpus[0];
  if (!cpu) return {};
  const phys = ctx.resolve(cpu.id, 'cntp', 'interrupts', { trigger: 'level-high' });
  const virt = ctx.resolve(cpu.id, 'cntv', 'interrupts', { trigger: 'level-high' });
  if (!phys || !virt) return {};
  const parent: Record<string, DtValue> = phys.controller === ctx.interruptParent ? {} : { 'interrupt-parent': [dtRef(phys.controller)] };
  const gicLike = phys.cells.length === 3 && phys.cells[0] === 1 && phys.controller === virt.controller;
  if (!gicLike) return { ...parent, interrupts: [...phys.cells, ...virt.cells] };
  const ppi = (n: number): DtCell[] => [1, n, phys.cells[2]];
  return { ...parent, interrupts: [...ppi(SBSA_TIMER_PPI.secure), ...phys.cells, ...virt.cells, ...ppi(SBSA_TIMER_PPI.hypervisor)] };
}
