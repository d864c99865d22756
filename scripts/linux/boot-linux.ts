/**
 * Boot Debian 12's arm64 kernel with a busybox initramfs on virt-aarch64, as a new user would,
 * and check that /init runs: its marker line names the number of CPUs, and the run ends with a
 * clean power-off. Not part of `npm test` (it downloads ~60 MB and takes minutes).
 *
 *   npm run linux -- [--cpus 1,2] [--runs N] [--qemu] [--devices] [--power-key] [--json FILE]
 *     --cpus LIST    CPU counts to boot (default 1,2)
 *     --runs N       boots per configuration; times are medians (default 1)
 *     --qemu         also boot under qemu-system-aarch64 and report the time ratio
 *     --devices      add a read-only virtio disk, a virtio console and a virtio-rng; /init reads them
 *     --power-key    /init waits for the power button; the script presses it (SIGINT to chimera)
 *     --type         /init starts a shell; the script types a command at the prompt through the
 *                    console (stdin piped to --serial uart0=stdio) and then `poweroff -f`
 *     --timeout S    wall-clock limit per boot (default 900)
 *     --json FILE    write the figures as JSON
 *
 * The kernel package and busybox come from apt (`apt-get download`) into .cache/linux
 * (or $CHIMERA_CACHE/linux); see scripts/linux/debian.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../../src/util/package-root.js';
import { cacheDir } from './cache.js';
import { fetchDebianLinux, type DebianLinux } from './debian.js';
import { DONE_MARKER, INIT_MARKER, buildInitramfs } from './initramfs.js';

const CHIMERA = join(packageRoot(), 'bin', 'chimera.js');
const DISK_TEXT = 'CHIMERA-VIRTIO-DISK-IMAGE-0123456789';

export interface BootResult {
  readonly emulator: 'chimera' | 'qemu';
  readonly cpus: number;
  /** Wall seconds from start to the /init marker on the console; undefined if it never came. */
  readonly toInit?: number;
  /** CPU seconds (user + system, all threads) the emulator had used by then: robust on a busy host. */
  readonly cpuToInit?: number;
  readonly total: number;
  readonly exitCode: number | null;
  readonly output: string;
  readonly problems: string[];
}

interface BootOptions {
  readonly cpus: number;
  readonly devices: boolean;
  readonly powerKey: boolean;
  readonly type?: boolean;
  readonly timeoutSeconds: number;
}

function diskImage(): string {
  const file = join(cacheDir('linux'), 'disk.img');
  if (!existsSync(file)) {
    const bytes = Buffer.alloc(1 << 20);
    bytes.write(DISK_TEXT, 0, 'latin1');
    writeFileSync(file, bytes);
  }
  return file;
}

function commandFor(emulator: 'chimera' | 'qemu', linux: DebianLinux, initrd: string, o: BootOptions, vconsoleFile: string): [string, string[]] {
  const append = `console=ttyAMA0${o.powerKey ? ' wait-for-power-key' : ''}${o.type ? ' interactive-shell' : ''}`;
  if (emulator === 'chimera') {
    const args = [CHIMERA, 'run', 'virt-aarch64', '--kernel', linux.kernel, '--initrd', initrd, '--append', append, '--set', `cpus=${o.cpus}`, '--max-time', '600s'];
    if (o.type) args.push('--serial', 'uart0=stdio');
    if (o.devices) args.push('--set', `disk=${diskImage()}`, '--set', 'vconsole=true', '--set', 'rng=true', '--serial', `virtcon=file:${vconsoleFile}`);
    return [process.execPath, args];
  }
  const args = ['-M', 'virt', '-cpu', 'cortex-a57', '-m', '128M', '-smp', String(o.cpus), '-display', 'none', '-serial', 'stdio', '-monitor', 'none'];
  args.push('-kernel', linux.kernel, '-initrd', initrd, '-append', append);
  if (o.devices) {
    // Devices in QEMU's slot order: the first -device takes the last transport, as on Chimera's board.
    args.push('-global', 'virtio-mmio.force-legacy=false');
    args.push('-drive', `file=${diskImage()},if=none,format=raw,readonly=on,id=hd`, '-device', 'virtio-blk-device,drive=hd');
    args.push('-device', 'virtio-serial-device', '-device', 'virtconsole,chardev=vc', '-chardev', `file,id=vc,path=${vconsoleFile}`);
    args.push('-device', 'virtio-rng-device');
  }
  return ['qemu-system-aarch64', args];
}

