import { Either, left, right } from 'fp-ts/lib/Either.js';
import { parseDocument } from 'yaml';
import { dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { validateAgainst } from '../util/json-schema.js';
import { userError, type UserError } from '../util/user-error.js';
import { parseDuration, parseFrequency } from '../time/units.js';
import type { BoardSpec, CpuSpec, DeviceSpec } from './board-spec.js';
import { parseAddress, substitute, type ParameterValue } from './board-values.js';
import { expandWireRanges } from './wire-ranges.js';

export interface BoardParseOptions {
  /** --set name=value overrides of board parameters. */
  readonly set?: Readonly<Record<string, string>>;
  /** Architecture ids that can be loaded; a board naming another is refused. */
  readonly knownArches: readonly string[];
}

type Raw = Record<string, unknown>;

let schemaCache: object | undefined;
/** The board JSON Schema shipped in `schema/board.schema.json`. */
export function boardSchema(): object {
  return (schemaCache ??= JSON.parse(readFileSync(join(packageRoot(), 'schema', 'board.schema.json'), 'utf8')) as object);
}

const DEFAULT_QUANTUM = '10us';

/** Parse and check a board from YAML or JSON text. Every problem is reported with its path. */
export function parseBoard(text: string, file: string, opts: BoardParseOptions): Either<UserError, BoardSpec> {
  const fail = (msgs: string[]): Either<UserError, BoardSpec> => left(userError('board', msgs.map((m) => `${file}: ${m}`).join('\n')));
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    // The first error is the cause; the rest are usually its echoes.
    const e = doc.errors[0];
    const hint = /\$\{/.test(text) && /flow|Unexpected/.test(e.message) ? ' (a ${...} placeholder inside { } must be quoted)' : '';
    return fail([`YAML error at line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}${hint}`]);
  }
  const raw = doc.toJS() as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail(['a board must be a mapping with name, cpus, memory and devices']);

  const params = resolveParameters((raw as Raw).parameters, opts.set ?? {});
  if (params._tag === 'Left') return fail(params.left);
  const vars = params.right;

  const missing = new Set<string>();
  const expanded: Raw = { ...(raw as Raw) };
  for (const list of ['cpus', 'devices', 'memory'] as const) {
    const entries = (raw as Raw)[list];
    if (Array.isArray(entries)) expanded[list] = expand(entries, vars, missing);
  }
  for (const key of ['quantum', 'name', 'description']) if (key in expanded) expanded[key] = substitute(expanded[key], vars, missing);
  if (missing.size) return fail([`unknown parameter ${[...missing].map((m) => `\${${m}}`).join(', ')}; declare it under parameters`]);

  const schemaErrors = validateAgainst(boardSchema(), expanded, '');
  if (schemaErrors.length) return fail(schemaErrors);
  return check(expanded, file, vars, opts);
}

function resolveParameters(decl: unknown, set: Readonly<Record<string, string>>): Either<string[], Record<string, ParameterValue>> {
  const vars: Record<string, ParameterValue> = {};
  const errors: string[] = [];
  const d = decl && typeof decl === 'object' && !Array.isArray(decl) ? (decl as Record<string, Raw>) : {};
  for (const [name, p] of Object.entries(d)) {
    if (!p || typeof p !== 'object' || !('default' in p)) {
      errors.push(`parameters.${name}: needs a default`);
      continue;
    }
    vars[name] = p.default as ParameterValue;
  }
  for (const [name, value] of Object.entries(set)) {
    const p = d[name];
    if (!p) {
      errors.push(`--set ${name}: the board has no parameter "${name}"; it has ${Object.keys(d).join(', ') || 'none'}`);
      continue;
    }
    if (typeof p.default === 'boolean') {
      if (value !== 'true' && value !== 'false') errors.push(`--set ${name}=${value}: must be true or false`);
      else vars[name] = value === 'true';
    } else if (typeof p.default === 'number') {
      const n = Number(value);
      if (!Number.isInteger(n)) errors.push(`--set ${name}=${value}: must be a whole number`);
      else if (typeof p.minimum === 'number' && n < p.minimum) errors.push(`--set ${name}=${value}: must be at least ${p.minimum}`);
      else if (typeof p.maximum === 'number' && n > p.maximum) errors.push(`--set ${name}=${value}: must be at most ${p.maximum}`);
      else vars[name] = n;
    } else vars[name] = p.file === true && value !== '' ? resolvePath(value) : value;
  }
  return errors.length ? left(errors) : right(vars);
}

/** Replace placeholders and repeat entries that have `count`. */
function expand(entries: unknown[], vars: Record<string, ParameterValue>, missing: Set<string>): unknown[] {
  const out: unknown[] = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object' || !('count' in entry)) {
      out.push(substitute(entry, vars, missing));
      continue;
    }
    const count = substitute((entry as Raw).count, vars, missing);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
      out.push(substitute(entry, vars, missing)); // the schema reports the bad count
      continue;
    }
    const { count: _drop, ...rest } = entry as Raw;
    for (let i = 0; i < count; i++) {
      const copy = substitute(rest, { ...vars, i }, missing) as Raw;
      // "first" means the first of the group runs at time 0 and the rest wait to be started.
      if (copy.start === 'first') copy.start = i === 0;
      out.push(copy);
    }
  }
  return out;
}

