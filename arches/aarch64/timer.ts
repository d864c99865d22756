import type { Scheduler, Signal, TimerHandle } from '../../src/api/index.js';

/** CNTFRQ_EL0 of QEMU 7.2's virt machine: 62.5 MHz, one tick every 16 ns. */
export const COUNTER_HZ = 62_500_000;
const PS_PER_TICK = 16_000;
const TWO32 = 4294967296;

/** One timer channel (EL1 physical or virtual). */
class Channel {
  ctl = 0;
  cval = 0;
  handle: TimerHandle | undefined;
  constructor(readonly line: Signal, readonly label: string) {}
}

/**
 * The generic timer of one core: the system counter derived from virtual time, and the EL1
 * physical (CNTP_*) and virtual (CNTV_*) timers driving the `cntp` and `cntv` output lines.
 * CNTVOFF is 0 (no EL2), so the virtual count equals the physical count.
 * Compare values are held as Numbers: a compare value beyond 2^53 never fires, which is beyond
 * what virtual time can reach anyway (2^53 ps).
 */
export class GenericTimer {
  private readonly channels: Channel[];

  constructor(
    private readonly host: { syncCycles(): void },
    private readonly scheduler: Scheduler,
    cntp: Signal,
    cntv: Signal,
  ) {
    this.channels = [new Channel(cntp, 'cntp'), new Channel(cntv, 'cntv')];
  }

  reset(): void {
    for (const ch of this.channels) {
      ch.ctl = 0;
      ch.cval = 0;
      this.scheduler.cancel(ch.handle);
      ch.handle = undefined;
      ch.line.set(0);
    }
  }

  /** Both channels: CTL, CVAL and when the pending compare event fires (for snapshots). */
  save(): { ctl: number; cval: number; event: number | null }[] {
    return this.channels.map((ch) => ({ ctl: ch.ctl, cval: ch.cval, event: ch.handle && !ch.handle.cancelled ? ch.handle.time : null }));
  }

  /** Put saved channels back and re-arm their events; the output lines are restored by the runtime. */
  restore(saved: readonly { ctl: number; cval: number; event: number | null }[]): void {
    this.channels.forEach((ch, i) => {
      ch.ctl = saved[i].ctl;
      ch.cval = saved[i].cval;
      this.scheduler.cancel(ch.handle);
      const at = saved[i].event;
      ch.handle = at === null ? undefined : this.scheduler.at(at, () => this.update(i), ch.label);
    });
  }

  /** The system count now. */
  count(): number {
    this.host.syncCycles();
    return Math.floor(this.scheduler.now() / PS_PER_TICK);
  }

  /** CNTx_CTL_EL0 with ISTATUS (bit 2) computed. */
  readCtl(which: number): number {
    const ch = this.channels[which];
    return ch.ctl | (this.firing(ch) ? 4 : 0);
  }

  writeCtl(which: number, value: number): void {
    this.channels[which].ctl = value & 3;
    this.update(which);
  }

  /** CVAL as a Number (bits beyond 2^53 make it unreachable). */
  readCval(which: number): number {
    return this.channels[which].cval;
  }

  writeCval(which: number, lo: number, hi: number): void {
    this.channels[which].cval = (hi >>> 0) * TWO32 + (lo >>> 0);
    this.update(which);
  }

  /** TVAL: the signed 32-bit distance from now to CVAL. */
  readTval(which: number): number {
    const d = this.channels[which].cval - this.count();
    return (d - Math.floor(d / TWO32) * TWO32) | 0;
  }

  writeTval(which: number, value: number): void {
    this.channels[which].cval = this.count() + (value | 0);
    this.update(which);
  }

  private firing(ch: Channel): boolean {
    return (ch.ctl & 1) !== 0 && this.count() >= ch.cval;
  }

  /** Drive the output line and schedule the moment the compare value is reached. */
  private update(which: number): void {
    const ch = this.channels[which];
    this.scheduler.cancel(ch.handle);
    ch.handle = undefined;
    const firing = this.firing(ch);
    ch.line.set(firing && (ch.ctl & 2) === 0 ? 1 : 0);
    if ((ch.ctl & 1) !== 0 && !firing) {
      const t = ch.cval * PS_PER_TICK;
      if (t <= Number.MAX_SAFE_INTEGER) ch.handle = this.scheduler.at(t, () => this.update(which), ch.label);
    }
  }
}
