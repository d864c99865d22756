import type { ExploreProgress } from './explorer.js';

/** `[#####.....] 120/200 runs, 3 outcomes` on stderr; redrawn at most every 100 ms. */
export class ProgressBar {
  private last = 0;
  private shown = false;

  constructor(private readonly enabled: boolean, private readonly write: (s: string) => void = (s) => process.stderr.write(s)) {}

  update(p: ExploreProgress): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && p.done < p.total) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((width * p.done) / Math.max(1, p.total));
    this.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} runs, ${p.outcomes} outcome${p.outcomes === 1 ? '' : 's'}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.write('\r\x1b[K');
  }
}
