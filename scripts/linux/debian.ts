import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache.js';

/** The Debian arm64 material a Linux boot needs, unpacked in the cache. */
export interface DebianLinux {
  /** vmlinuz: on arm64 a raw `Image` (magic ARM\x64). */
  readonly kernel: string;
  readonly release: string;
  /** /lib/modules/<release>. */
  readonly modules: string;
  /** busybox-static's /bin/busybox. */
  readonly busybox: string;
}

function run(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** What is already unpacked in the cache, if anything. */
export function cachedDebianLinux(): DebianLinux | undefined {
  const root = cacheDir('linux');
  const boot = join(root, 'kernel', 'boot');
  const bb = join(root, 'busybox', 'bin', 'busybox');
  if (!existsSync(boot) || !existsSync(bb)) return undefined;
  const vmlinuz = readdirSync(boot).find((f) => /^vmlinuz-/.test(f));
  if (!vmlinuz) return undefined;
  const release = vmlinuz.slice('vmlinuz-'.length);
  return { kernel: join(boot, vmlinuz), release, modules: join(root, 'kernel', 'lib', 'modules', release), busybox: bb };
}

/**
 * Download Debian 12's arm64 kernel (the newest `linux-image-6.1.0-*-arm64-unsigned`) and
 * `busybox-static` with apt, as the issue's new user would, and unpack them in the cache.
 * Needs a Debian host with apt; adds the arm64 architecture to dpkg when it is missing.
 */
export function fetchDebianLinux(log: (line: string) => void = () => {}): DebianLinux {
  const cached = cachedDebianLinux();
  if (cached) return cached;
  const root = cacheDir('linux');
  const debs = cacheDir('linux', 'debs');
  if (!run('dpkg', ['--print-foreign-architectures']).split('\n').includes('arm64')) {
    log('adding the arm64 architecture to dpkg (dpkg --add-architecture arm64; apt-get update)');
    run('dpkg', ['--add-architecture', 'arm64']);
    run('apt-get', ['update', '-q']);
  }
  const names = run('apt-cache', ['search', '--names-only', '^linux-image-6\\.1\\.0-[0-9]+-arm64-unsigned$'])
    .split('\n')
    .map((l) => l.split(' ')[0])
    .filter(Boolean)
    .sort((a, b) => Number(/-(\d+)-arm64/.exec(a)![1]) - Number(/-(\d+)-arm64/.exec(b)![1]));
  const kernelPackage = names.at(-1);
  if (!kernelPackage) throw new Error('apt knows no linux-image-6.1.0-*-arm64-unsigned package (is this Debian 12 with arm64 enabled?)');
  log(`apt-get download ${kernelPackage}:arm64 busybox-static:arm64`);
  run('apt-get', ['download', '-q', `${kernelPackage}:arm64`, 'busybox-static:arm64'], debs);
  for (const deb of readdirSync(debs)) {
    const into = deb.startsWith('linux-image') ? 'kernel' : deb.startsWith('busybox') ? 'busybox' : undefined;
    if (into) run('dpkg-deb', ['-x', join(debs, deb), join(root, into)]);
  }
  const got = cachedDebianLinux();
  if (!got) throw new Error(`unpacked ${debs} but found no vmlinuz or busybox`);
  return got;
}
