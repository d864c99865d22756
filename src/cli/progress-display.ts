import { formatTime } from '../time/units.js';

/** A one-line progress display on stderr for long runs; host time only paces the redraw. */
export class ProgressDisplay {
  private last = 0;
  private shown = false;
  private readonly start = Date.now();

  constructor(private readonly enabled: boolean, private readonly maxTime?: number) {}

  update(time: number, instructions: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const pct = this.maxTime ? ` (${((100 * time) / this.maxTime).toFixed(1)}% of --max-time)` : '';
    const mips = instructions / Math.max(1, now - this.start) / 1000;
    process.stderr.write(`\r\x1b[Kchimera: virtual time ${formatTime(time)}${pct}, ${mips.toFixed(1)} MIPS`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}
