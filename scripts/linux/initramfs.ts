import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cpioArchive, type CpioEntry } from './cpio.js';
import type { DebianLinux } from './debian.js';

/** The marker /init prints first: the boot is timed to its arrival on the console. */
export const INIT_MARKER = 'CHIMERA-INIT:';
/** Printed when /init has done its checks, just before it powers off. */
export const DONE_MARKER = 'CHIMERA-DONE';

/** Modules for the virt devices Debian builds as modules, in load order. */
const MODULES = [
  'kernel/drivers/virtio/virtio_mmio.ko',
  'kernel/drivers/block/virtio_blk.ko',
  'kernel/drivers/char/virtio_console.ko',
  'kernel/drivers/char/hw_random/virtio-rng.ko',
  'kernel/drivers/input/evdev.ko',
  'kernel/drivers/input/keyboard/gpio_keys.ko',
];

/**
 * /init: mount the pseudo file systems, print the marker with the CPU count, load the virtio and
 * gpio-keys modules, report what the devices give (first bytes of /dev/vda, a few bytes of
 * /dev/hwrng, a line on hvc0), then power off. With `wait-for-power-key` on the command line it
 * waits for the power button (one input event) and powers off then: a clean shutdown request.
 * With `interactive-shell` it starts a shell on the console instead of powering off.
 */
const INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "${INIT_MARKER} /init runs on $(grep -c ^processor /proc/cpuinfo) CPU(s)"
for m in ${MODULES.map((m) => `/lib/modules/${m.split('/').pop()}`).join(' ')}; do insmod $m 2>/dev/null; done
sleep 0.2
[ -b /dev/vda ] && echo "CHIMERA-DISK: $(head -c 36 /dev/vda)"
[ -c /dev/hwrng ] && echo "CHIMERA-RNG: $(head -c 8 /dev/hwrng | od -An -tx1 | tr -d ' ')"
[ -c /dev/hvc0 ] && echo "hello from hvc0" > /dev/hvc0 && echo "CHIMERA-HVC: written"
if grep -q wait-for-power-key /proc/cmdline; then
  echo "CHIMERA-WAITING: press the power button"
  dd if=/dev/input/event0 bs=24 count=1 of=/dev/null 2>/dev/null
  echo "CHIMERA-POWER-KEY: pressed, shutting down"
fi
echo "${DONE_MARKER}"
if grep -q interactive-shell /proc/cmdline; then
  echo "CHIMERA-SHELL: ready"
  exec setsid cttyhack sh
fi
poweroff -f
`;

/** Build (once) the gzip-compressed cpio initramfs and return its path. */
export function buildInitramfs(linux: DebianLinux, outDir: string): string {
  const out = join(outDir, `initramfs-${linux.release}.cpio.gz`);
  const entries: CpioEntry[] = [
    ...['bin', 'dev', 'proc', 'sys', 'lib', 'lib/modules'].map((path): CpioEntry => ({ path, kind: 'dir', mode: 0o755 })),
    // The kernel opens /dev/console for /init before anything is mounted.
    { path: 'dev/console', kind: 'char', mode: 0o600, device: { major: 5, minor: 1 } },
    { path: 'bin/busybox', kind: 'file', mode: 0o755, data: readFileSync(linux.busybox) },
    { path: 'init', kind: 'file', mode: 0o755, data: INIT },
  ];
  for (const m of MODULES) {
    const file = join(linux.modules, m);
    if (existsSync(file)) entries.push({ path: `lib/modules/${m.split('/').pop()}`, kind: 'file', mode: 0o644, data: readFileSync(file) });
  }
  // Write beside and rename, so a boot reading the previous image never sees half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, gzipSync(cpioArchive(entries), { level: 9 }));
  renameSync(tmp, out);
  return out;
}
