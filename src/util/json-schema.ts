import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';

// ajv is CommonJS; under NodeNext its default export arrives as the module object.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as typeof AjvModule.default;

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const cache = new WeakMap<object, ValidateFunction>();

/** Validate `data` against a JSON Schema; returns messages naming each bad field under `prefix`. */
export function validateAgainst(schema: object, data: unknown, prefix: string): string[] {
  let validate = cache.get(schema);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (e) {
      return [`${prefix}: the schema itself is invalid: ${(e as Error).message}`];
    }
    cache.set(schema, validate);
  }
  if (validate(data)) return [];
  return simplify(validate.errors ?? []).map((e) => describe(e, prefix));
}

/** anyOf failures produce one error per branch; keep the most useful line per path. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) {
    const key = e.instancePath + (e.keyword === 'additionalProperties' ? '/' + String(e.params.additionalProperty) : '');
    const prev = byPath.get(key);
    if (!prev || prev.keyword === 'anyOf' || (prev.keyword === 'type' && e.keyword !== 'anyOf')) byPath.set(key, e);
  }
  return [...byPath.values()];
}

export function jsonPath(prefix: string, instancePath: string): string {
  let out = prefix;
  for (const part of instancePath.split('/').slice(1)) {
    const p = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^[0-9]+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  }
  return out || '(top level)';
}

function describe(e: ErrorObject, prefix: string): string {
  const path = jsonPath(prefix, e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties':
      return `${path}: unknown field "${String(e.params.additionalProperty)}"`;
    case 'required':
      return `${path}: missing required field "${String(e.params.missingProperty)}"`;
    case 'enum':
      return `${path}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf':
      return `${path}: has the wrong form (${e.parentSchema && (e.parentSchema as { description?: string }).description ? (e.parentSchema as { description: string }).description : 'see the schema'})`;
    default:
      return `${path}: ${e.message ?? 'is invalid'}`;
  }
}
