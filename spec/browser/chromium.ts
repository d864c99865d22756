import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (what .ci/run installs), or CHIMERA_CHROMIUM. Never a browser a tool downloads. */
export function findChromium(): string | undefined {
  return [process.env.CHIMERA_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
}

/** Flags that work on a headless machine with no network but loopback. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium with a new empty profile. */
export function launchChromium(executablePath: string, downloads = true): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chimera-chromium-')), {
    executablePath,
    headless: true,
    args: FLAGS,
    acceptDownloads: downloads,
    viewport: { width: 1280, height: 860 },
  });
}
