import { Either, left, right } from 'fp-ts/lib/Either.js';
import { parseDocument } from 'yaml';
import shippedSchema from '../../schema/board.schema.json' with { type: 'json' };
import { dirnameOf, extensionOf } from '../util/path-text.js';
import { validateAgainst } from '../util/json-schema.js';
import { jsonErrorOffset, lineAndColumn } from '../util/json-position.js';
import { userError, type UserError } from '../util/user-error.js';
import { parseDuration, parseFrequency } from '../time/units.js';
import type { BoardSpec, CpuSpec, DeviceSpec } from './board-spec.js';
import { parseAddress, substitute, type ParameterValue } from './board-values.js';
import { expandWireRanges } from './wire-ranges.js';

/**
 * A board with errors. `partial` holds the entries that are well-formed, so `chimera validate` can
 * still check their arches, plugins and options and report every problem in one pass.
 */
export interface BoardErrors extends UserError {
  readonly partial?: BoardSpec;
}

export interface BoardParseOptions {
  /** --set name=value overrides of board parameters. */
  readonly set?: Readonly<Record<string, string>>;
  /** Architecture ids that can be loaded; a board naming another is refused. */
  readonly knownArches: readonly string[];
  /**
   * How a --set value of a `file: true` parameter becomes a path (default: as given). The host
   * decides: `readBoard` resolves it against the current directory on Node.
   */
  readonly resolveFile?: (value: string) => string;
}

type Raw = Record<string, unknown>;

/**
 * The board JSON Schema shipped in `schema/board.schema.json`. It is imported as a module, not
 * read from disk, so the parser runs without a file system (a browser, a bundle).
 */
export function boardSchema(): object {
  return shippedSchema as object;
}

const DEFAULT_QUANTUM = '10us';

/** Nesting deeper than this is no board: refused before anything walks the tree recursively. */
const MAX_DEPTH = 64;

/** The largest `count`, as the schema says (one source of truth for both checks). */
export function maxCount(): number {
  const def = (boardSchema() as { definitions: { count: { anyOf: { maximum?: number }[] } } }).definitions.count;
  return def.anyOf[0].maximum ?? 64;
}

/**
 * Parse and check a board from YAML or JSON text. Every problem found is reported at once, each
 * with its path; a `.json` file must be strict JSON.
 */
export function parseBoard(text: string, file: string, opts: BoardParseOptions): Either<BoardErrors, BoardSpec> {
  const fail = (msgs: string[], partial?: BoardSpec): Either<BoardErrors, BoardSpec> =>
    left({ ...userError('board', msgs.map((m) => `${file}: ${m}`).join('\n')), partial });
  const read = readTree(text, file);
  if (read._tag === 'Left') return fail([read.left]);
  const raw = read.right;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail(['a board must be a mapping with name, cpus, memory and devices']);
  if (depth(raw, MAX_DEPTH) > MAX_DEPTH) return fail([`nested more than ${MAX_DEPTH} levels deep; a board is a few levels of mappings and lists`]);

  const errors: string[] = [];
  const params = resolveParameters((raw as Raw).parameters, opts.set ?? {}, opts.resolveFile ?? ((v) => v));
  if (params._tag === 'Left') errors.push(...params.left.errors);
  const vars = params._tag === 'Left' ? params.left.vars : params.right;

  const missing = new Set<string>();
  const expanded: Raw = { ...(raw as Raw) };
  for (const list of ['cpus', 'devices'] as const) {
    const entries = (raw as Raw)[list];
    if (Array.isArray(entries)) expanded[list] = expand(list, entries, vars, missing, errors);
  }
  // memory entries have no count: the schema refuses one.
  if (Array.isArray((raw as Raw).memory)) expanded.memory = substitute((raw as Raw).memory, vars, missing);
  for (const key of ['quantum', 'name', 'description']) if (key in expanded) expanded[key] = substitute(expanded[key], vars, missing);
  if (missing.size) errors.push(`unknown parameter ${[...missing].map((m) => `\${${m}}`).join(', ')}; declare it under parameters`);

  const schemaErrors = validateAgainst(boardSchema(), expanded, '');
  errors.push(...schemaErrors);
  const malformed = new Set(schemaErrors.map((e) => /^((?:cpus|devices|memory)\[\d+\])/.exec(e)?.[1]).filter((p): p is string => !!p));
  const checked = check(expanded, file, vars, opts, malformed);
  errors.push(...checked.errors);
  if (errors.length) return fail(errors, checked.board);
  return right(checked.board);
}

