/**
 * Picoseconds as the shortest exact duration text that `parseDuration` reads back, e.g. 100ns,
 * 1us, 2.5us, 1234ps. Reproduction command lines need exact values, not rounded ones.
 */
export function formatDuration(ps: number): string {
  for (const [unit, f] of [['s', 1e12], ['ms', 1e9], ['us', 1e6], ['ns', 1e3]] as const) {
    if (ps >= f && ps % (f / 1000) === 0) return `${trim(ps / f)}${unit}`;
  }
  return `${ps}ps`;
}

function trim(v: number): string {
  return String(parseFloat(v.toFixed(3)));
}
