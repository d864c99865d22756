/**
 * The little path arithmetic the runtime core needs, on plain strings, so the core runs where
 * `node:path` does not (a browser, a worker). Both separators are accepted, as Node accepts them
 * on Windows; the Node edges (board files, plugin folders) keep using `node:path`.
 */

const lastSeparator = (p: string): number => Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));

/** The folder part of `p`: `boards/soc.yaml` → `boards`, `soc.yaml` → `.`, `/x` → `/`. */
export function dirnameOf(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/[\\/]+$/, '') : p;
  const i = lastSeparator(trimmed);
  if (i < 0) return '.';
  if (i === 0) return trimmed[0];
  // A Windows drive root keeps its separator: `C:\x` → `C:\`.
  if (i === 2 && trimmed[1] === ':') return trimmed.slice(0, 3);
  return trimmed.slice(0, i);
}

/** The extension of the last part of `p`, with its dot (`.yaml`), or '' when there is none. */
export function extensionOf(p: string): string {
  const base = p.slice(lastSeparator(p) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

/** True for `/x`, `\x` and `C:\x` (or `C:/x`). */
export function isAbsolutePath(p: string): boolean {
  return /^([\\/]|[A-Za-z]:[\\/])/.test(p);
}

/** `name` relative to `dir` (absolute names as they are), with `.` and `..` parts resolved. */
export function joinPath(dir: string, name: string): string {
  const full = isAbsolutePath(name) ? name : `${dir}/${name}`;
  const root = /^([A-Za-z]:)?[\\/]/.exec(full)?.[0] ?? '';
  const out: string[] = [];
  for (const part of full.slice(root.length).split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !root) out.push(part);
  }
  return root.replace(/\\/g, '/') + (out.join('/') || (root ? '' : '.'));
}
