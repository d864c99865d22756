/** Parse an address or size: 0x40000000, 4096, "128MiB", "64KiB", "0x1000". */
export function parseAddress(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(0x[0-9a-fA-F_]+|[0-9_]+)\s*([KMG]i?B)?\s*$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1].replace(/_/g, ''));
  const scale = m[2] ? { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2][0] as 'K' | 'M' | 'G'] : 1;
  const r = n * scale;
  return Number.isSafeInteger(r) ? r : undefined;
}

const PLACEHOLDER = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:([+\-*])\s*([0-9]+))?\s*\}/g;

/**
 * Replace ${name} (optionally ${name+N}, ${name-N}, ${name*N}) in every string of a board tree.
 * A string that is a single placeholder keeps the value's type (number or boolean).
 * Returns the names that had no value.
 */
export type ParameterValue = number | string | boolean;

export function substitute(node: unknown, vars: Readonly<Record<string, ParameterValue>>, missing: Set<string>): unknown {
  if (typeof node === 'string') {
    const whole = /^\s*\$\{[^}]*\}\s*$/.test(node);
    let typed: number | boolean | undefined;
    const out = node.replace(PLACEHOLDER, (_m, name: string, op?: string, arg?: string) => {
      if (!(name in vars)) {
        missing.add(name);
        return _m;
      }
      let v = vars[name];
      if (op && typeof v === 'number') v = op === '+' ? v + Number(arg) : op === '-' ? v - Number(arg) : v * Number(arg);
      typed = typeof v === 'string' ? undefined : v;
      return String(v);
    });
    return whole && typed !== undefined ? typed : out;
  }
  if (Array.isArray(node)) return node.map((n) => substitute(n, vars, missing));
  if (node && typeof node === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) o[substitute(k, vars, missing) as string] = substitute(v, vars, missing);
    return o;
  }
  return node;
}