/** Parse the text as strict JSON (for .json files) or YAML, refusing alias bombs. */
function readTree(text: string, file: string): Either<string, unknown> {
  if (extensionOf(file).toLowerCase() === '.json') {
    try {
      return right(JSON.parse(text) as unknown);
    } catch (e) {
      return left(`JSON error: ${jsonErrorWithLine(text, (e as Error).message)}`);
    }
  }
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    return left(`cannot be read as YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc.errors.length) {
    // The first error is the cause; the rest are usually its echoes.
    const e = doc.errors[0];
    const hint = /\$\{/.test(text) && /flow|Unexpected/.test(e.message) ? ' (a ${...} placeholder inside { } must be quoted)' : '';
    if (/Maximum call stack/.test(e.message)) return left(`nested too deep to be a board (YAML error at line ${e.linePos?.[0].line ?? '?'})`);
    return left(`YAML error at line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}${hint}`);
  }
  try {
    // Aliases that expand past this count are a "billion laughs" attack, not a board.
    return right(doc.toJS({ maxAliasCount: 100 }) as unknown);
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) return left('YAML aliases expand too much (more than 100 copies): refused as a resource-exhaustion attack');
    return left(`cannot be read as YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Add where the JSON goes wrong to JSON.parse's message, which in Node 20 names no place. */
function jsonErrorWithLine(text: string, message: string): string {
  const first = message.split('\n')[0];
  if (/line \d+/.test(first)) return first;
  const at = jsonErrorOffset(text);
  return at === undefined ? first : `${first.replace(/, \.\.\.[\s\S]*$/, '')} at ${lineAndColumn(text, at)}`;
}

/** Depth of a parsed tree, counting no further than `limit + 1`; iterative, so no deep recursion. */
function depth(root: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const v of Object.values(node)) stack.push([v, d + 1]);
  }
  return max;
}

function resolveParameters(
  decl: unknown,
  set: Readonly<Record<string, string>>,
  resolveFile: (value: string) => string,
): Either<{ errors: string[]; vars: Record<string, ParameterValue> }, Record<string, ParameterValue>> {
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
    } else vars[name] = p.file === true && value !== '' ? resolveFile(value) : value;
  }
  return errors.length ? left({ errors, vars }) : right(vars);
}

/**
 * Replace placeholders and repeat entries that have `count`. The count is checked against the
 * schema's bounds before anything is repeated, so a huge count costs nothing.
 */
function expand(list: string, entries: unknown[], vars: Record<string, ParameterValue>, missing: Set<string>, errors: string[]): unknown[] {
  const out: unknown[] = [];
  const limit = maxCount();
  entries.forEach((entry, k) => {
    if (!entry || typeof entry !== 'object' || !('count' in entry)) {
      out.push(substitute(entry, vars, missing));
      return;
    }
    const count = substitute((entry as Raw).count, vars, missing);
    let times = 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) errors.push(`${list}[${k}].count: ${JSON.stringify(count)} is not a whole number from 1 to ${limit}`);
    else if (count > limit) errors.push(`${list}[${k}].count: ${count} is more than ${limit}`);
    else times = count;
    const { count: _drop, ...rest } = entry as Raw;
    for (let i = 0; i < times; i++) {
      const copy = substitute(rest, { ...vars, i }, missing) as Raw;
      // "first" means the first of the group runs at time 0 and the rest wait to be started.
      if (copy.start === 'first') copy.start = i === 0;
      out.push(copy);
    }
  });
  return out;
}

