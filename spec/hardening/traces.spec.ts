import { buildModel } from '@tracerbench/trace-model';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import { asm, program } from '../helpers/toy-asm.js';
import { FIXTURE_BOARDS, toyElf } from '../helpers/toy-harness.js';
import { chimera, scratchDir } from './harness.js';

const ROOT = packageRoot();
const guests = (p: string) => join(ROOT, 'guests', p);

interface ChromeEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
}

/** Every kind of run whose traces differ: SMP wake-ups, mailbox flows across arches, SPARC interrupts, a toy board, a failed device. */
const RUNS: { name: string; args: string[]; bare: boolean }[] = [
  { name: 'aarch64 smp x4', args: ['virt-aarch64', '--set', 'cpus=4', '--kernel', guests('aarch64/build/smp.elf')], bare: true },
  { name: 'hetero pingpong (flows)', args: ['chimera-soc', '--load', `cpu0=${guests('hetero/build/pingpong-a64.elf')}`, '--load', `cpu1=${guests('hetero/build/pingpong-sparc.elf')}`], bare: true },
  { name: 'leon3 timer (interrupt levels)', args: ['leon3', '--kernel', guests('sparc/build/timer.elf')], bare: true },
  { name: 'sparc smp x4', args: ['leon3', '--set', 'cpus=4', '--kernel', guests('sparc/build/smp.elf')], bare: true },
  {
    name: 'toy board, device failure mid-run',
    args: [
      join(FIXTURE_BOARDS, 'toy-faulty.yaml'),
      '--kernel',
      toyElf(program(asm.li32(1, 0x80000), asm.li(2, 0x41), asm.sb(2, 1), asm.li(2, 10), asm.sb(2, 1), asm.li32(3, 0xb0000), asm.sw(2, 3)), 0x1000),
    ],
    bare: false,
  },
];

/** On one track, complete events must nest or not overlap, comparing times as a reader does (ts + dur). */
function overlaps(events: ChromeEvent[]): string[] {
  const byTrack = new Map<string, ChromeEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const key = `${e.pid}/${e.tid}`;
    byTrack.set(key, [...(byTrack.get(key) ?? []), e]);
  }
  const bad: string[] = [];
  for (const [track, list] of byTrack) {
    list.sort((a, b) => a.ts - b.ts || b.ts + b.dur! - (a.ts + a.dur!));
    const open: { e: ChromeEvent; end: number }[] = [];
    for (const e of list) {
      const end = e.ts + e.dur!;
      while (open.length && open[open.length - 1].end <= e.ts) open.pop();
      const parent = open[open.length - 1];
      if (parent && end > parent.end) bad.push(`track ${track}: ${parent.e.name} ${parent.e.ts}..${parent.end} and ${e.name} ${e.ts}..${end}`);
      open.push({ e, end });
    }
  }
  return bad;
}

/** A strict reading of a VCD file (IEEE 1364-2005, 18.2): declarations, then changes of declared variables at rising times. */
function checkVcd(text: string): string[] {
  const problems: string[] = [];
  const tokens = text.split(/\s+/).filter(Boolean);
  let i = 0;
  const widths = new Map<string, number>();
  let defined = false;
  let scopes = 0;
  for (; i < tokens.length && !defined; i++) {
    const t = tokens[i];
    if (!t.startsWith('$')) {
      problems.push(`unexpected "${t}" in the header`);
      continue;
    }
    const end = tokens.indexOf('$end', i + 1);
    if (t === '$enddefinitions') defined = true;
    else if (t === '$scope') scopes++;
    else if (t === '$upscope') scopes--;
    else if (t === '$var') {
      const [type, size, id] = tokens.slice(i + 1, end);
      if (!['wire', 'reg', 'integer'].includes(type)) problems.push(`$var type ${type}`);
      if (!/^[1-9][0-9]*$/.test(size)) problems.push(`$var size ${size}`);
      if (!/^[!-~]+$/.test(id) || widths.has(id)) problems.push(`$var identifier ${id} invalid or repeated`);
      widths.set(id, Number(size));
    } else if (!['$date', '$version', '$timescale', '$comment'].includes(t)) problems.push(`unknown keyword ${t}`);
    if (end < 0) problems.push(`${t} without $end`);
    i = end;
  }
  if (!defined) problems.push('no $enddefinitions');
  if (scopes !== 0) problems.push('unbalanced $scope/$upscope');
  let time = -1;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '$dumpvars' || t === '$end') continue;
    if (t.startsWith('#')) {
      const next = Number(t.slice(1));
      if (!Number.isInteger(next) || next <= time) problems.push(`time ${t} after #${time}`);
      time = next;
    } else if (/^[01xz]/.test(t)) {
      const id = t.slice(1);
      if (widths.get(id) !== 1) problems.push(`scalar change of ${id}, declared ${widths.get(id) ?? 'nowhere'}`);
    } else if (/^b[01xz]+$/.test(t)) {
      const id = tokens[++i];
      const w = widths.get(id);
      if (w === undefined || t.length - 1 > w) problems.push(`vector ${t} for ${id} of width ${w}`);
    } else problems.push(`unexpected "${t}"`);
    if (time < 0) problems.push('a change before the first time');
  }
  return problems;
}

describe('hardening: traces every consumer reads', function () {
  this.timeout(180000);

  for (const run of RUNS) {
    it(`${run.name}: a Chrome trace an independent reader loads, with spans that nest, and a well-formed VCD`, () => {
      const dir = scratchDir('trace');
      const trace = join(dir, 't.json');
      const vcd = join(dir, 'w.vcd');
      const r = chimera(['run', ...run.args, '--trace', trace, '--vcd', vcd, '--max-time', '10s', '--serial', 'uart0=null'], { bare: run.bare });
      expect([0, 5], r.stderr).to.include(r.code);
      const json = JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: ChromeEvent[] };
      const events = json.traceEvents;
      expect(events.filter((e) => typeof e.cat !== 'string').map((e) => e.name), 'events without cat').to.deep.equal([]);
      // @tracerbench/trace-model: an independent reader, stricter than Perfetto about categories.
      const model = buildModel(json as never);
      const threads = model.processes.flatMap((p) => p.threads);
      expect(threads.length).to.be.greaterThan(0);
      for (const t of threads) expect(t.name, `thread ${t.id} has a name`).to.not.equal('');
      expect(model.events.length).to.equal(events.length);
      expect(overlaps(events)).to.deep.equal([]);
      expect(checkVcd(readFileSync(vcd, 'latin1'))).to.deep.equal([]);
    });
  }
});
