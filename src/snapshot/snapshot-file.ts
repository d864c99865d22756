import { gunzipSync, gzipSync } from 'node:zlib';
import { Either, left, right } from 'fp-ts/lib/Either.js';
import { SNAPSHOT_VERSION, type MachineSnapshot } from './machine-snapshot.js';

/** First member of every snapshot file, so anything else is refused as "not a snapshot". */
const FORMAT = 'chimera-snapshot';

/**
 * The file format: gzip-compressed JSON, `{"format": "chimera-snapshot", "version": N, ...}` with
 * memory pages as base64. JSON keeps it inspectable (`zcat file | jq .identity`) and versioned by
 * one number; gzip makes the mostly-zero RAM and the repetitive state small.
 */
export function encodeSnapshot(s: MachineSnapshot): Buffer {
  const memory: Record<string, [number, string][]> = {};
  for (const [id, pages] of Object.entries(s.memory)) memory[id] = [...pages].map(([p, b]) => [p, Buffer.from(b).toString('base64')]);
  const json = JSON.stringify({ format: FORMAT, ...s, version: s.version, memory });
  return gzipSync(Buffer.from(json, 'utf8'));
}

/** Read a snapshot file's bytes; a file that is not one, or of another version, is refused by name. */
export function decodeSnapshot(bytes: Uint8Array, file: string): Either<string, MachineSnapshot> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(gunzipSync(bytes).toString('utf8')) as Record<string, unknown>;
  } catch {
    return left(`${file}: not a Chimera snapshot (not gzip-compressed JSON)`);
  }
  if (doc.format !== FORMAT) return left(`${file}: not a Chimera snapshot (no "format": "${FORMAT}")`);
  if (doc.version !== SNAPSHOT_VERSION) return left(`${file}: snapshot format version ${String(doc.version)}, this Chimera reads version ${SNAPSHOT_VERSION} only`);
  const memory: Record<string, Map<number, Uint8Array>> = {};
  for (const [id, pages] of Object.entries(doc.memory as Record<string, [number, string][]>)) memory[id] = new Map(pages.map(([p, b]) => [p, new Uint8Array(Buffer.from(b, 'base64'))]));
  return right({ ...(doc as unknown as MachineSnapshot), memory });
}
