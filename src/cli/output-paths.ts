import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Can `path` be written (created or replaced)? Checked before a run starts, so a typo in
 * `--trace` or `--result` costs nothing instead of the whole run. Returns why not, or undefined.
 */
export function whyNotWritable(path: string): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st) {
    if (st.isDirectory()) return `${path} is a directory`;
    try {
      accessSync(path, constants.W_OK);
    } catch {
      return `${path} is not writable`;
    }
    return undefined;
  }
  const dir = dirname(path);
  let d;
  try {
    d = statSync(dir);
  } catch {
    return `folder ${dir} does not exist`;
  }
  if (!d.isDirectory()) return `${dir} is not a folder`;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `folder ${dir} is not writable`;
  }
  return undefined;
}
