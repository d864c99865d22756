import type { FlowEnd, OpenState, Span } from './protocol.js';

const COLORS = { running: '#43a047', idle: '#cfd8dc', flow: '#e65100', grid: '#e0e0e0', text: '#263238' } as const;
const LEFT = 70;
const ROW = 34;
const TOP = 24;
const BAR = 18;

/** What the timeline shows, in numbers: what a test (or a curious user) can check. */
export interface TimelineSummary {
  readonly tracks: readonly string[];
  readonly spans: Readonly<Record<string, number>>;
  readonly runningPs: Readonly<Record<string, number>>;
  readonly flows: number;
  readonly nowPs: number;
}

/**
 * A live timeline of CPUs running and idle, with flow arrows (mailbox messages) between them,
 * drawn on a canvas. It keeps every span; drawing folds them into pixel columns, so a run with
 * millions of spans draws as fast as one with ten.
 */
export class Timeline {
  private tracks: string[] = [];
  private spans = new Map<string, Span[]>();
  private open = new Map<string, OpenState>();
  private starts = new Map<number, FlowEnd>();
  private flows: { from: FlowEnd; to: FlowEnd }[] = [];
  private now = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Start over with these CPU tracks (a board's CPUs, in board order). */
  reset(tracks: readonly string[]): void {
    this.tracks = [...tracks];
    this.spans = new Map(tracks.map((t) => [t, []]));
    this.open.clear();
    this.starts.clear();
    this.flows = [];
    this.now = 0;
    this.draw();
  }

  add(now: number, spans: readonly Span[], open: readonly OpenState[], flows: readonly FlowEnd[]): void {
    this.now = Math.max(this.now, now);
    for (const s of spans) {
      if (!this.spans.has(s.cpu)) this.addTrack(s.cpu);
      this.spans.get(s.cpu)!.push(s);
    }
    for (const o of open) {
      if (!this.spans.has(o.cpu)) this.addTrack(o.cpu);
      this.open.set(o.cpu, o);
    }
    for (const f of flows) {
      if (f.end === 'start') this.starts.set(f.id, f);
      else {
        const from = this.starts.get(f.id);
        if (from) {
          this.flows.push({ from, to: f });
          this.starts.delete(f.id);
        }
      }
    }
    this.draw();
  }

  summary(): TimelineSummary {
    const spans: Record<string, number> = {};
    const runningPs: Record<string, number> = {};
    for (const [cpu, list] of this.spans) {
      spans[cpu] = list.length;
      runningPs[cpu] = list.reduce((n, s) => n + (s.state === 'running' ? s.to - s.from : 0), 0);
    }
    return { tracks: this.tracks, spans, runningPs, flows: this.flows.length, nowPs: this.now };
  }

  private addTrack(cpu: string): void {
    this.tracks.push(cpu);
    this.spans.set(cpu, []);
  }

  draw(): void {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = c.clientWidth || 800;
    const height = TOP + Math.max(1, this.tracks.length) * ROW + 8;
    c.style.height = `${height}px`;
    c.width = Math.round(width * ratio);
    c.height = Math.round(height * ratio);
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = '12px system-ui, sans-serif';
    const plot = width - LEFT - 28;
    const end = this.now || 1;
    const x = (t: number): number => LEFT + (t / end) * plot;

    // Time axis: ten divisions of the run so far.
    g.fillStyle = COLORS.text;
    g.strokeStyle = COLORS.grid;
    g.textAlign = 'center';
    for (let k = 0; k <= 10; k++) {
      const t = (end * k) / 10;
      g.beginPath();
      g.moveTo(x(t), TOP - 4);
      g.lineTo(x(t), height - 6);
      g.stroke();
      if (k % 2 === 0) g.fillText(formatPs(t), x(t), TOP - 8);
    }

    const columns = Math.max(1, Math.ceil(plot));
    this.tracks.forEach((cpu, row) => {
      const y = TOP + row * ROW + (ROW - BAR) / 2;
      g.fillStyle = COLORS.text;
      g.textAlign = 'left';
      g.fillText(cpu, 6, y + BAR - 5);
      // Fold spans into pixel columns: running wins over idle within a column.
      const col = new Uint8Array(columns);
      const mark = (from: number, to: number, state: string): void => {
        const v = state === 'running' ? 2 : state === 'idle' ? 1 : 0;
        if (!v) return;
        const a = Math.max(0, Math.floor(((from / end) * plot)));
        const b = Math.min(columns, Math.max(a + 1, Math.ceil((to / end) * plot)));
        for (let i = a; i < b; i++) if (col[i] < v) col[i] = v;
      };
      for (const s of this.spans.get(cpu) ?? []) mark(s.from, s.to, s.state);
      const o = this.open.get(cpu);
      if (o && this.now > o.since) mark(o.since, this.now, o.state);
      let i = 0;
      while (i < columns) {
        const v = col[i];
        let j = i + 1;
        while (j < columns && col[j] === v) j++;
        if (v) {
          g.fillStyle = v === 2 ? COLORS.running : COLORS.idle;
          g.fillRect(LEFT + i, y, j - i, BAR);
        }
        i = j;
      }
    });

    // Flows: an arrow from the pushing CPU's track to the popping CPU's.
    g.strokeStyle = COLORS.flow;
    g.fillStyle = COLORS.flow;
    g.globalAlpha = this.flows.length > 400 ? 0.35 : 0.8;
    const rowY = (cpu: string): number => TOP + this.tracks.indexOf(cpu) * ROW + ROW / 2;
    for (const { from, to } of this.flows) {
      const x0 = x(from.time), y0 = rowY(from.cpu), x1 = x(to.time), y1 = rowY(to.cpu);
      g.beginPath();
      g.moveTo(x0, y0);
      g.lineTo(x1, y1);
      g.stroke();
      const a = Math.atan2(y1 - y0, x1 - x0);
      g.beginPath();
      g.moveTo(x1, y1);
      g.lineTo(x1 - 6 * Math.cos(a - 0.4), y1 - 6 * Math.sin(a - 0.4));
      g.lineTo(x1 - 6 * Math.cos(a + 0.4), y1 - 6 * Math.sin(a + 0.4));
      g.fill();
    }
    g.globalAlpha = 1;
    const s = this.summary();
    c.dataset.tracks = s.tracks.join(',');
    c.dataset.flows = String(s.flows);
    c.dataset.spans = JSON.stringify(s.spans);
    c.dataset.runningPs = JSON.stringify(s.runningPs);
    c.dataset.nowPs = String(s.nowPs);
  }
}

/** Virtual time for the axis: ps, ns, us, ms or s, whichever reads best. */
export function formatPs(ps: number): string {
  if (ps === 0) return '0';
  const units: [number, string][] = [[1e12, 's'], [1e9, 'ms'], [1e6, 'µs'], [1e3, 'ns']];
  for (const [n, u] of units) if (ps >= n) return `${+(ps / n).toPrecision(3)} ${u}`;
  return `${Math.round(ps)} ps`;
}
