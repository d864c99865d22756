import { expect } from 'chai';
import { EventQueue } from '../../src/time/event-queue.js';

describe('EventQueue', () => {
  it('pops events in time order, ties in insertion order', () => {
    const q = new EventQueue();
    const order: string[] = [];
    for (const [t, name] of [[30, 'c'], [10, 'a1'], [20, 'b'], [10, 'a2'], [10, 'a3']] as const) q.push(t, () => order.push(name), name);
    for (let e = q.popDue(100); e; e = q.popDue(100)) e.callback();
    expect(order).to.deep.equal(['a1', 'a2', 'a3', 'b', 'c']);
  });

  it('keeps events that are not yet due and skips cancelled ones', () => {
    const q = new EventQueue();
    const h = q.push(5, () => {}, 'x');
    q.push(50, () => {}, 'y');
    h.cancelled = true;
    expect(q.peekTime()).to.equal(50);
    expect(q.popDue(49)).to.equal(undefined);
    expect(q.popDue(50)?.label).to.equal('y');
    expect(q.peekTime()).to.equal(Infinity);
  });

  it('stays ordered under many random insertions', () => {
    const q = new EventQueue();
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 1000;
    const items: [number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      const t = rand();
      items.push([t, i]);
      q.push(t, () => {}, String(i));
    }
    items.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const got: string[] = [];
    for (let e = q.popDue(1e9); e; e = q.popDue(1e9)) got.push(e.label);
    expect(got).to.deep.equal(items.map((x) => String(x[1])));
  });
});
