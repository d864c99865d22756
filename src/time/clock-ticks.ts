import { PS_PER_S } from './units.js';

/**
 * Exact conversions between virtual time (integer picoseconds) and the ticks of a device clock
 * whose frequency is a whole number of hertz (the PC's 1193182 Hz PIT, a 1 GHz APIC bus).
 * Clock edge k falls at `timeOfTick(k, hz)` = ceil(k * 1e12 / hz) ps, so a device that counts
 * from time 0 in whole ticks never drifts, whatever its period's fraction of a picosecond.
 * Not for the instruction hot path: products beyond 2^53 take a BigInt detour.
 */

/** Number of clock edges in (0, ps]: floor(ps * hz / 1e12). */
export function ticksAt(ps: number, hz: number): number {
  const product = ps * hz;
  if (Number.isSafeInteger(product)) {
    let q = Math.floor(product / PS_PER_S);
    // A float quotient can round up across an integer; step back when it did.
    if (q * PS_PER_S > product) q--;
    return q;
  }
  return Number((BigInt(ps) * BigInt(hz)) / BigInt(PS_PER_S));
}

/** Time of clock edge `tick`: the first picosecond at which `ticksAt` reaches it, ceil(tick * 1e12 / hz). */
export function timeOfTick(tick: number, hz: number): number {
  const product = tick * PS_PER_S;
  if (Number.isSafeInteger(product)) {
    let t = Math.ceil(product / hz);
    // Correct a float quotient that landed on the wrong side of an integer.
    if ((t - 1) * hz >= product) t--;
    else if (t * hz < product) t++;
    return t;
  }
  const h = BigInt(hz);
  return Number((BigInt(tick) * BigInt(PS_PER_S) + h - 1n) / h);
}