/** One boot: spawn, time the /init marker, press the power key when asked, collect the output. */
export function bootOnce(emulator: 'chimera' | 'qemu', linux: DebianLinux, initrd: string, o: BootOptions): Promise<BootResult> {
  const vconsoleFile = join(cacheDir('linux'), `${emulator}-hvc0.out`);
  const [cmd, args] = commandFor(emulator, linux, initrd, o, vconsoleFile);
  return new Promise((resolve) => {
    const t0 = performance.now();
    let toInit: number | undefined;
    let cpuToInit: number | undefined;
    let out = '';
    let pressed = false;
    const child = spawn(cmd, args, { stdio: [o.type ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutSeconds * 1000);
    let typed = 0;
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString('latin1');
      if (toInit === undefined && out.includes(INIT_MARKER)) {
        toInit = (performance.now() - t0) / 1000;
        cpuToInit = cpuSeconds(child.pid);
      }
      if (o.powerKey && !pressed && out.includes('CHIMERA-WAITING')) {
        pressed = true;
        child.kill('SIGINT'); // chimera: the first SIGINT presses the power button
      }
      // Type at the shell prompt, as a user would: a command whose output proves the shell ran it.
      // Busybox ash ends its prompt with a cursor-position query (ESC [ 6 n) on a terminal.
      if (o.type && typed === 0 && /CHIMERA-SHELL: ready[\s\S]*# (?:\x1b\[6n)?$/.test(out)) {
        typed = 1;
        child.stdin!.write('echo typed-$((6*7)) && ls /\r');
      } else if (o.type && typed === 1 && /typed-42[\s\S]*# (?:\x1b\[6n)?$/.test(out)) {
        typed = 2;
        child.stdin!.write('poweroff -f\r');
      }
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString('latin1')));
    child.on('close', (code) => {
      clearTimeout(timer);
      const total = (performance.now() - t0) / 1000;
      const problems: string[] = [];
      const marker = new RegExp(`${INIT_MARKER} /init runs on (\\d+) CPU`).exec(out);
      if (!marker) problems.push('/init never printed its marker');
      else if (Number(marker[1]) !== o.cpus) problems.push(`/init saw ${marker[1]} CPU(s), expected ${o.cpus}`);
      if (!out.includes(DONE_MARKER)) problems.push('/init did not finish');
      if (code !== 0) problems.push(`exit status ${code}`);
      if (o.devices) {
        if (!out.includes(`CHIMERA-DISK: ${DISK_TEXT}`)) problems.push('virtio-blk: /dev/vda did not read back the image');
        if (!/CHIMERA-RNG: [0-9a-f]{16}/.test(out)) problems.push('virtio-rng: no bytes from /dev/hwrng');
        if (!out.includes('CHIMERA-HVC: written') || !existsSync(vconsoleFile) || !readFileSync(vconsoleFile, 'latin1').includes('hello from hvc0')) {
          problems.push('virtio-console: hvc0 output did not arrive');
        }
      }
      if (o.powerKey && emulator === 'chimera' && !out.includes('CHIMERA-POWER-KEY')) problems.push('the power button did not reach /init');
      if (o.type && !/typed-42\r?\n[\s\S]*bin/.test(out)) problems.push('the typed command did not run at the shell prompt');
      resolve({ emulator, cpus: o.cpus, toInit, cpuToInit, total, exitCode: code, output: out, problems });
    });
  });
}

