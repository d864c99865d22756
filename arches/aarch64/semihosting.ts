import type { MachineControl } from '../../src/api/index.js';
import type { A64Cpu } from './cpu.js';
import { SemihostingMemory, type U64 } from './semihosting-memory.js';

/** ARM semihosting operation numbers (in W0). */
const SYS_OPEN = 0x01;
const SYS_CLOSE = 0x02;
const SYS_WRITEC = 0x03;
const SYS_WRITE0 = 0x04;
const SYS_WRITE = 0x05;
const SYS_READ = 0x06;
const SYS_READC = 0x07;
const SYS_ISERROR = 0x08;
const SYS_ISTTY = 0x09;
const SYS_SEEK = 0x0a;
const SYS_FLEN = 0x0c;
const SYS_TMPNAM = 0x0d;
const SYS_REMOVE = 0x0e;
const SYS_RENAME = 0x0f;
const SYS_CLOCK = 0x10;
const SYS_TIME = 0x11;
const SYS_SYSTEM = 0x12;
const SYS_ERRNO = 0x13;
const SYS_GET_CMDLINE = 0x15;
const SYS_HEAPINFO = 0x16;
const SYS_EXIT = 0x18;
const SYS_SYNCCACHE = 0x19;
const SYS_EXIT_EXTENDED = 0x20;
const SYS_ELAPSED = 0x30;
const SYS_TICKFREQ = 0x31;

/** Host errno values the guest can read back with SYS_ERRNO (Linux numbering, as QEMU's). */
const EBADF = 9;
const EACCES = 13;
const EFAULT = 14;
const E2BIG = 7;
const EINVAL = 22;
const ESPIPE = 29;
const ENOTTY = 25;

/** What QEMU leaves in X0 after calls whose result is undefined (SYS_WRITEC, SYS_WRITE0). */
const CLOBBERED: U64 = { lo: 0xdeadbeef, hi: 0 };
const MINUS_ONE: U64 = { lo: 0xffffffff, hi: 0xffffffff };
const ZERO: U64 = { lo: 0, hi: 0 };
/** ADP_Stopped_ApplicationExit: SYS_EXIT with this reason exits with the given subcode. */
const APPLICATION_EXIT = 0x20026;
/** QEMU bounds every read and write length to this, as Linux's MAX_RW_COUNT does. */
const MAX_TRANSFER = 0x7fffffff;
/** `:semihosting-features`: magic "SHFB", then feature byte 0: EXIT_EXTENDED | STDOUT_STDERR. */
const FEATURES = Uint8Array.of(0x53, 0x48, 0x46, 0x42, 0x03);

type Handle = { kind: 'stdin' | 'stdout' | 'stderr' } | { kind: 'features'; offset: number };

/** Semihosting state of one machine: like QEMU's, one errno and one handle table for all CPUs. */
class SemihostingState {
  errno = 0;
  /** Handles from SYS_OPEN; QEMU hands out the lowest free number from 1. */
  readonly handles = new Map<number, Handle>();
  /** Unsupported operations already warned about: a guest looping on one must not flood stderr. */
  readonly warned = new Set<number>();

  open(h: Handle): number {
    let fd = 1;
    while (this.handles.has(fd)) fd++;
    this.handles.set(fd, h);
    return fd;
  }
}

const states = new WeakMap<MachineControl, SemihostingState>();
function stateOf(machine: MachineControl): SemihostingState {
  let s = states.get(machine);
  if (!s) states.set(machine, (s = new SemihostingState()));
  return s;
}

/** A non-negative Number below 2^53 as a 64-bit value. */
const u64 = (n: number): U64 => ({ lo: n >>> 0, hi: Math.floor(n / 4294967296) >>> 0 });
/** An unsigned 64-bit value clamped to a length Chimera moves (QEMU clamps to INT32_MAX). */
const clampLength = (v: U64): number => (v.hi !== 0 || v.lo > MAX_TRANSFER ? MAX_TRANSFER : v.lo);
/** Subtract a small count from a 64-bit value. */
const minus = (v: U64, n: number): U64 => {
  const lo = v.lo - n;
  return lo >= 0 ? { lo, hi: v.hi } : { lo: (lo + 4294967296) >>> 0, hi: (v.hi - 1) >>> 0 };
};

