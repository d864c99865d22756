/** Chunk size for String.fromCharCode: well under any engine's limit on call arguments. */
const CHUNK = 8192;

/**
 * Bytes as a latin1 string (each byte one character), as `Buffer#toString('latin1')` gives on
 * Node, without Buffer, so the core runs in a browser. Long inputs are converted in chunks: a
 * guest's line may be any length.
 */
export function latin1(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, Array.prototype.slice.call(bytes, i, Math.min(i + CHUNK, bytes.length)) as number[]);
  }
  return out;
}