function check(b: Raw, file: string, vars: Record<string, ParameterValue>, opts: BoardParseOptions): Either<UserError, BoardSpec> {
  const errors: string[] = [];
  const ids = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const prev = ids.get(id);
    if (prev) errors.push(`${path}.id: "${id}" is already used by ${prev}`);
    else ids.set(id, path);
  };

  const cpus: CpuSpec[] = [];
  (b.cpus as Raw[]).forEach((c, k) => {
    const path = `cpus[${k}]`;
    const cpu = c;
    claim(cpu.id as string, path);
    if (!opts.knownArches.includes(cpu.arch as string)) {
      errors.push(`${path}.arch: unknown arch "${cpu.arch as string}"; known: ${opts.knownArches.join(', ') || '(none)'}`);
    }
    const freq = parseFrequency((cpu.clock as string | number | undefined) ?? '100MHz');
    if (freq._tag === 'Left') errors.push(`${path}.clock: ${freq.left}`);
    const start = cpu.start === 'program' ? 'program' : cpu.start !== false;
    cpus.push({
      id: cpu.id as string,
      arch: cpu.arch as string,
      model: cpu.model as string | undefined,
      frequency: freq._tag === 'Right' ? freq.right : 1,
      start,
      boot: (cpu.boot as string | undefined) ?? 'entry',
      options: (cpu.options as Raw | undefined) ?? {},
      inputs: (cpu.inputs as Record<string, string> | undefined) ?? {},
      outputs: expandWireRanges(normaliseOutputs(cpu.outputs), path, errors),
      path,
    });
  });
  const cpuIds = new Set(cpus.map((c) => c.id));

  const devices: DeviceSpec[] = [];
  const placement = (d: Raw, path: string): { cpus?: string[]; at: Record<string, number> } => {
    const list = d.cpus as string[] | undefined;
    for (const [j, id] of (list ?? []).entries()) if (!cpuIds.has(id)) errors.push(`${path}.cpus[${j}]: no CPU "${id}"; CPUs are ${[...cpuIds].join(', ')}`);
    const at: Record<string, number> = {};
    for (const [id, v] of Object.entries((d.at as Raw | undefined) ?? {})) {
      if (!cpuIds.has(id)) errors.push(`${path}.at.${id}: no CPU "${id}"`);
      const a = parseAddress(v);
      if (a === undefined) errors.push(`${path}.at.${id}: "${String(v)}" is not an address`);
      else at[id] = a;
    }
    return { cpus: list, at };
  };

  ((b.memory as Raw[] | undefined) ?? []).forEach((m, k) => {
    const path = `memory[${k}]`;
    claim(m.id as string, path);
    const base = parseAddress(m.base);
    const size = parseAddress(m.size);
    if (base === undefined) errors.push(`${path}.base: "${String(m.base)}" is not an address`);
    if (size === undefined || size === 0) errors.push(`${path}.size: "${String(m.size)}" is not a size`);
    devices.push({
      id: m.id as string,
      plugin: m.kind as string,
      base,
      size,
      space: 'memory',
      windows: [],
      options: { size, ...(m.file ? { file: m.file } : {}) },
      ...placement(m, path),
      inputs: {},
      outputs: {},
      path,
    });
  });

  ((b.devices as Raw[] | undefined) ?? []).forEach((c, k) => {
    const path = `devices[${k}]`;
    const d = c;
    claim(d.id as string, path);
    const base = d.base === undefined ? undefined : parseAddress(d.base);
    const size = d.size === undefined ? undefined : parseAddress(d.size);
    if (d.base !== undefined && base === undefined) errors.push(`${path}.base: "${String(d.base)}" is not an address`);
    if (d.size !== undefined && (size === undefined || size === 0)) errors.push(`${path}.size: "${String(d.size)}" is not a size`);
    const space = (d.space as 'memory' | 'io' | undefined) ?? 'memory';
    const windows: { base: number; size: number }[] = [];
    ((d.windows as Raw[] | undefined) ?? []).forEach((w, j) => {
      const wb = parseAddress(w.base);
      const ws = parseAddress(w.size);
      if (wb === undefined) errors.push(`${path}.windows[${j}].base: "${String(w.base)}" is not an address`);
      if (ws === undefined || ws === 0) errors.push(`${path}.windows[${j}].size: "${String(w.size)}" is not a size`);
      if (wb !== undefined && ws) windows.push({ base: wb, size: ws });
    });
    if (windows.length && space !== 'io') errors.push(`${path}.windows: only devices in the I/O port space (space: io) have further windows`);
    if (windows.length && base === undefined) errors.push(`${path}.windows: give the device a base; its windows are reached as offsets from it`);
    devices.push({
      id: d.id as string,
      plugin: d.plugin as string,
      base,
      size,
      space,
      windows,
      options: (d.options as Raw | undefined) ?? {},
      ...placement(d, path),
      inputs: (d.inputs as Record<string, string> | undefined) ?? {},
      outputs: expandWireRanges(normaliseOutputs(d.outputs), path, errors),
      path,
    });
  });

  const nodes = new Set([...cpuIds, ...devices.map((d) => d.id)]);
  for (const n of [...cpus, ...devices]) {
    for (const [port, from] of Object.entries(n.inputs)) checkEndpoint(from, `${n.path}.inputs.${port}`);
    for (const [port, tos] of Object.entries(n.outputs)) tos.forEach((to) => checkEndpoint(to, `${n.path}.outputs.${port}`));
  }
  function checkEndpoint(ep: string, path: string): void {
    const node = ep.slice(0, ep.indexOf('.'));
    if (!nodes.has(node)) errors.push(`${path}: "${ep}" names no CPU or device "${node}"`);
  }

  const q = parseDuration((b.quantum as string | undefined) ?? DEFAULT_QUANTUM);
  if (q._tag === 'Left') errors.push(`quantum: ${q.left}`);
  else if (q.right <= 0) errors.push('quantum: must be greater than zero');

  const deviceTree = b.deviceTree as { model?: string; compatible?: string | string[]; stdout?: string } | undefined;
  if (deviceTree?.stdout !== undefined && !devices.some((d) => d.id === deviceTree.stdout)) errors.push(`deviceTree.stdout: no device "${deviceTree.stdout}"`);

  if (errors.length) return left(userError('board', errors.map((m) => `${file}: ${m}`).join('\n')));
  return right({
    name: b.name as string,
    description: (b.description as string | undefined) ?? '',
    file,
    dir: dirname(file),
    quantum: q._tag === 'Right' ? q.right : 0,
    parameters: vars,
    cpus,
    devices,
    ...(deviceTree && {
      deviceTree: {
        model: deviceTree.model,
        compatible: typeof deviceTree.compatible === 'string' ? [deviceTree.compatible] : deviceTree.compatible,
        stdout: deviceTree.stdout,
      },
    }),
  });
}

function normaliseOutputs(o: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries((o as Record<string, string | string[]> | undefined) ?? {})) out[k] = Array.isArray(v) ? v : [v];
  return out;
}