/**
 * `HLT #0xF000` semihosting call (W0 = operation, X1 = argument), as QEMU 7.2's `-semihosting`
 * (spec/fixtures/hostile/semihosting-limits.c pins the results against QEMU's). Every length,
 * pointer and handle comes from the guest, so none is trusted: pointers are read and written
 * like QEMU's debug accesses (a bad one gives EFAULT, never an exception), lengths are clamped
 * to 2^31-1, and every byte moved costs virtual time. Console output goes to
 * `machine.console`. Chimera never touches host files: SYS_OPEN of anything but `:tt` and
 * `:semihosting-features`, and SYS_REMOVE, SYS_RENAME, SYS_TMPNAM and SYS_SYSTEM, fail with
 * EACCES; SYS_CLOCK, SYS_TIME and SYS_ELAPSED count virtual time, so runs stay deterministic.
 */
export function semihostingCall(c: A64Cpu): void {
  const op = c.x[0] >>> 0;
  const arg: U64 = { lo: c.x[2] >>> 0, hi: c.x[3] >>> 0 };
  const state = stateOf(c.machine);
  const mem = new SemihostingMemory(c);
  const ret = (v: U64): void => {
    c.x[0] = v.lo | 0;
    c.x[1] = v.hi | 0;
  };
  /** A result that also sets errno when `err` is non-zero (QEMU's common_semi_cb). */
  const done = (v: U64, err = 0): void => {
    if (err) state.errno = err;
    ret(v);
  };
  const fail = (err: number): void => done(MINUS_ONE, err);
  /** Field `i` of the parameter block at X1. */
  const param = (i: number): U64 | undefined => mem.readU64(SemihostingMemory.offset(arg, 8 * i));
  const params = (n: number): U64[] | undefined => {
    const out: U64[] = [];
    for (let i = 0; i < n; i++) {
      const p = param(i);
      if (!p) return undefined;
      out.push(p);
    }
    return out;
  };
  const console = (bytes: Uint8Array): void => {
    for (const b of bytes) c.machine.console(b);
  };

  switch (op) {
    case SYS_OPEN: {
      const p = params(3);
      if (!p) return fail(EFAULT);
      const length = mem.strlen(p[0], MAX_TRANSFER);
      const name = length < 0 ? undefined : mem.read(p[0], Math.min(length, 64));
      if (!name) return fail(EFAULT);
      const mode = p[1];
      if (mode.hi !== 0 || mode.lo >= 12) return fail(EINVAL);
      const text = length <= 64 ? String.fromCharCode(...name) : ''; // at most 64 bytes: no Buffer, so the core runs in a browser
      if (text === ':tt') return done(u64(state.open({ kind: mode.lo < 4 ? 'stdin' : mode.lo < 8 ? 'stdout' : 'stderr' })));
      if (text === ':semihosting-features') {
        if (mode.lo > 1) return fail(EACCES);
        return done(u64(state.open({ kind: 'features', offset: 0 })));
      }
      return fail(EACCES); // no host files
    }
    case SYS_CLOSE: {
      const p = params(1);
      if (!p) return fail(EFAULT);
      const fd = handle(p[0]);
      if (fd === undefined || !state.handles.delete(fd)) return fail(EBADF);
      return done(ZERO);
    }
    case SYS_WRITEC: {
      // One byte at X1; the result is undefined either way, and errno is left alone.
      const b = mem.read(arg, 1);
      if (b) console(b);
      return ret(CLOBBERED);
    }
    case SYS_WRITE0: {
      const length = mem.strlen(arg, MAX_TRANSFER);
      if (length > 0) mem.stream(arg, length, console);
      return ret(CLOBBERED);
    }
    case SYS_WRITE: {
      // Returns the number of bytes not written; errors leave errno alone (QEMU 7.2).
      const p = params(3);
      if (!p) return fail(EFAULT);
      const [fdArg, buf, len] = p;
      const h = state.handles.get(handle(fdArg) ?? -1);
      if (!h || (h.kind !== 'stdout' && h.kind !== 'stderr')) return ret(len);
      const n = clampLength(len);
      if (!mem.readable(buf, n)) return ret(len);
      mem.stream(buf, n, console);
      return ret(minus(len, n));
    }
    case SYS_READ: {
      // No console input: end of file. The features file reads out its bytes.
      const p = params(3);
      if (!p) return fail(EFAULT);
      const [fdArg, buf, len] = p;
      const h = state.handles.get(handle(fdArg) ?? -1);
      if (!h || h.kind !== 'features') return ret(len);
      const n = Math.min(clampLength(len), FEATURES.length - h.offset);
      if (!mem.write(buf, FEATURES.subarray(h.offset, h.offset + n))) return ret(len);
      h.offset += n;
      return ret(minus(len, n));
    }
    case SYS_READC:
      return fail(0); // no console input
    case SYS_ISERROR: {
      const p = params(1);
      if (!p) return fail(EFAULT);
      return ret(u64(p[0].hi & 0x80000000 ? 1 : 0));
    }
    case SYS_ISTTY: {
      const p = params(1);
      if (!p) return fail(EFAULT);
      const h = state.handles.get(handle(p[0]) ?? -1);
      if (!h) return fail(EBADF);
      return h.kind === 'features' ? done(ZERO, ENOTTY) : done(u64(1));
    }
    case SYS_SEEK: {
      const p = params(2);
      if (!p) return fail(EFAULT);
      const h = state.handles.get(handle(p[0]) ?? -1);
      if (!h) return fail(EBADF);
      if (h.kind !== 'features') return fail(ESPIPE);
      if (p[1].hi !== 0 || p[1].lo > FEATURES.length) return fail(EINVAL);
      h.offset = p[1].lo;
      return done(ZERO);
    }
    case SYS_FLEN: {
      const p = params(1);
      if (!p) return fail(EFAULT);
      const h = state.handles.get(handle(p[0]) ?? -1);
      if (!h) return fail(EBADF);
      return done(u64(h.kind === 'features' ? FEATURES.length : 0));
    }
    case SYS_TMPNAM:
    case SYS_REMOVE:
    case SYS_RENAME:
    case SYS_SYSTEM:
      return fail(EACCES); // no host files, no host commands
    case SYS_CLOCK:
      return ret(u64(Math.floor(c.now() / 1e10))); // centiseconds of virtual time
    case SYS_TIME:
      return done(u64(Math.floor(c.now() / 1e12)));
    case SYS_ERRNO:
      return ret(u64(state.errno));
    case SYS_GET_CMDLINE: {
      // The command line is empty: one byte, its terminator.
      const p = params(2);
      if (!p) return fail(EFAULT);
      if (p[1].hi === 0 && p[1].lo < 1) return fail(E2BIG);
      if (!mem.writeU64(SemihostingMemory.offset(arg, 8), ZERO)) return fail(EFAULT);
      if (!mem.write(p[0], Uint8Array.of(0))) return fail(EFAULT);
      return done(ZERO);
    }
    case SYS_HEAPINFO: {
      // Zeros mean "unknown": C runtimes then keep their linker-script defaults.
      const p = params(1);
      if (!p) return fail(EFAULT);
      if (!mem.write(p[0], new Uint8Array(32))) return fail(EFAULT);
      return ret(ZERO);
    }
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED: {
      const p = params(2);
      if (!p) return fail(EFAULT);
      const status = p[0].hi === 0 && p[0].lo === APPLICATION_EXIT ? p[1].lo | 0 : 1;
      c.machine.exit(status, `semihosting SYS_EXIT on ${c.id}`);
      c.requestExit();
      return;
    }
    case SYS_SYNCCACHE:
      return ret(ZERO);
    case SYS_ELAPSED: {
      const ticks = Math.floor(c.now() / 1000); // nanosecond ticks of virtual time
      if (!mem.writeU64(arg, u64(ticks))) return fail(EFAULT);
      return ret(ZERO);
    }
    case SYS_TICKFREQ:
      return ret(u64(1_000_000_000));
    default:
      // QEMU aborts the whole emulator here; a guest must not be able to do that to Chimera.
      if (!state.warned.has(op)) c.log.warn(`unsupported semihosting call 0x${op.toString(16)} (warned once)`);
      state.warned.add(op);
      return fail(EINVAL);
  }
}

/** A handle argument as a table key, or undefined when it cannot name one. */
function handle(v: U64): number | undefined {
  return v.hi === 0 && v.lo < 0x80000000 ? v.lo : undefined;
}
