/**
 * The playground page: pick a board and programs, run the machine in a Web Worker, and show each
 * serial device's output, a live CPU timeline, and the trace to download. Everything shown comes
 * from the board (its CPUs and serial devices), so a board with a third CPU gets its pane and
 * track without a change here.
 */
import type { Catalog, Guest, Preset } from './catalog.js';
import { elfMachine } from './elf-machine.js';
import type { BoardShape, FromWorker, ProgramImage, RunSummary, ToWorker } from './protocol.js';
import { formatPs, Timeline } from './timeline.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const boardSelect = $<HTMLSelectElement>('board');
const presetSelect = $<HTMLSelectElement>('preset');
const quantumInput = $<HTMLInputElement>('quantum');
const maxTimeInput = $<HTMLInputElement>('max-time');
const runButton = $<HTMLButtonElement>('run');
const stopButton = $<HTMLButtonElement>('stop');
const downloadButton = $<HTMLButtonElement>('download');
const programs = $<HTMLElement>('programs');
const status = $<HTMLElement>('status');
const serialBox = $<HTMLElement>('serial');
const drop = $<HTMLElement>('drop');
const timeline = new Timeline($<HTMLCanvasElement>('timeline'));

let catalog: Catalog = { boards: [], presets: [], guests: [] };
let shape: BoardShape | undefined;
/** Files dropped on the page, by name. */
const dropped = new Map<string, Uint8Array>();
const fetched = new Map<string, Uint8Array>();
let runner: Worker | undefined;
let trace: string | undefined;
/** What the next board description should select (a preset's programs). */
let pending: Preset | undefined;

const worker = (): Worker => new Worker('worker.js', { type: 'module' });
const describer = worker();
describer.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'described') showBoard(m.shape);
  else if (m.type === 'error') setStatus('error', m.message);
};

