/**
 * Guest MIPS in the browser against Node, for the same ELF on the same board: the fixed-work
 * benchmark guests (entries with "bench": true in guests/<dir>/guests.json). Node runs each
 * sample in a fresh process and the page in a fresh Web Worker, so both start with a cold JIT;
 * both time the run loop alone. Prints medians of several samples.
 *
 *   node dist/scripts/browser-mips.js [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSimulation } from '../src/runtime/simulation.js';
import { createSimulationContainer } from '../src/runtime/simulation-container.js';
import { packageRoot } from '../src/util/package-root.js';
import { findChromium, launchChromium } from '../spec/browser/chromium.js';
import { buildPlayground } from './playground-build.js';
import { serveDirectory } from './playground-serve.js';

const ROOT = packageRoot();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Bench {
  board: string;
  dir: string;
  elf: string;
}

function benches(): Bench[] {
  const out: Bench[] = [];
  for (const dir of readdirSync(join(ROOT, 'guests')).sort()) {
    let m: { board: string; guests: { elf: string; bench?: boolean }[] };
    try {
      m = JSON.parse(readFileSync(join(ROOT, 'guests', dir, 'guests.json'), 'utf8')) as typeof m;
    } catch {
      continue;
    }
    for (const g of m.guests) if (g.bench) out.push({ board: m.board, dir, elf: g.elf });
  }
  return out;
}

/** One sample on Node, in this (fresh) process: instructions and run-loop milliseconds. */
async function nodeOnce(board: string, file: string): Promise<{ instructions: number; ms: number }> {
  const built = await buildSimulation(createSimulationContainer({ logWrite: () => {} }), { board, images: [{ file }] });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const m = built.right;
  for (const ch of m.serial.values()) ch.connect(() => {});
  const t0 = performance.now();
  m.run(600e12);
  return { instructions: m.instructions(), ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'node-once': { type: 'string', multiple: true } } });
  if (values['node-once']) {
    const [board, file] = values['node-once'];
    process.stdout.write(JSON.stringify(await nodeOnce(board, file)) + '\n');
    return;
  }
  const runs = Number(values.runs);
  const chromium = findChromium();
  if (!chromium) throw new Error("Debian's chromium is not installed (/usr/bin/chromium)");
  const out = mkdtempSync(join(tmpdir(), 'chimera-mips-'));
  await buildPlayground(out, { minify: true });
  const { server, url } = await serveDirectory(out);
  const context = await launchChromium(chromium, false);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForSelector('#status[data-state=ready]');
  const rows: string[] = [];
  for (const b of benches()) {
    const file = join(ROOT, 'guests', b.dir, b.elf);
    const nodeMips: number[] = [];
    let instructions = 0;
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, [process.argv[1], '--node-once', b.board, '--node-once', file], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      const s = JSON.parse(r.stdout) as { instructions: number; ms: number };
      instructions = s.instructions;
      nodeMips.push(s.instructions / s.ms / 1000);
    }
    await page.selectOption('#preset', '');
    await page.selectOption('#board', b.board);
    await page.waitForSelector('#status[data-state=ready]');
    await page.selectOption('select[data-cpu="cpu0"]', `guests/${b.dir}/${b.elf.split('/').pop()}`);
    await page.fill('#max-time', '600s');
    const pageMips: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.click('#run');
      await page.waitForSelector('#status[data-state=done], #status[data-state=error]', { timeout: 600_000 });
      if ((await page.getAttribute('#status', 'data-state')) !== 'done') throw new Error((await page.textContent('#status')) ?? 'error');
      const n = Number(await page.getAttribute('#status', 'data-instructions'));
      if (n !== instructions) throw new Error(`${b.elf}: ${n} instructions in the page, ${instructions} on Node`);
      pageMips.push(Number(await page.getAttribute('#status', 'data-mips')));
    }
    const nm = median(nodeMips), pm = median(pageMips);
    rows.push(`| ${b.board} | ${b.dir}/${b.elf} | ${instructions.toLocaleString('en')} | ${nm.toFixed(1)} | ${pm.toFixed(1)} | ${(pm / nm).toFixed(2)} |`);
  }
  await context.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
  process.stdout.write(`medians of ${runs} runs each\n\n| board | guest | instructions | Node MIPS | Chromium MIPS | Chromium / Node |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: Error) => {
    process.stderr.write(`browser-mips: ${e.message}\n`);
    process.exit(1);
  });
}