/** User + system CPU seconds of a running process, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cpus: { type: 'string', default: '1,2' },
      runs: { type: 'string', default: '1' },
      qemu: { type: 'boolean', default: false },
      devices: { type: 'boolean', default: false },
      'power-key': { type: 'boolean', default: false },
      type: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '900' },
      json: { type: 'string' },
    },
  });
  const cpuCounts = values.cpus.split(',').map(Number);
  if (cpuCounts.some((n) => !(n >= 1 && n <= 8))) {
    process.stderr.write('linux: --cpus takes numbers from 1 to 8, e.g. 1,2\n');
    return 2;
  }
  const runs = Math.max(1, Number(values.runs) | 0);
  const linux = fetchDebianLinux((l) => process.stderr.write(`linux: ${l}\n`));
  const initrd = buildInitramfs(linux, cacheDir('linux'));
  process.stderr.write(`linux: kernel ${linux.kernel}\nlinux: initramfs ${initrd}\n`);
  const emulators: ('chimera' | 'qemu')[] = values.qemu && !values.type ? ['qemu', 'chimera'] : ['chimera'];
  const rows: { cpus: number; emulator: string; toInit?: number; cpuToInit?: number; total: number; problems: string[] }[] = [];
  let failed = 0;
  for (const cpus of cpuCounts) {
    for (const emulator of emulators) {
      const results: BootResult[] = [];
      for (let r = 0; r < runs; r++) {
        const res = await bootOnce(emulator, linux, initrd, { cpus, devices: values.devices, powerKey: values['power-key'], type: values.type, timeoutSeconds: Number(values.timeout) });
        results.push(res);
        const when = res.toInit === undefined ? 'never' : `${res.toInit.toFixed(2)} s (${res.cpuToInit?.toFixed(2) ?? '?'} s of CPU)`;
        process.stderr.write(`linux: ${emulator}, ${cpus} CPU(s), run ${r + 1}: /init after ${when}, exit after ${res.total.toFixed(2)} s${res.problems.length ? ` — ${res.problems.join('; ')}` : ''}\n`);
        if (res.problems.length) {
          failed++;
          const log = join(cacheDir('linux'), `${emulator}-${cpus}cpu-run${r + 1}.log`);
          writeFileSync(log, res.output);
          process.stderr.write(`linux: output in ${log}\n`);
        }
      }
      const inits = results.map((x) => x.toInit).filter((x): x is number => x !== undefined);
      const cpuInits = results.map((x) => x.cpuToInit).filter((x): x is number => x !== undefined);
      rows.push({
        cpus,
        emulator,
        toInit: inits.length ? median(inits) : undefined,
        cpuToInit: cpuInits.length ? median(cpuInits) : undefined,
        total: median(results.map((x) => x.total)),
        problems: results.flatMap((x) => x.problems),
      });
    }
  }
  process.stdout.write('\n| CPUs | emulator | wall to /init | CPU time to /init | wall to power-off | Chimera / QEMU (wall, CPU) |\n|---|---|---|---|---|---|\n');
  for (const r of rows) {
    const q = rows.find((x) => x.cpus === r.cpus && x.emulator === 'qemu');
    const ratio = (a?: number, b?: number): string => (a && b ? `${(a / b).toFixed(1)}×` : '—');
    const ratios = r.emulator === 'chimera' && q ? `${ratio(r.toInit, q.toInit)}, ${ratio(r.cpuToInit, q.cpuToInit)}` : '';
    const f = (x?: number): string => (x === undefined ? '—' : `${x.toFixed(2)} s`);
    process.stdout.write(`| ${r.cpus} | ${r.emulator} | ${f(r.toInit)} | ${f(r.cpuToInit)} | ${f(r.total)} | ${ratios} |\n`);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ kernel: linux.kernel, runs, rows }, null, 2));
  process.stdout.write(failed ? `\n${failed} boot(s) failed\n` : '\nall boots reached /init and powered off cleanly\n');
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`linux: ${e.message}\n`);
      process.exit(2);
    },
  );
}
