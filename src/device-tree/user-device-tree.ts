import { Either, right } from 'fp-ts/lib/Either.js';
import type { DtChosen } from '../api/device-tree.js';
import { readFdt, writeFdt, type FdtNode } from './fdt-blob.js';
import { encodeValue } from './device-tree-builder.js';

/**
 * A user's `--dtb` file with `/chosen` brought up to date, as QEMU does with `-dtb`: `bootargs`
 * when a command line is given, `linux,initrd-start`/`-end` when there is an initrd. The rest of
 * the tree is used as given (unlike QEMU, `/memory` is not rewritten: the file is the user's word).
 */
export function userDeviceTree(blob: Uint8Array, chosen: DtChosen): Either<string, Uint8Array> {
  const tree = readFdt(blob);
  if (tree._tag === 'Left') return tree;
  const root = tree.right;
  let node: FdtNode | undefined = root.children.find((c) => c.name === 'chosen');
  if (!node) {
    node = { name: 'chosen', properties: new Map(), children: [] };
    root.children.push(node);
  }
  const none = new Map<string, number>();
  if (chosen.bootargs) node.properties.set('bootargs', encodeValue(chosen.bootargs, none));
  if (chosen.initrd) {
    const { start, end } = chosen.initrd;
    const enc = (n: number): number[] => (n < 2 ** 32 ? [n] : [Math.floor(n / 2 ** 32), n >>> 0]);
    node.properties.set('linux,initrd-start', encodeValue(enc(start), none));
    node.properties.set('linux,initrd-end', encodeValue(enc(end), none));
  }
  return right(writeFdt(root, new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(28)));
}
