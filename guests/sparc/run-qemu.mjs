#!/usr/bin/env node
// Runs the guests of guests.json under QEMU and compares serial output with expected/*.out.
//   node run-qemu.mjs [--update] [name...]
// --update rewrites the expected files. Guests with "skipQemu" are skipped (their expected
// output does not come from QEMU). No dependencies beyond Node.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'guests.json'), 'utf8'));
const args = process.argv.slice(2);
const update = args.includes('--update');
const names = args.filter((a) => !a.startsWith('--'));

let failures = 0;
for (const guest of manifest.guests) {
  if (names.length && !names.includes(guest.name)) continue;
  if (guest.skipQemu) {
    console.log(`skip  ${guest.name}: ${guest.skipQemu}`);
    continue;
  }
  const [cmd, ...base] = manifest.qemu;
  const argv = [...base, ...(guest.qemuArgs ?? []), manifest.kernelOption, join(here, guest.elf)];
  const started = Date.now();
  const run = spawnSync(cmd, argv, { timeout: manifest.timeoutSeconds * 1000, encoding: 'latin1' });
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  const output = guest.qemuOutput === 'stderr' ? run.stderr : run.stdout;
  const expectedPath = join(here, guest.expected ?? `expected/${guest.name}.out`);
  if (run.error || run.status !== 0) {
    console.log(`FAIL  ${guest.name}: qemu ${run.error ? run.error.message : `exit ${run.status}`}`);
    failures++;
    continue;
  }
  if (update) {
    writeFileSync(expectedPath, output, 'latin1');
    console.log(`wrote ${guest.name} (${output.length} bytes, ${seconds} s)`);
  } else if (!existsSync(expectedPath)) {
    console.log(`FAIL  ${guest.name}: no ${expectedPath}`);
    failures++;
  } else if (readFileSync(expectedPath, 'latin1') !== output) {
    console.log(`FAIL  ${guest.name}: output differs from ${expectedPath}`);
    failures++;
  } else {
    console.log(`ok    ${guest.name} (${seconds} s)`);
  }
}
process.exit(failures ? 1 : 0);
