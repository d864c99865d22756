const NONE = -1;

/** Read/write access states of a counter (as in the control word's RW field). */
export const enum Access {
  /** After power-on QEMU leaves RW = 0, which then behaves as LSB only. */
  Reset = 0,
  Lsb = 1,
  Msb = 2,
  Word = 3,
  /** Second byte of a word access (internal). */
  WordHigh = 4,
}

/** 4 BCD digits to their value, and back. Nibbles above 9 count with their binary weight, as the counter would. */
const fromBcd4 = (v: number): number => ((v >> 12) & 15) * 1000 + ((v >> 8) & 15) * 100 + ((v >> 4) & 15) * 10 + (v & 15);
const toBcd4 = (n: number): number => ((Math.floor(n / 1000) % 10) << 12) | ((Math.floor(n / 100) % 10) << 8) | ((Math.floor(n / 10) % 10) << 4) | n % 10;

/**
 * One 8254 counter, computed from a global count of input-clock edges instead of ticking. All
 * times are clock edge numbers ("ticks"); the device converts to and from virtual time.
 *
 * While counting, the counting element held the count `n` at tick `loadTick` (d = 0) and has
 * seen d = T − loadTick edges since; counter value and OUT are functions of d and the mode. A
 * count is loaded on the clock edge after it is written (T + 1), as the 8254 does. Gate low
 * suspends modes 0 and 4 (d frozen), stops modes 2 and 3 (OUT high); a rising gate triggers
 * modes 1 and 5 and restarts 2 and 3. A count written while modes 2 and 3 count takes over at
 * the end of the current period (mode 3: half-cycle), kept in `pendingCount`/`pendingTick`.
 */
export class PitChannel {
  /** Mode bits as written (reported by read-back); modes 6 and 7 act as 2 and 3. */
  modeBits = 3;
  bcd = 0;
  access = Access.Reset;
  readState = Access.Reset;
  writeState = Access.Reset;
  writeLatch = 0;
  latchedCount = NONE;
  latchState = Access.Reset;
  status = NONE;
  gate = 1;

  /** The count register: the last whole count written, in ticks (0 means 0x10000, or 10000 in BCD). */
  cr = 0x10000;
  /** Whether a count was written since the control word (modes 1, 2, 3, 5 wait for it). */
  countWritten = false;
  /** Count being counted. */
  n = 0x10000;
  /** Tick at which the counting element held `n`; NONE while not counting. */
  loadTick = NONE;
  /** d while suspended (modes 0 and 4 with gate low). */
  suspended = false;
  frozenD = 0;
  /** OUT and counter while not counting. */
  idleOut = 1;
  idleCounter = 0;
  /** OUT between a (re)load request and the load edge. */
  outBeforeLoad = 1;
  /** Count written while counting in modes 2/3, and the tick it takes over (NONE if none). */
  pendingCount = 0;
  pendingTick = NONE;
  /** Mode 3: the pending count starts at a half-cycle end, with OUT going low. */
  pendingMid = false;
  /** Read-back null-count: a written count not yet in the counting element; it loads at `loadsAt` (NONE: on a future event). */
  awaitingLoad = true;
  loadsAt = NONE;

  /** Power-on state as QEMU leaves it: mode 3, count 0x10000 (binary), RW 0, counting from tick `now + 1`. */
  reset(gate: number, now: number): void {
    this.modeBits = 3;
    this.bcd = 0;
    this.access = this.readState = this.writeState = Access.Reset;
    this.writeLatch = 0;
    this.latchedCount = this.status = NONE;
    this.latchState = Access.Reset;
    this.gate = gate;
    this.cr = this.n = 0x10000;
    this.countWritten = true;
    this.suspended = false;
    this.frozenD = 0;
    this.idleOut = 1;
    this.idleCounter = 0;
    this.outBeforeLoad = 1;
    this.pendingTick = NONE;
    this.pendingMid = false;
    this.awaitingLoad = false;
    this.loadsAt = NONE;
    this.loadTick = NONE;
    if (gate) this.start(now);
  }

  get mode(): number {
    return this.modeBits >= 6 ? this.modeBits - 4 : this.modeBits;
  }

  private get modulus(): number {
    return this.bcd ? 10000 : 0x10000;
  }

  // --- programming -------------------------------------------------------------------------

