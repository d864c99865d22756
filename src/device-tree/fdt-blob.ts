import { Either, left, right } from 'fp-ts/lib/Either.js';

/** Text in the blob is UTF-8 (node names, property names); TextEncoder runs in a page too. */
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * A device-tree node with its property values already encoded as bytes: what a DTB holds.
 * The writer and the reader use this form; `DeviceTreeBuilder` produces it from contributions.
 */
export interface FdtNode {
  name: string;
  properties: Map<string, Uint8Array>;
  children: FdtNode[];
}

/** Devicetree Specification v0.4, §5: the flattened format. */
const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_NOP = 4;
const FDT_END = 9;
const HEADER_SIZE = 40;
const VERSION = 17;
const LAST_COMPATIBLE_VERSION = 16;

/** Largest blob the reader accepts (Linux maps at most 2 MiB of DTB on arm64). */
export const FDT_MAX_SIZE = 2 * 1024 * 1024;

const align4 = (n: number): number => (n + 3) & ~3;

/**
 * Serialise a tree into a DTB (version 17): header, an empty memory-reservation map, the
 * structure block, then the strings block with each property name stored once.
 */
export function writeFdt(root: FdtNode, bootCpu = 0): Uint8Array {
  const strings: number[] = [];
  const stringOffsets = new Map<string, number>();
  const nameOffset = (name: string): number => {
    let off = stringOffsets.get(name);
    if (off === undefined) {
      off = strings.length;
      stringOffsets.set(name, off);
      for (const b of utf8.encode(name)) strings.push(b);
      strings.push(0);
    }
    return off;
  };

  // Size the structure block first so it is written into one buffer.
  const structSize = (n: FdtNode): number => {
    let size = 4 + align4(utf8.encode(n.name).length + 1) + 4;
    for (const v of n.properties.values()) size += 12 + align4(v.length);
    for (const c of n.children) size += structSize(c);
    return size;
  };
  const struct = new Uint8Array(structSize(root) + 4);
  const sv = new DataView(struct.buffer);
  let p = 0;
  const emit = (n: FdtNode): void => {
    sv.setUint32(p, FDT_BEGIN_NODE);
    p += 4;
    const name = utf8.encode(n.name);
    struct.set(name, p);
    p += align4(name.length + 1);
    for (const [key, value] of n.properties) {
      sv.setUint32(p, FDT_PROP);
      sv.setUint32(p + 4, value.length);
      sv.setUint32(p + 8, nameOffset(key));
      struct.set(value, p + 12);
      p += 12 + align4(value.length);
    }
    for (const c of n.children) emit(c);
    sv.setUint32(p, FDT_END_NODE);
    p += 4;
  };
  emit(root);
  sv.setUint32(p, FDT_END);
  p += 4;

  const rsvmapOffset = HEADER_SIZE; // 8-byte aligned, as the spec requires
  const rsvmapSize = 16; // just the terminating (0, 0) entry
  const structOffset = rsvmapOffset + rsvmapSize;
  const stringsOffset = structOffset + struct.length;
  const total = align4(stringsOffset + strings.length);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, FDT_MAGIC);
  v.setUint32(4, total);
  v.setUint32(8, structOffset);
  v.setUint32(12, stringsOffset);
  v.setUint32(16, rsvmapOffset);
  v.setUint32(20, VERSION);
  v.setUint32(24, LAST_COMPATIBLE_VERSION);
  v.setUint32(28, bootCpu >>> 0);
  v.setUint32(32, strings.length);
  v.setUint32(36, struct.length);
  out.set(struct, structOffset);
  out.set(strings, stringsOffset);
  return out;
}

/**
 * Parse a DTB (a user's `--dtb` file). Every offset and length is checked against the blob, so a
 * malformed file is a message, never a crash or a huge allocation.
 */
export function readFdt(blob: Uint8Array): Either<string, FdtNode> {
  if (blob.length < HEADER_SIZE) return left(`too short for a device-tree header (${blob.length} bytes)`);
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (v.getUint32(0) !== FDT_MAGIC) return left(`not a device tree blob (magic 0x${v.getUint32(0).toString(16)}, want 0xd00dfeed)`);
  const total = v.getUint32(4);
  const structOffset = v.getUint32(8);
  const stringsOffset = v.getUint32(12);
  const version = v.getUint32(20);
  const lastCompatible = v.getUint32(24);
  const stringsSize = v.getUint32(32);
  const structSize = v.getUint32(36);
  if (total > blob.length) return left(`header says ${total} bytes, the file has ${blob.length}`);
  if (total > FDT_MAX_SIZE) return left(`${total} bytes is more than the ${FDT_MAX_SIZE} a kernel maps`);
  if (lastCompatible > VERSION || version < LAST_COMPATIBLE_VERSION) return left(`version ${version} (compatible with ${lastCompatible}); this reader handles 16 and 17`);
  if (structOffset + structSize > total || stringsOffset + stringsSize > total) return left('structure or strings block lies outside the blob');

  const stringAt = (off: number): string | undefined => {
    if (off >= stringsSize) return undefined;
    const start = stringsOffset + off;
    const end = blob.indexOf(0, start);
    if (end < 0 || end >= stringsOffset + stringsSize) return undefined;
    return fromUtf8.decode(blob.subarray(start, end));
  };

  const end = structOffset + structSize;
  let p = structOffset;
  const word = (): number | undefined => {
    if (p + 4 > end) return undefined;
    const w = v.getUint32(p);
    p += 4;
    return w;
  };
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  for (;;) {
    const token = word();
    if (token === undefined) return left('structure block ends before FDT_END');
    if (token === FDT_NOP) continue;
    if (token === FDT_BEGIN_NODE) {
      const nul = blob.indexOf(0, p);
      if (nul < 0 || nul >= end) return left('node name runs past the structure block');
      const node: FdtNode = { name: fromUtf8.decode(blob.subarray(p, nul)), properties: new Map(), children: [] };
      p = align4(nul + 1 - structOffset) + structOffset;
      if (stack.length) stack[stack.length - 1].children.push(node);
      else if (root) return left('more than one root node');
      else root = node;
      stack.push(node);
    } else if (token === FDT_PROP) {
      const len = word();
      const nameOff = word();
      if (len === undefined || nameOff === undefined || p + len > end) return left('property runs past the structure block');
      const name = stringAt(nameOff);
      if (name === undefined) return left(`property name offset ${nameOff} lies outside the strings block`);
      if (!stack.length) return left(`property "${name}" outside any node`);
      stack[stack.length - 1].properties.set(name, blob.slice(p, p + len));
      p = align4(p + len - structOffset) + structOffset;
    } else if (token === FDT_END_NODE) {
      if (!stack.pop()) return left('FDT_END_NODE without a node');
    } else if (token === FDT_END) {
      if (stack.length || !root) return left('FDT_END inside a node');
      return right(root);
    } else return left(`unknown structure token 0x${token.toString(16)} at offset ${p - 4}`);
  }
}
