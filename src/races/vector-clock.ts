/**
 * Vector clocks over the board's CPUs: entry i is how far CPU i's history is known. Plain
 * Uint32Arrays; a clock handed out as a release is never written again, so holders share it.
 */
export type VectorClock = Uint32Array;

export function newClock(n: number): VectorClock {
  return new Uint32Array(n);
}

/** into := max(into, from), element-wise. */
export function join(into: VectorClock, from: VectorClock): void {
  for (let i = 0; i < into.length; i++) if (from[i] > into[i]) into[i] = from[i];
}

/** A frozen copy (for releases). */
export function snapshot(c: VectorClock): VectorClock {
  return c.slice();
}

/** A new clock, the element-wise max of a (may be undefined) and b. */
export function joined(a: VectorClock | undefined, b: VectorClock): VectorClock {
  const out = b.slice();
  if (a) join(out, a);
  return out;
}