const isRecord = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);
const entriesOf = (v: unknown): Raw[] => (Array.isArray(v) ? v.map((e) => (isRecord(e) ? e : {})) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const stringMap = (v: unknown): Record<string, string> => (isRecord(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {});

/**
 * The checks the schema cannot make: unique ids, known arches, clocks, addresses, wiring. It runs
 * on a tree that may have failed the schema, so it trusts no field's type; entries the schema
 * found malformed are checked here as far as they go but left out of the partial board.
 */
function check(b: Raw, file: string, vars: Record<string, ParameterValue>, opts: BoardParseOptions, malformed: ReadonlySet<string>): { errors: string[]; board: BoardSpec } {
  const errors: string[] = [];
  const ids = new Map<string, string>();
  const claim = (id: string | undefined, path: string): void => {
    if (id === undefined) return;
    const prev = ids.get(id);
    if (prev) errors.push(`${path}.id: "${id}" is already used by ${prev}`);
    else ids.set(id, path);
  };

  const cpus: CpuSpec[] = [];
  entriesOf(b.cpus).forEach((cpu, k) => {
    const path = `cpus[${k}]`;
    const id = str(cpu.id);
    claim(id, path);
    const arch = str(cpu.arch);
    if (arch !== undefined && !opts.knownArches.includes(arch)) {
      errors.push(`${path}.arch: unknown arch "${arch}"; known: ${opts.knownArches.join(', ') || '(none)'}`);
    }
    const clock = cpu.clock === undefined ? '100MHz' : cpu.clock;
    const freq = typeof clock === 'string' || typeof clock === 'number' ? parseFrequency(clock) : undefined;
    if (freq?._tag === 'Left') errors.push(`${path}.clock: ${freq.left}`);
    if (id === undefined || arch === undefined || malformed.has(path)) return;
    cpus.push({
      id,
      arch,
      model: str(cpu.model),
      frequency: freq?._tag === 'Right' ? freq.right : 1,
      start: cpu.start === 'program' ? 'program' : cpu.start !== false,
      boot: str(cpu.boot) ?? 'entry',
      options: isRecord(cpu.options) ? cpu.options : {},
      inputs: stringMap(cpu.inputs),
      outputs: expandWireRanges(normaliseOutputs(cpu.outputs), path, errors),
      path,
    });
  });
  const cpuIds = new Set(cpus.map((c) => c.id));
  for (const c of entriesOf(b.cpus)) if (typeof c.id === 'string') cpuIds.add(c.id);

  const devices: DeviceSpec[] = [];
  const placement = (d: Raw, path: string): { cpus?: string[]; at: Record<string, number> } => {
    const list = Array.isArray(d.cpus) ? d.cpus.filter((c): c is string => typeof c === 'string') : undefined;
    for (const [j, id] of (list ?? []).entries()) if (!cpuIds.has(id)) errors.push(`${path}.cpus[${j}]: no CPU "${id}"; CPUs are ${[...cpuIds].join(', ')}`);
    const at: Record<string, number> = {};
    for (const [id, v] of Object.entries(isRecord(d.at) ? d.at : {})) {
      if (!cpuIds.has(id)) errors.push(`${path}.at.${id}: no CPU "${id}"`);
      const a = parseAddress(v);
      if (a === undefined) errors.push(`${path}.at.${id}: "${String(v)}" is not an address`);
      else at[id] = a;
    }
    return { cpus: list, at };
  };

  entriesOf(b.memory).forEach((m, k) => {
    const path = `memory[${k}]`;
    const id = str(m.id);
    claim(id, path);
    const base = parseAddress(m.base);
    const size = parseAddress(m.size);
    if (m.base !== undefined && base === undefined) errors.push(`${path}.base: "${String(m.base)}" is not an address`);
    if (m.size !== undefined && (size === undefined || size === 0)) errors.push(`${path}.size: "${String(m.size)}" is not a size`);
    const where = placement(m, path);
    const kind = str(m.kind);
    if (id === undefined || kind === undefined || base === undefined || !size || malformed.has(path)) return;
    devices.push({
      id,
      plugin: kind,
      base,
      size,
      space: 'memory',
      windows: [],
      options: { size, ...(m.file ? { file: m.file } : {}) },
      ...where,
      inputs: {},
      outputs: {},
      path,
    });
  });

  entriesOf(b.devices).forEach((d, k) => {
    const path = `devices[${k}]`;
    const id = str(d.id);
    claim(id, path);
    const base = d.base === undefined ? undefined : parseAddress(d.base);
    const size = d.size === undefined ? undefined : parseAddress(d.size);
    if (d.base !== undefined && base === undefined) errors.push(`${path}.base: "${String(d.base)}" is not an address`);
    if (d.size !== undefined && (size === undefined || size === 0)) errors.push(`${path}.size: "${String(d.size)}" is not a size`);
    const space = d.space === 'io' ? 'io' : 'memory';
    const windows: { base: number; size: number }[] = [];
    (Array.isArray(d.windows) ? d.windows : []).forEach((w: unknown, j: number) => {
      const win = isRecord(w) ? w : {};
      const wb = parseAddress(win.base);
      const ws = parseAddress(win.size);
      if (wb === undefined) errors.push(`${path}.windows[${j}].base: "${String(win.base)}" is not an address`);
      if (ws === undefined || ws === 0) errors.push(`${path}.windows[${j}].size: "${String(win.size)}" is not a size`);
      if (wb !== undefined && ws) windows.push({ base: wb, size: ws });
    });
    if (windows.length && space !== 'io') errors.push(`${path}.windows: only devices in the I/O port space (space: io) have further windows`);
    if (windows.length && base === undefined) errors.push(`${path}.windows: give the device a base; its windows are reached as offsets from it`);
    const where = placement(d, path);
    const plugin = str(d.plugin);
    if (id === undefined || plugin === undefined || malformed.has(path)) return;
    devices.push({
      id,
      plugin,
      base,
      size,
      space,
      windows,
      options: isRecord(d.options) ? d.options : {},
      ...(d.serial !== undefined ? { serial: d.serial as 'stdio' | 'null' } : {}),
      ...where,
      inputs: stringMap(d.inputs),
      outputs: expandWireRanges(normaliseOutputs(d.outputs), path, errors),
      path,
    });
  });

  const nodes = new Set([...cpuIds, ...ids.keys()]);
  // Every edge once: the same output wired to the same input twice is a mistake, not an OR.
  const edges = new Map<string, string>();
  const edge = (from: string, to: string, path: string): void => {
    const key = `${from} -> ${to}`;
    const prev = edges.get(key);
    if (prev) errors.push(`${path}: ${from} is wired to ${to} twice (also at ${prev})`);
    else edges.set(key, path);
  };
  for (const n of [...cpus, ...devices]) {
    for (const [port, from] of Object.entries(n.inputs)) {
      checkEndpoint(from, `${n.path}.inputs.${port}`);
      edge(from, `${n.id}.${port}`, `${n.path}.inputs.${port}`);
    }
    for (const [port, tos] of Object.entries(n.outputs)) {
      tos.forEach((to) => {
        checkEndpoint(to, `${n.path}.outputs.${port}`);
        edge(`${n.id}.${port}`, to, `${n.path}.outputs.${port}`);
      });
    }
  }
  function checkEndpoint(ep: string, path: string): void {
    const node = ep.slice(0, ep.indexOf('.'));
    if (!nodes.has(node)) errors.push(`${path}: "${ep}" names no CPU or device "${node}"`);
  }

  const quantum = typeof b.quantum === 'string' ? b.quantum : DEFAULT_QUANTUM;
  const q = parseDuration(quantum);
  if (q._tag === 'Left') errors.push(`quantum: ${q.left}`);
  else if (q.right <= 0) errors.push('quantum: must be greater than zero');

  const deviceTree = isRecord(b.deviceTree) ? (b.deviceTree as { model?: string; compatible?: string | string[]; stdout?: string }) : undefined;
  if (deviceTree?.stdout !== undefined && !devices.some((d) => d.id === deviceTree.stdout)) errors.push(`deviceTree.stdout: no device "${deviceTree.stdout}"`);

  return {
    errors,
    board: {
      name: str(b.name) ?? '',
      description: str(b.description) ?? '',
      file,
      dir: dirnameOf(file),
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
    },
  };
}

function normaliseOutputs(o: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isRecord(o)) return out;
  for (const [k, v] of Object.entries(o)) {
    const list = (Array.isArray(v) ? v : [v]).filter((t): t is string => typeof t === 'string');
    if (list.length) out[k] = list;
  }
  return out;
}
