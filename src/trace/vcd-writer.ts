import type { Subscription } from 'rxjs';
import type { Machine } from '../machine/machine.js';

/**
 * Records every signal (interrupt lines, interrupt levels) as a Value Change Dump for GTKWave.
 * The timescale is 1 ps, virtual time.
 */
export class VcdRecorder {
  private readonly changes: { time: number; code: string; level: number; width: number }[] = [];
  private readonly subs: Subscription[] = [];
  private readonly codes = new Map<string, string>();

  constructor(private readonly machine: Machine) {
    machine.signals.forEach((s, i) => {
      const code = identifier(i);
      this.codes.set(s.name, code);
      this.subs.push(s.changes.subscribe((c) => this.changes.push({ time: c.time, code, level: c.level, width: s.width })));
    });
  }

  finish(endTime: number): string {
    for (const s of this.subs) s.unsubscribe();
    const lines = ['$date chimera $end', '$version chimera virtual time $end', '$timescale 1ps $end', `$scope module ${sanitize(this.machine.board.name)} $end`];
    for (const s of this.machine.signals) lines.push(`$var wire ${s.width} ${this.codes.get(s.name)} ${sanitize(s.name)} $end`);
    lines.push('$upscope $end', '$enddefinitions $end', '#0', '$dumpvars');
    for (const s of this.machine.signals) lines.push(value(0, s.width, this.codes.get(s.name)!));
    lines.push('$end');
    // CPUs run a quantum each in turn, so changes arrive up to a quantum out of time order; VCD
    // needs rising times. The sort is stable: changes at one time keep the order they happened in.
    const changes = [...this.changes].sort((a, b) => a.time - b.time);
    let last = 0;
    for (const c of changes) {
      if (c.time !== last) {
        lines.push(`#${c.time}`);
        last = c.time;
      }
      lines.push(value(c.level, c.width, c.code));
    }
    if (endTime > last) lines.push(`#${endTime}`);
    return lines.join('\n') + '\n';
  }
}

function value(level: number, width: number, code: string): string {
  return width === 1 ? `${level ? 1 : 0}${code}` : `b${level.toString(2)} ${code}`;
}

/** VCD identifiers: printable ASCII 33..126, base 94. */
function identifier(i: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (i % 94));
    i = Math.floor(i / 94);
  } while (i > 0);
  return s;
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_.\[\]]/g, '_');
}
