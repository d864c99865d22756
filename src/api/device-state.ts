/**
 * Saved state of a device or CPU: plain JSON values, so a snapshot is data that can be written,
 * compared and checked, and never holds a closure. Typed arrays are saved as arrays of numbers.
 */
export type StateValue = number | string | boolean | null | readonly StateValue[] | { readonly [key: string]: StateValue };
export type SavedState = { readonly [key: string]: StateValue };

type Fields = Record<string, unknown>;
const isTyped = (v: unknown): v is Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array => ArrayBuffer.isView(v) && !(v instanceof DataView);

function copyOut(v: unknown, path: string): StateValue {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v === undefined) return null;
  if (isTyped(v)) return Array.from(v as ArrayLike<number>);
  if (Array.isArray(v)) return v.map((x, i) => copyOut(x, `${path}[${i}]`));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, StateValue> = {};
    for (const [k, x] of Object.entries(v as Fields)) out[k] = copyOut(x, `${path}.${k}`);
    return out;
  }
  throw new Error(`${path}: ${typeof v === 'object' ? (v as object).constructor.name : typeof v} cannot be saved as state (a bug in the plugin's save)`);
}

/**
 * Copy the named fields of `obj` (numbers, strings, booleans, typed arrays, arrays and plain
 * objects of those) into a `SavedState`. What most `Device.save` implementations need.
 */
export function saveFields(obj: object, names: readonly string[]): SavedState {
  const out: Record<string, StateValue> = {};
  for (const n of names) {
    if (!(n in obj)) throw new Error(`${obj.constructor.name} has no field "${n}" to save (a bug in its save)`);
    out[n] = copyOut((obj as Fields)[n], n);
  }
  return out;
}

/**
 * Put the named fields back: typed arrays and arrays are refilled in place (they may be
 * `readonly`), everything else assigned. Throws if the state lacks a field (another plugin
 * version), which the snapshot loader reports naming the device.
 */
export function restoreFields(obj: object, names: readonly string[], state: SavedState): void {
  const o = obj as Fields;
  for (const n of names) {
    if (!(n in state)) throw new Error(`saved state has no field "${n}"`);
    const v = state[n];
    const cur = o[n];
    if (isTyped(cur)) {
      if (!Array.isArray(v) || v.length !== cur.length) throw new Error(`field "${n}" should hold ${cur.length} numbers`);
      (cur as { set(a: ArrayLike<number>): void }).set(v as number[]);
    } else if (Array.isArray(cur)) {
      if (!Array.isArray(v)) throw new Error(`field "${n}" should be an array`);
      cur.length = 0;
      cur.push(...structuredClone(v as unknown[]));
    } else o[n] = v === null ? undefined : structuredClone(v);
  }
}