  /** Control word with RW != 0: new mode; the counter stops until a count arrives, OUT goes to its initial level. */
  setMode(modeBits: number, access: Access, bcd: number, now: number): void {
    this.sync(now);
    this.idleCounter = this.counter(now);
    this.modeBits = modeBits;
    this.bcd = bcd;
    this.access = this.readState = this.writeState = access;
    this.loadTick = NONE;
    this.suspended = false;
    this.pendingTick = NONE;
    this.countWritten = false;
    this.awaitingLoad = true;
    this.loadsAt = NONE;
    this.idleOut = this.mode === 0 ? 0 : 1;
  }

  /** Counter latch command (or read-back): freeze the current count until it has been read. */
  latchCount(now: number): void {
    if (this.latchedCount !== NONE) return;
    this.latchedCount = this.encoded(this.counter(now));
    this.latchState = this.access;
  }

  /** Read-back status: OUT, null count, RW, mode, BCD. */
  latchStatus(now: number): void {
    if (this.status !== NONE) return;
    const nullCount = this.awaitingLoad && (this.loadsAt === NONE || now < this.loadsAt) ? 1 : 0;
    this.status = (this.out(now) << 7) | (nullCount << 6) | ((this.access & 3) << 4) | (this.modeBits << 1) | this.bcd;
  }

  /** A data-port read: latched status, then latched count, else the live count, per the RW state. */
  read(now: number): number {
    if (this.status !== NONE) {
      const s = this.status;
      this.status = NONE;
      return s;
    }
    if (this.latchedCount !== NONE) {
      const c = this.latchedCount;
      if (this.latchState === Access.Word) {
        this.latchState = Access.Msb;
        return c & 0xff;
      }
      this.latchedCount = NONE;
      return this.latchState === Access.Msb ? c >> 8 : c & 0xff;
    }
    const c = this.encoded(this.counter(now));
    switch (this.readState) {
      case Access.Msb:
        return c >> 8;
      case Access.Word:
        this.readState = Access.WordHigh;
        return c & 0xff;
      case Access.WordHigh:
        this.readState = Access.Word;
        return c >> 8;
      default:
        return c & 0xff;
    }
  }

  /** A data-port write: a byte of the count, per the RW state. */
  write(value: number, now: number): void {
    switch (this.writeState) {
      case Access.Msb:
        this.loadCount(value << 8, now);
        return;
      case Access.Word:
        this.writeLatch = value;
        this.writeState = Access.WordHigh;
        // Mode 0: the first byte stops the count and drives OUT low.
        if (this.mode === 0) {
          this.sync(now);
          this.idleCounter = this.counter(now);
          this.loadTick = NONE;
          this.suspended = false;
          this.idleOut = 0;
        }
        return;
      case Access.WordHigh:
        this.writeState = Access.Word;
        this.loadCount(this.writeLatch | (value << 8), now);
        return;
      default:
        this.loadCount(value, now);
    }
  }

  private loadCount(raw: number, now: number): void {
    this.sync(now);
    const count = this.bcd ? fromBcd4(raw) : raw;
    this.cr = count === 0 ? this.modulus : count;
    this.countWritten = true;
    this.awaitingLoad = true;
    this.loadsAt = NONE;
    switch (this.mode) {
      case 0:
        this.outBeforeLoad = 0;
        this.begin(now, this.gate === 0);
        break;
      case 4:
        this.outBeforeLoad = this.out(now);
        this.begin(now, this.gate === 0);
        break;
      case 2:
      case 3:
        if (this.loadTick === NONE) {
          if (this.gate) this.start(now);
        } else if (now < this.loadTick) {
          this.n = this.cr; // not loaded yet: the new count replaces it
          this.loadsAt = this.loadTick;
        } else {
          this.schedulePending(now);
        }
        break;
      default: // 1, 5: the count waits for a trigger
        break;
    }
  }

  /** Load `cr` on the next edge (suspended at d = 0 if the gate holds the count). */
  private begin(now: number, suspended: boolean): void {
    this.n = this.cr;
    this.loadTick = now + 1;
    this.pendingTick = NONE;
    this.suspended = suspended;
    this.frozenD = 0;
    this.loadsAt = now + 1;
  }

  /** Modes 2, 3 (and triggers): load and run from the next edge with OUT high until then. */
  private start(now: number): void {
    this.outBeforeLoad = this.mode === 1 || this.mode === 5 ? this.out(now) : 1;
    this.begin(now, false);
  }