function setStatus(state: string, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

async function init(): Promise<void> {
  catalog = (await (await fetch('catalog.json')).json()) as Catalog;
  for (const b of catalog.boards) {
    const o = new Option(b.name, b.name);
    o.title = b.description;
    boardSelect.add(o);
  }
  for (const p of catalog.presets) presetSelect.add(new Option(`${p.name} (${p.board})`, p.name));
  // The flagship: an example on chimera-soc (the board of every ISA), the one with the most CPUs
  // (the first of equals); without chimera-soc, the example with the most CPUs anywhere.
  const onSoc = catalog.presets.filter((p) => p.board === 'chimera-soc');
  const first = (onSoc.length ? onSoc : catalog.presets).reduce<Preset | undefined>((best, p) => (!best || Object.keys(p.load).length > Object.keys(best.load).length ? p : best), undefined);
  if (first) {
    presetSelect.value = first.name;
    choosePreset(first);
  } else describe(boardSelect.value);
}

function describe(board: string): void {
  shape = undefined;
  runButton.disabled = true;
  setStatus('describing', `Reading board ${board}…`);
  describer.postMessage({ type: 'describe', board } satisfies ToWorker);
}

function choosePreset(p: Preset): void {
  pending = p;
  boardSelect.value = p.board;
  quantumInput.value = p.quantum ?? '';
  describe(p.board);
}

/** Guests (shipped or dropped) a CPU can run. */
function guestsFor(machines: readonly number[]): { value: string; label: string; title: string }[] {
  const shipped = catalog.guests
    .filter((g: Guest) => machines.includes(g.machine))
    .map((g) => ({ value: g.file, label: g.file.replace(/^guests\//, ''), title: g.description }));
  const mine = [...dropped].filter(([, b]) => machines.includes(elfMachine(b) ?? -1)).map(([name]) => ({ value: `dropped:${name}`, label: `${name} (dropped)`, title: 'a file you dropped' }));
  return [...mine, ...shipped];
}

function showBoard(s: BoardShape): void {
  shape = s;
  const keep = new Map([...programs.querySelectorAll('select')].map((sel) => [sel.dataset.cpu!, sel.value]));
  programs.replaceChildren();
  for (const cpu of s.cpus) {
    const label = document.createElement('label');
    label.textContent = `${cpu.id} (${cpu.arch}, ${cpu.littleEndian ? 'little' : 'big'}-endian) `;
    const sel = document.createElement('select');
    sel.dataset.cpu = cpu.id;
    sel.add(new Option('(no program)', ''));
    for (const g of guestsFor(cpu.elfMachines)) {
      const o = new Option(g.label, g.value);
      o.title = g.title;
      sel.add(o);
    }
    sel.value = pending?.load[cpu.id] ?? keep.get(cpu.id) ?? '';
    label.append(sel);
    programs.append(label);
  }
  pending = undefined;
  quantumInput.placeholder = formatPs(s.quantumPs).replace(' ', '').replace('µ', 'u');
  panes(s.serial);
  timeline.reset(s.cpus.map((c) => c.id));
  runButton.disabled = false;
  setStatus('ready', `${s.board}: ${s.description}. ${s.cpus.length} CPUs, serial devices ${s.serial.join(', ') || 'none'}.`);
}

/** One pane per serial device, in board order; emptied. */
function panes(ids: readonly string[]): void {
  serialBox.replaceChildren();
  for (const id of ids) pane(id);
}

function pane(id: string): HTMLPreElement {
  const found = serialBox.querySelector<HTMLPreElement>(`[data-serial="${CSS.escape(id)}"] pre`);
  if (found) return found;
  const box = document.createElement('div');
  box.className = 'pane';
  box.dataset.serial = id;
  const h = document.createElement('h3');
  h.textContent = id;
  const pre = document.createElement('pre');
  box.append(h, pre);
  serialBox.append(box);
  return pre;
}

async function bytesOf(value: string): Promise<{ name: string; bytes: Uint8Array }> {
  if (value.startsWith('dropped:')) return { name: value.slice(8), bytes: dropped.get(value.slice(8))! };
  let b = fetched.get(value);
  if (!b) {
    const r = await fetch(value);
    if (!r.ok) throw new Error(`${value}: ${r.status} ${r.statusText}`);
    fetched.set(value, (b = new Uint8Array(await r.arrayBuffer())));
  }
  return { name: value.split('/').pop()!, bytes: b };
}

async function run(): Promise<void> {
  if (!shape) return;
  stop();
  const images: ProgramImage[] = [];
  for (const sel of programs.querySelectorAll('select')) {
    if (!sel.value) continue;
    const { name, bytes } = await bytesOf(sel.value);
    images.push({ cpu: sel.dataset.cpu!, name, bytes: bytes.slice().buffer });
  }
  if (images.length === 0) return setStatus('error', 'Choose a program for at least one CPU (or drop an ELF file on the page).');
  panes(shape.serial);
  timeline.reset(shape.cpus.map((c) => c.id));
  trace = undefined;
  downloadButton.disabled = true;
  stopButton.disabled = false;
  const started = performance.now();
  setStatus('running', `Running ${shape.board}…`);
  const w = (runner = worker());
  w.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'serial') {
      const pre = pane(m.device);
      pre.textContent += m.text;
      pre.scrollTop = pre.scrollHeight;
    } else if (m.type === 'timeline') {
      timeline.add(m.now, m.spans, m.open, m.flows);
      if (status.dataset.state === 'running') setStatus('running', `Running ${shape?.board}… ${formatPs(m.now)} of virtual time after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } else if (m.type === 'done') {
      trace = m.trace;
      downloadButton.disabled = false;
      finished(m.summary);
    } else if (m.type === 'error') {
      finished();
      setStatus('error', m.message);
    }
  };
  w.postMessage(
    { type: 'run', board: shape.board, quantum: quantumInput.value.trim() || undefined, maxTime: maxTimeInput.value.trim() || '1s', set: pendingSet(), images } satisfies ToWorker,
    images.map((i) => i.bytes),
  );
}

/** A preset's board parameters apply while its board is chosen. */
function pendingSet(): Record<string, string> {
  const p = catalog.presets.find((x) => x.name === presetSelect.value);
  return p && p.board === shape?.board ? { ...(p.set ?? {}) } : {};
}

function finished(summary?: RunSummary): void {
  runner?.terminate();
  runner = undefined;
  stopButton.disabled = true;
  if (!summary) return;
  const total = Object.values(summary.instructions).reduce((a, b) => a + b, 0);
  const mips = total / summary.runMs / 1000;
  status.dataset.instructions = String(total);
  status.dataset.runMs = summary.runMs.toFixed(1);
  status.dataset.mips = mips.toFixed(2);
  status.dataset.quantumPs = String(summary.quantumPs);
  status.dataset.endPs = String(summary.endTimePs);
  const per = Object.entries(summary.instructions).map(([cpu, n]) => `${cpu} ${n.toLocaleString('en')}`).join(', ');
  setStatus('done', `${summary.stop} at ${formatPs(summary.endTimePs)} of virtual time (quantum ${formatPs(summary.quantumPs)}). Instructions: ${per}; ${mips.toFixed(1)} guest MIPS (${summary.runMs.toFixed(0)} ms).`);
}

function stop(): void {
  if (!runner) return;
  finished();
  setStatus('stopped', 'Stopped.');
}

async function addFiles(files: FileList | readonly File[]): Promise<void> {
  const notes: string[] = [];
  for (const f of [...files]) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const machine = elfMachine(bytes);
    if (machine === undefined) {
      notes.push(`${f.name} is not an ELF file`);
      continue;
    }
    dropped.set(f.name, bytes);
    const cpu = shape?.cpus.find((c) => c.elfMachines.includes(machine));
    if (!cpu) notes.push(`no CPU of ${shape?.board} runs ${f.name} (ELF machine ${machine})`);
    if (shape) showBoard(shape);
    if (cpu) {
      const sel = programs.querySelector<HTMLSelectElement>(`select[data-cpu="${CSS.escape(cpu.id)}"]`)!;
      sel.value = `dropped:${f.name}`;
      notes.push(`${f.name} → ${cpu.id}`);
    }
  }
  setStatus(notes.some((n) => n.includes('not') || n.includes('no CPU')) ? 'error' : 'ready', notes.join('; '));
}

boardSelect.onchange = () => {
  presetSelect.value = '';
  describe(boardSelect.value);
};
presetSelect.onchange = () => {
  const p = catalog.presets.find((x) => x.name === presetSelect.value);
  if (p) choosePreset(p);
};
runButton.onclick = () => void run().catch((e: Error) => setStatus('error', e.message));
stopButton.onclick = stop;
downloadButton.onclick = () => {
  if (!trace) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([trace], { type: 'application/json' }));
  a.download = `${shape?.board ?? 'chimera'}-trace.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
};
$<HTMLInputElement>('files').onchange = (e) => void addFiles((e.target as HTMLInputElement).files ?? []);
drop.ondragover = (e) => {
  e.preventDefault();
  drop.classList.add('over');
};
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  void addFiles(e.dataTransfer?.files ?? []);
};
window.onresize = () => timeline.draw();
void init().catch((e: Error) => setStatus('error', `cannot load the catalog: ${e.message}`));
