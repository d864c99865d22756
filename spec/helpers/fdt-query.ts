import { readFdt, type FdtNode } from '../../src/device-tree/fdt-blob.js';

/** A parsed DTB with lookups for assertions. */
export class Tree {
  readonly root: FdtNode;
  constructor(blob: Uint8Array) {
    const r = readFdt(blob);
    if (r._tag === 'Left') throw new Error(`not a valid DTB: ${r.left}`);
    this.root = r.right;
  }

  node(path: string): FdtNode | undefined {
    let n: FdtNode | undefined = this.root;
    for (const part of path.split('/').filter(Boolean)) n = n?.children.find((c) => c.name === part);
    return n;
  }

  has(path: string): boolean {
    return this.node(path) !== undefined;
  }

  cells(path: string, prop: string): number[] | undefined {
    const v = this.node(path)?.properties.get(prop);
    if (!v) return undefined;
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    return Array.from({ length: v.length / 4 }, (_, i) => dv.getUint32(4 * i));
  }

  strings(path: string, prop: string): string[] | undefined {
    const v = this.node(path)?.properties.get(prop);
    return v ? Buffer.from(v).toString('utf8').split('\0').slice(0, -1) : undefined;
  }

  /** The path of the node whose phandle is `ph`. */
  phandlePath(ph: number): string | undefined {
    const walk = (n: FdtNode, at: string): string | undefined => {
      const p = n.properties.get('phandle');
      if (p && new DataView(p.buffer, p.byteOffset).getUint32(0) === ph) return at || '/';
      for (const c of n.children) {
        const f = walk(c, `${at}/${c.name}`);
        if (f) return f;
      }
      return undefined;
    };
    return walk(this.root, '');
  }

  /** Names of the root's children, in order. */
  rootNodes(): string[] {
    return this.root.children.map((c) => c.name);
  }
}