  private schedulePending(now: number): void {
    const d = now - this.loadTick;
    const r = d % this.n;
    this.pendingCount = this.cr;
    if (this.mode === 3) {
      const half = Math.ceil(this.n / 2);
      this.pendingMid = r < half;
      this.pendingTick = this.loadTick + d - r + (r < half ? half : this.n);
    } else {
      this.pendingMid = false;
      this.pendingTick = this.loadTick + d - r + this.n;
    }
    this.loadsAt = this.pendingTick;
  }

  setGate(level: number, now: number): void {
    level = level ? 1 : 0;
    if (level === this.gate) return;
    this.sync(now);
    this.gate = level;
    const mode = this.mode;
    if (mode === 0 || mode === 4) {
      if (this.loadTick === NONE) return;
      if (!level && !this.suspended) {
        this.frozenD = Math.max(0, now - this.loadTick);
        this.suspended = true;
      } else if (level && this.suspended) {
        this.loadTick = now + 1 - this.frozenD;
        this.suspended = false;
      }
      return;
    }
    if (!level) {
      if (mode === 2 || mode === 3) {
        this.idleCounter = this.counter(now);
        this.idleOut = 1;
        this.loadTick = NONE;
        this.pendingTick = NONE;
      }
      return;
    }
    // Rising gate: trigger (1, 5) or restart (2, 3) from the count register.
    if (this.countWritten) this.start(now);
  }

  // --- observation -------------------------------------------------------------------------

  /** Apply a pending count whose period boundary has passed. */
  sync(now: number): void {
    if (this.pendingTick === NONE || now < this.pendingTick) return;
    this.n = this.pendingCount;
    this.loadTick = this.pendingMid ? this.pendingTick - Math.ceil(this.n / 2) : this.pendingTick;
    this.pendingTick = NONE;
  }

  private elapsed(now: number): number {
    return this.suspended ? this.frozenD : now - this.loadTick;
  }

  /** The counting element at tick `now` (binary value, before BCD encoding). */
  counter(now: number): number {
    this.sync(now);
    if (this.loadTick === NONE) return this.idleCounter;
    const d = this.elapsed(now);
    const n = this.n;
    if (d < 0) return n % this.modulus;
    switch (this.mode) {
      case 2:
        return (n - (d % n)) % this.modulus;
      case 3:
        // QEMU's formula: decrements by two, reloading every half-cycle.
        return (n - ((2 * d) % n)) % this.modulus;
      default: {
        const m = this.modulus;
        return (((n - d) % m) + m) % m;
      }
    }
  }

  /** OUT at tick `now`. */
  out(now: number): number {
    this.sync(now);
    if (this.loadTick === NONE) return this.idleOut;
    const d = this.elapsed(now);
    if (d < 0) return this.outBeforeLoad;
    return this.outAt(d);
  }

  private outAt(d: number): number {
    const n = this.n;
    switch (this.mode) {
      case 0:
      case 1:
        return d >= n ? 1 : 0;
      case 2:
        return n > 1 && d % n === n - 1 ? 0 : 1;
      case 3:
        return n === 1 || d % n < Math.ceil(n / 2) ? 1 : 0;
      default: // 4, 5: a one-clock low strobe at terminal count
        return d === n ? 0 : 1;
    }
  }

  /** The first tick after `now` at which OUT changes, or NONE if it never will by itself. */
  nextEdge(now: number): number {
    this.sync(now);
    if (this.loadTick === NONE || this.suspended) return NONE;
    let d = now - this.loadTick;
    if (d < 0) {
      if (this.outAt(0) !== this.outBeforeLoad) return this.loadTick;
      d = 0;
    }
    const n = this.n;
    let next: number;
    switch (this.mode) {
      case 0:
      case 1:
        if (d >= n) return NONE;
        next = n;
        break;
      case 2: {
        if (n === 1) return NONE;
        const r = d % n;
        next = r < n - 1 ? d - r + n - 1 : d + 1;
        break;
      }
      case 3: {
        if (n === 1) return NONE;
        const r = d % n;
        const half = Math.ceil(n / 2);
        next = r < half ? d - r + half : d - r + n;
        break;
      }
      default:
        if (d < n) next = n;
        else if (d === n) next = n + 1;
        else return NONE;
    }
    const tick = this.loadTick + next;
    return this.pendingTick !== NONE && this.pendingTick < tick ? this.pendingTick : tick;
  }

  encoded(value: number): number {
    return this.bcd ? toBcd4(value) : value & 0xffff;
  }
}
