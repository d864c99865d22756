import { Either, left, right } from 'fp-ts/lib/Either.js';
import type { DtContribution, DtNode, DtValue } from '../api/device-tree.js';
import type { FdtNode } from './fdt-blob.js';

const utf8 = new TextEncoder();

/** A node while the tree is assembled: values still hold references. */
interface DraftNode {
  name: string;
  label?: string;
  properties: Map<string, DtValue>;
  children: DraftNode[];
  /** Who added it, for messages. */
  origin: string;
}

/**
 * Assembles contributions into one tree. Two contributions may add the same node (a shared
 * `apb-pclk` clock); they must then give it the same properties, and their children are merged. References (`dtRef`) are resolved to
 * phandles at the end: only referenced nodes get a `phandle`, numbered in tree order from 1.
 */
export class DeviceTreeBuilder {
  private readonly root: DraftNode = { name: '', properties: new Map(), children: [], origin: 'the board' };
  private readonly labels = new Map<string, DraftNode>();
  private readonly errors: string[] = [];

  /** Set a property of the root node. */
  setRootProperty(name: string, value: DtValue): void {
    this.root.properties.set(name, value);
  }

  /** Add a node under its contribution's parent (a label or a path; default the root). */
  add(c: DtContribution, origin: string): string | undefined {
    const parent = c.parent === undefined ? this.root : this.find(c.parent);
    if (!parent) {
      this.errors.push(`${origin}: node ${c.node.name} wants parent "${c.parent}", which no node is`);
      return undefined;
    }
    return this.insert(parent, c.node, origin);
  }

  /** The absolute path of a node added with a label, or a path as given. */
  pathOf(labelOrPath: string): string | undefined {
    const n = this.find(labelOrPath);
    return n ? this.path(n) : undefined;
  }

  /** Whether a label is defined. */
  hasLabel(label: string): boolean {
    return this.labels.has(label);
  }

  /** Node by label or absolute path (`/`, `/cpus`, `/intc@8000000/v2m@8020000`). */
  private find(labelOrPath: string): DraftNode | undefined {
    if (!labelOrPath.startsWith('/')) return this.labels.get(labelOrPath);
    let n: DraftNode | undefined = this.root;
    for (const part of labelOrPath.split('/').filter(Boolean)) n = n?.children.find((c) => c.name === part);
    return n;
  }

  private path(target: DraftNode): string | undefined {
    const walk = (n: DraftNode, at: string): string | undefined => {
      if (n === target) return at || '/';
      for (const c of n.children) {
        const p = walk(c, `${at}/${c.name}`);
        if (p) return p;
      }
      return undefined;
    };
    return walk(this.root, '');
  }

  private insert(parent: DraftNode, node: DtNode, origin: string): string | undefined {
    if (!/^[A-Za-z0-9,._+-]+(@[A-Za-z0-9,._+-]+)?$/.test(node.name)) {
      this.errors.push(`${origin}: "${node.name}" is not a valid node name`);
      return undefined;
    }
    const existing = parent.children.find((c) => c.name === node.name);
    if (existing) {
      // The same node from several contributions (a shared clock, one `gpio-keys` for several
      // keys): its own properties must agree; children are merged by the same rule.
      if (existing.label !== node.label || !sameProperties(existing, node)) {
        this.errors.push(`${origin}: node ${node.name} is already described differently by ${existing.origin}`);
        return undefined;
      }
      for (const child of node.children ?? []) this.insert(existing, child, origin);
      return this.path(existing);
    }
    const draft: DraftNode = { name: node.name, label: node.label, properties: new Map(Object.entries(node.properties)), children: [], origin };
    if (node.label !== undefined) {
      if (this.labels.has(node.label)) {
        this.errors.push(`${origin}: label "${node.label}" is already used by ${this.labels.get(node.label)!.origin}`);
        return undefined;
      }
      this.labels.set(node.label, draft);
    }
    parent.children.push(draft);
    for (const child of node.children ?? []) this.insert(draft, child, origin);
    return this.path(draft);
  }

  /** Resolve references, number phandles and encode every value. */
  finish(): Either<string, FdtNode> {
    const errors = [...this.errors];
    const referenced = new Set<string>();
    const scan = (n: DraftNode): void => {
      for (const [key, v] of n.properties) {
        if (!Array.isArray(v)) continue;
        for (const cell of v as readonly unknown[]) {
          if (typeof cell === 'object' && cell !== null && 'ref' in cell) {
            const label = (cell as { ref: string }).ref;
            if (!this.labels.has(label)) errors.push(`${n.origin}: ${n.name}/${key} refers to "&${label}", which no node is labelled`);
            referenced.add(label);
          }
        }
      }
      n.children.forEach(scan);
    };
    scan(this.root);
    if (errors.length) return left(errors.join('\n'));

    const phandles = new Map<string, number>();
    let next = 1;
    const number = (n: DraftNode): void => {
      if (n.label !== undefined && referenced.has(n.label)) phandles.set(n.label, next++);
      n.children.forEach(number);
    };
    number(this.root);

    const encodeNode = (n: DraftNode): FdtNode => {
      const properties = new Map<string, Uint8Array>();
      for (const [k, v] of n.properties) properties.set(k, encodeValue(v, phandles));
      if (n.label !== undefined && phandles.has(n.label)) properties.set('phandle', cellBytes([phandles.get(n.label)!]));
      return { name: n.name, properties, children: n.children.map(encodeNode) };
    };
    return right(encodeNode(this.root));
  }
}

function sameProperties(a: DraftNode, b: DtNode): boolean {
  const props = Object.entries(b.properties);
  return a.properties.size === props.length && props.every(([k, v]) => a.properties.has(k) && sameValue(a.properties.get(k)!, v));
}

function sameValue(a: DtValue, b: DtValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = a as readonly unknown[];
    const y = b as readonly unknown[];
    const same = (p: unknown, q: unknown): boolean =>
      typeof p === 'object' && p !== null && typeof q === 'object' && q !== null ? (p as { ref: string }).ref === (q as { ref: string }).ref : p === q;
    return x.length === y.length && x.every((p, i) => same(p, y[i]));
  }
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const x = encodeValue(a, new Map());
  const y = encodeValue(b, new Map());
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}

function cellBytes(cells: readonly number[]): Uint8Array {
  const out = new Uint8Array(cells.length * 4);
  const v = new DataView(out.buffer);
  cells.forEach((c, i) => v.setUint32(i * 4, c >>> 0));
  return out;
}

/** Encode one value; references become phandles. */
export function encodeValue(v: DtValue, phandles: ReadonlyMap<string, number>): Uint8Array {
  if (v === true) return new Uint8Array(0);
  if (v instanceof Uint8Array) return v.slice();
  if (typeof v === 'string') return utf8.encode(`${v}\0`);
  if (v.length === 0) return new Uint8Array(0);
  if (typeof v[0] === 'string') return utf8.encode((v as readonly string[]).map((s) => `${s}\0`).join(''));
  const cells = (v as readonly (number | { ref: string })[]).map((c) => {
    if (typeof c === 'number') {
      if (!Number.isInteger(c)) throw new Error(`device-tree cell ${c} is not an integer`);
      return c;
    }
    return phandles.get(c.ref) ?? 0;
  });
  return cellBytes(cells);
}
