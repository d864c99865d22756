const RANGE = /^(.*)\[([0-9]+)\.\.([0-9]+)\]$/;

/** `spi[0..2]` → spi0, spi1, spi2; a name without a range stays one name. Undefined if malformed. */
function expandName(name: string): string[] | undefined {
  const m = RANGE.exec(name);
  if (!m) return name.includes('[') ? undefined : [name];
  const from = Number(m[2]);
  const to = Number(m[3]);
  if (to < from || to - from >= 1024) return undefined;
  return Array.from({ length: to - from + 1 }, (_, k) => `${m[1]}${from + k}`);
}

/**
 * Expand ranged wires in a node's outputs: `"spi[0..63]": gic.spi[48..111]` is 64 wires, output
 * `spiN` to input `gic.spi(48+N)`. Both sides must have the same length; problems are reported
 * under `path`.
 */
export function expandWireRanges(outputs: Record<string, string[]>, path: string, errors: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [port, targets] of Object.entries(outputs)) {
    const ports = expandName(port);
    if (!ports) {
      errors.push(`${path}.outputs.${port}: write a range as name[first..last]`);
      continue;
    }
    for (const target of targets) {
      const ends = expandName(target);
      if (!ends || (ends.length !== ports.length && ends.length !== 1)) {
        errors.push(`${path}.outputs.${port}: ${target} must name ${ports.length} input${ports.length > 1 ? 's' : ''}, as [first..last] of the same length`);
        continue;
      }
      ports.forEach((p, k) => (out[p] ??= []).push(ends.length === 1 ? ends[0] : ends[k]));
    }
  }
  return out;
}
