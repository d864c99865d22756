import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildPlayground } from '../../scripts/playground-build.js';
import { serveDirectory } from '../../scripts/playground-serve.js';
import { readBoard } from '../../src/runtime/simulation.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { packageRoot } from '../../src/util/package-root.js';
import { pairManifests, type PairEntry, type PairManifest } from '../guests/guest-runner.js';
import { findChromium, launchChromium } from './chromium.js';

const ROOT = packageRoot();

/** What the page offers first: the program set on chimera-soc with the most CPUs (the first of equals). */
function mostHeterogeneous(): { manifest: PairManifest; pair: PairEntry } {
  let best: { manifest: PairManifest; pair: PairEntry } | undefined;
  for (const manifest of pairManifests().filter((m) => /(^|\/)chimera-soc(\.yaml)?$/.test(m.board))) {
    for (const pair of manifest.pairs) if (!best || Object.keys(pair.load).length > Object.keys(best.pair.load).length) best = { manifest, pair };
  }
  if (!best) throw new Error('no program set on chimera-soc (guests/*/pairs.json)');
  return best;
}

/** What each serial pane must show: the lines the CLI prefixes with `[device] `. */
function perDevice(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    const m = /^\[([^\]]+)\] (.*)$/.exec(line)!;
    out.set(m[1], (out.get(m[1]) ?? '') + m[2] + '\n');
  }
  return out;
}

const panes = (page: Page): Promise<Record<string, string>> =>
  page.$$eval('[data-serial]', (els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.serial!, e.querySelector('pre')!.textContent ?? ''])));

async function runToEnd(page: Page): Promise<string> {
  await page.click('#run');
  await page.waitForSelector('#status[data-state=done], #status[data-state=error]', { timeout: 180_000 });
  return (await page.getAttribute('#status', 'data-state'))!;
}

describe('the playground in headless Chromium', function () {
  this.timeout(300_000);
  let context: BrowserContext | undefined;
  let server: Server | undefined;
  let page: Page;
  let url: string;
  let out: string;

  before(async function () {
    const executable = findChromium();
    if (!executable) {
      // CI runs .ci/run, which installs it: there a missing browser is a failure, not a skip.
      if (process.env.CI) expect.fail("Debian's chromium is not installed (/usr/bin/chromium) although .ci/run installs it; see its output");
      console.log("      skipped: Debian's chromium is not installed (/usr/bin/chromium); .ci/run installs it with apt-get");
      this.skip();
    }
    out = mkdtempSync(join(tmpdir(), 'chimera-playground-'));
    await buildPlayground(out);
    ({ server, url } = await serveDirectory(out));
    context = await launchChromium(executable!);
    page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('#status[data-state=ready]', { timeout: 60_000 });
    expect(errors).to.deep.equal([]);
  });

  after(async () => {
    await context?.close();
    server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('runs the most heterogeneous example in a worker: a pane per serial device with its lines, a track per CPU, the flows of the trace', async () => {
    const { manifest, pair } = mostHeterogeneous();
    expect(await page.inputValue('#preset')).to.equal(pair.name);
    expect(await runToEnd(page)).to.equal('done');
    expect(await page.textContent('#status')).to.match(/the guest exited with status 0/);

    const expected = perDevice(readFileSync(join(manifest.dir, pair.expected!), 'latin1'));
    const shown = await panes(page);
    for (const [device, text] of expected) expect(shown[device], device).to.equal(text);

    // A track per CPU of the board, each with running time; mailbox messages as flows.
    const board = readBoard(createSimulationContainer(), manifest.board);
    if (board._tag === 'Left') throw new Error(board.left.message);
    const canvas = await page.$eval('#timeline', (c) => ({ ...(c as HTMLElement).dataset }));
    expect(canvas.tracks!.split(',')).to.deep.equal(board.right.cpus.map((c) => c.id));
    const running = JSON.parse(canvas.runningPs!) as Record<string, number>;
    for (const c of board.right.cpus) expect(running[c.id], c.id).to.be.greaterThan(0);

    // The trace download is the run's Chrome trace: its flows are the timeline's.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const trace = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { traceEvents: { ph: string; name: string; args?: { name?: string } }[] };
    const flowStarts = trace.traceEvents.filter((e) => e.ph === 's').length;
    expect(flowStarts).to.be.greaterThan(0);
    expect(Number(canvas.flows)).to.equal(flowStarts);
    const threads = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args!.name);
    expect(threads).to.include.members(board.right.cpus.map((c) => c.id));

    // The docs' picture is refreshed only on request, so a test run leaves the work tree as it was.
    const shotDir = process.env.CHIMERA_UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'images') : mkdtempSync(join(tmpdir(), 'chimera-shot-'));
    mkdirSync(shotDir, { recursive: true });
    const shot = join(shotDir, 'playground.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).to.equal('PNG');
    if (!process.env.CHIMERA_UPDATE_SCREENSHOTS) rmSync(shotDir, { recursive: true, force: true });
  });

  it('reruns with the quantum from the field, and names a bad one', async () => {
    const { manifest, pair } = mostHeterogeneous();
    await page.fill('#quantum', '1us');
    expect(await runToEnd(page)).to.equal('done');
    expect(await page.getAttribute('#status', 'data-quantum-ps')).to.equal('1000000');
    const expected = perDevice(readFileSync(join(manifest.dir, pair.expected!), 'latin1'));
    const shown = await panes(page);
    for (const [device, text] of expected) expect(shown[device], device).to.equal(text);

    await page.fill('#quantum', 'fast');
    expect(await runToEnd(page)).to.equal('error');
    expect(await page.textContent('#status')).to.match(/^quantum: "fast" is not a duration/);
    await page.fill('#quantum', '');
  });

  it('runs an ELF file dropped on the page on the CPU whose arch runs it', async () => {
    await page.selectOption('#board', 'virt-aarch64');
    await page.waitForSelector('#status[data-state=ready]');
    const elf = readFileSync(join(ROOT, 'guests/aarch64/build/sort.elf')).toString('base64');
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'my-sort.elf'));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, elf);
    await page.waitForFunction(() => (document.querySelector('select[data-cpu="cpu0"]') as HTMLSelectElement | null)?.value === 'dropped:my-sort.elf');
    expect(await runToEnd(page)).to.equal('done');
    expect((await panes(page)).uart0).to.equal(readFileSync(join(ROOT, 'guests/aarch64/expected/sort.out'), 'latin1'));
  });
});
