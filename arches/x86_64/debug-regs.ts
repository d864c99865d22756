/**
 * Hardware breakpoints (DR0-DR3 with DR7): instruction breakpoints (a #DB fault before the
 * instruction at the address runs, unless EFLAGS.RF) and data watchpoints (RW = 01 writes,
 * 11 reads and writes; LEN 1, 2, 4 or 8 bytes: a #DB trap after the instruction that touched
 * the range). I/O breakpoints (RW = 10) are not implemented. While any breakpoint is enabled the
 * core runs one instruction per block and keeps watched pages out of its TLB, so every access
 * to them is checked; nothing costs anything while DR7 enables none.
 * @module
 */

/** The DR0-DR3 / DR7 state, decoded when DR7 or DRn is written. */
export class DebugRegs {
  /** Any of L0-L3/G0-G3 is set. */
  active = false;
  /** Enabled instruction breakpoints: bit n for DRn. */
  exec = 0;
  /** Enabled data watchpoints: bit n for DRn. */
  data = 0;
  /** Per DRn: linear address (lo, hi), length in bytes, and whether reads match too. */
  readonly lo = new Float64Array(4);
  readonly hi = new Int32Array(4);
  readonly len = new Uint8Array(4);
  readonly reads = new Uint8Array(4);
  /** DR6 B0-B3 bits of watchpoints hit by the running instruction (a trap after it). */
  pending = 0;

  /** Recompute from DR0-DR3 (pairs in `dr`) and DR7. */
  update(dr: Int32Array, dr7: number): void {
    this.exec = 0;
    this.data = 0;
    for (let n = 0; n < 4; n++) {
      if (((dr7 >>> (2 * n)) & 3) === 0) continue;
      const rw = (dr7 >>> (16 + 4 * n)) & 3;
      const ln = (dr7 >>> (18 + 4 * n)) & 3;
      this.lo[n] = dr[2 * n] >>> 0;
      this.hi[n] = dr[2 * n + 1];
      this.len[n] = ln === 0 ? 1 : ln === 1 ? 2 : ln === 3 ? 4 : 8;
      this.reads[n] = rw === 3 ? 1 : 0;
      if (rw === 0) this.exec |= 1 << n;
      else if (rw === 1 || rw === 3) this.data |= 1 << n;
    }
    this.active = (this.exec | this.data) !== 0;
  }

  /** DR6 bits of instruction breakpoints at linear (lo, hi). */
  execHits(lo: number, hi: number): number {
    let hits = 0;
    for (let n = 0; n < 4; n++) if ((this.exec & (1 << n)) !== 0 && this.lo[n] === lo >>> 0 && this.hi[n] === (hi | 0)) hits |= 1 << n;
    return hits;
  }

  /** Record watchpoints hit by an access of `size` bytes at linear (lo, hi). */
  access(lo: number, hi: number, size: number, write: boolean): void {
    for (let n = 0; n < 4; n++) {
      if ((this.data & (1 << n)) === 0 || (!write && this.reads[n] === 0) || this.hi[n] !== (hi | 0)) continue;
      // Breakpoint ranges are aligned to their length.
      const start = this.lo[n] - (this.lo[n] % this.len[n]);
      if (lo >>> 0 < start + this.len[n] && start < (lo >>> 0) + size) this.pending |= 1 << n;
    }
  }

  /** Does a watched range touch the 4 KiB page of linear (lo, hi)? Such pages stay out of the TLB. */
  watchesPage(lo: number, hi: number): boolean {
    if (this.data === 0) return false;
    const page = Math.floor((lo >>> 0) / 4096);
    for (let n = 0; n < 4; n++) {
      if ((this.data & (1 << n)) === 0 || this.hi[n] !== (hi | 0)) continue;
      const first = Math.floor(this.lo[n] / 4096);
      const last = Math.floor((this.lo[n] + this.len[n] - 1) / 4096);
      if (page >= first && page <= last) return true;
    }
    return false;
  }
}
