/**
 * Render a Chimera Chrome trace (from `chimera run --trace`) as an SVG timeline: one row per
 * track, CPU running/idle spans, interrupt changes, serial lines and flow arrows. Perfetto UI
 * shows the same file interactively; this makes a picture without a browser UI.
 *
 *   node dist/scripts/trace-svg.js trace.json out.svg [--from US] [--to US] [--width PX]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Ev { name: string; ph: string; ts: number; tid: number; dur?: number; cat?: string; id?: number; args?: Record<string, unknown> }

const { values, positionals } = parseArgs({ allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' }, width: { type: 'string', default: '1400' } } });
if (positionals.length !== 2) {
  process.stderr.write('usage: trace-svg <trace.json> <out.svg> [--from US] [--to US] [--width PX]\n');
  process.exit(2);
}
const events = (JSON.parse(readFileSync(positionals[0], 'utf8')) as { traceEvents: Ev[] }).traceEvents;
const names = new Map<number, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(e.tid, String(e.args?.name));
const timed = events.filter((e) => e.ph !== 'M');
const from = values.from ? Number(values.from) : 0;
const to = values.to ? Number(values.to) : Math.max(...timed.map((e) => e.ts + (e.dur ?? 0)));
const tids = [...names.keys()].filter((t) => timed.some((e) => e.tid === t)).sort((a, b) => a - b);

const W = Number(values.width);
const LEFT = 110, ROW = 34, TOP = 40;
const H = TOP + tids.length * ROW + 30;
const x = (ts: number) => LEFT + ((ts - from) / (to - from)) * (W - LEFT - 20);
const y = (tid: number) => TOP + tids.indexOf(tid) * ROW;
const inWindow = (a: number, b = a) => b >= from && a <= to;
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const out: string[] = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  `<rect width="${W}" height="${H}" fill="white"/>`,
  '<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#e65100"/></marker></defs>',
];
tids.forEach((t, i) => {
  out.push(`<rect x="0" y="${TOP + i * ROW}" width="${W}" height="${ROW}" fill="${i % 2 ? '#fafafa' : '#f0f0f0'}"/>`);
  out.push(`<text x="8" y="${TOP + i * ROW + 21}" font-weight="bold">${esc(names.get(t)!)}</text>`);
});
for (let k = 0; k <= 10; k++) {
  const ts = from + ((to - from) * k) / 10;
  out.push(`<line x1="${x(ts)}" y1="${TOP - 6}" x2="${x(ts)}" y2="${H - 26}" stroke="#ccc" stroke-dasharray="2,3"/>`);
  out.push(`<text x="${x(ts)}" y="${TOP - 10}" text-anchor="middle" fill="#555">${ts.toFixed(1)} µs</text>`);
}
for (const e of timed) {
  if (e.ph === 'X' && e.cat === 'cpu' && inWindow(e.ts, e.ts + e.dur!)) {
    const a = Math.max(e.ts, from), b = Math.min(e.ts + e.dur!, to);
    out.push(`<rect x="${x(a)}" y="${y(e.tid) + 6}" width="${Math.max(0.5, x(b) - x(a))}" height="${ROW - 12}" fill="${e.name === 'running' ? '#43a047' : '#b0bec5'}"><title>${esc(e.name)}</title></rect>`);
  } else if (e.ph === 'i' && inWindow(e.ts)) {
    const color = e.cat === 'irq' ? (/raise/.test(e.name) ? '#d32f2f' : '#f8bbd0') : '#1565c0';
    const yy = y(e.tid);
    out.push(e.cat === 'irq'
      ? `<line x1="${x(e.ts)}" y1="${yy + 4}" x2="${x(e.ts)}" y2="${yy + ROW - 4}" stroke="${color}" stroke-width="1.5"><title>${esc(e.name)}</title></line>`
      : `<circle cx="${x(e.ts)}" cy="${yy + ROW / 2}" r="3" fill="${color}"><title>${esc(e.name)}</title></circle>`);
  }
}
const starts = new Map<number, Ev>();
for (const e of timed) if (e.ph === 's') starts.set(e.id!, e);
for (const e of timed) {
  const s = e.ph === 'f' ? starts.get(e.id!) : undefined;
  const race = s?.name === 'race'; // chimera run --races --trace: earlier access → the access that raced with it
  if (s && inWindow(s.ts, e.ts)) out.push(`<line x1="${x(s.ts)}" y1="${y(s.tid) + ROW / 2}" x2="${x(e.ts)}" y2="${y(e.tid) + ROW / 2}" stroke="${race ? '#6a1b9a' : '#e65100'}" stroke-width="${race ? 0.8 : 1.2}" marker-end="url(#${race ? 'race' : 'arrow'})"/>`);
}
out.push('<defs><marker id="race" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#6a1b9a"/></marker></defs>');
const legend = [['#43a047', 'CPU running'], ['#b0bec5', 'CPU idle (WFI / power-down)'], ['#d32f2f', 'interrupt raised'], ['#f8bbd0', 'interrupt cleared'], ['#1565c0', 'serial line'], ['#e65100', 'mailbox message (push → pop)']];
if (timed.some((e) => e.ph === 's' && e.name === 'race')) legend.push(['#6a1b9a', 'race (access → racing access)']);
let lx = LEFT;
for (const [c, t] of legend) {
  out.push(`<rect x="${lx}" y="${H - 18}" width="12" height="12" fill="${c}"/><text x="${lx + 18}" y="${H - 8}">${t}</text>`);
  lx += 18 + Math.ceil(t.length * 6.6) + 22; // about 6.6 px per character at 12 px Helvetica
}
out.push('</svg>');
writeFileSync(positionals[1], out.join('\n') + '\n');
