import type { A64Cpu } from './cpu.js';

/** ARM semihosting operation numbers (in W0). */
const SYS_OPEN = 0x01;
const SYS_CLOSE = 0x02;
const SYS_WRITEC = 0x03;
const SYS_WRITE0 = 0x04;
const SYS_WRITE = 0x05;
const SYS_READ = 0x06;
const SYS_ISTTY = 0x09;
const SYS_SEEK = 0x0a;
const SYS_FLEN = 0x0c;
const SYS_CLOCK = 0x10;
const SYS_TIME = 0x11;
const SYS_ERRNO = 0x13;
const SYS_GET_CMDLINE = 0x15;
const SYS_HEAPINFO = 0x16;
const SYS_EXIT = 0x18;
const SYS_EXIT_EXTENDED = 0x20;
const SYS_ELAPSED = 0x30;
const SYS_TICKFREQ = 0x31;

/** What QEMU leaves in X0 after calls whose result is undefined (SYS_WRITEC, SYS_WRITE0). */
const CLOBBERED = 0xdeadbeef;
/** ADP_Stopped_ApplicationExit: SYS_EXIT with this reason exits with the given subcode. */
const APPLICATION_EXIT = 0x20026;
/** File handles of the console (":tt" opens); 0..2 are pre-opened stdin/stdout/stderr. */
const CONSOLE_FDS = 3;

/** Read the 64-bit field `index` of the parameter block at X1 (a virtual address). */
function param(c: A64Cpu, index: number): number {
  const base = c.x[2] >>> 0;
  const lo = c.load64((base + 8 * index) >>> 0, c.x[3]);
  return (c.loadHi >>> 0) * 4294967296 + (lo >>> 0);
}

/** Result in X0 (negative values sign-extended to 64 bits). */
function ret(c: A64Cpu, v: number): void {
  c.x[0] = v;
  c.x[1] = v < 0 ? -1 : Math.floor(v / 4294967296);
}

function virtualByte(c: A64Cpu, address: number): number {
  return c.load8(address >>> 0, Math.floor(address / 4294967296));
}

/**
 * `HLT #0xF000` semihosting call (W0 = operation, X1 = argument), as QEMU's `-semihosting`.
 * Console output goes to `machine.console`. Pointers are virtual addresses; a bad pointer
 * raises a data abort like any other access.
 */
export function semihostingCall(c: A64Cpu): void {
  const op = c.x[0] >>> 0;
  const arg = (c.x[3] >>> 0) * 4294967296 + (c.x[2] >>> 0);
  const out = (b: number): void => c.machine.console(b);
  switch (op) {
    case SYS_WRITEC:
      out(virtualByte(c, arg));
      return ret(c, CLOBBERED);
    case SYS_WRITE0:
      for (let a = arg, n = 0; n < 1 << 20; a++, n++) {
        const b = virtualByte(c, a);
        if (b === 0) break;
        out(b);
      }
      return ret(c, CLOBBERED);
    case SYS_WRITE: {
      const fd = param(c, 0);
      const buf = param(c, 1);
      const len = param(c, 2);
      if (fd !== 1 && fd !== 2 && fd < CONSOLE_FDS) return ret(c, len);
      for (let i = 0; i < len; i++) out(virtualByte(c, buf + i));
      return ret(c, 0);
    }
    case SYS_READ:
      return ret(c, param(c, 2)); // no console input: nothing read
    case SYS_OPEN: {
      const name = param(c, 0);
      const mode = param(c, 1);
      const chars: number[] = [];
      for (let i = 0; i < 3; i++) chars.push(virtualByte(c, name + i));
      if (String.fromCharCode(...chars) === ':tt') return ret(c, mode < 4 ? 0 : mode < 8 ? 1 : 2);
      return ret(c, -1);
    }
    case SYS_CLOSE:
      return ret(c, 0);
    case SYS_ISTTY:
      return ret(c, param(c, 0) < CONSOLE_FDS ? 1 : 0);
    case SYS_SEEK:
    case SYS_FLEN:
      return ret(c, -1);
    case SYS_CLOCK:
      return ret(c, Math.floor(c.now() / 1e10)); // centiseconds of virtual time
    case SYS_TIME:
      return ret(c, Math.floor(c.now() / 1e12));
    case SYS_ERRNO:
      return ret(c, 0);
    case SYS_GET_CMDLINE: {
      const buf = param(c, 0);
      c.store8(buf >>> 0, Math.floor(buf / 4294967296), 0);
      const base = c.x[2] >>> 0;
      c.store64((base + 8) >>> 0, c.x[3], 0, 0);
      return ret(c, 0);
    }
    case SYS_HEAPINFO: {
      // Zeros mean "unknown": C runtimes then keep their linker-script defaults.
      const block = param(c, 0);
      for (let i = 0; i < 4; i++) c.store64((block + 8 * i) >>> 0, Math.floor((block + 8 * i) / 4294967296), 0, 0);
      return ret(c, 0);
    }
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED: {
      const reason = param(c, 0);
      const status = reason === APPLICATION_EXIT ? param(c, 1) | 0 : 1;
      c.machine.exit(status, 'semihosting SYS_EXIT');
      c.requestExit();
      return;
    }
    case SYS_ELAPSED: {
      const ticks = Math.floor(c.now() / 1000); // nanosecond ticks
      c.store64(c.x[2] >>> 0, c.x[3], ticks >>> 0, Math.floor(ticks / 4294967296));
      return ret(c, 0);
    }
    case SYS_TICKFREQ:
      return ret(c, 1_000_000_000);
    default:
      c.log.warn(`unsupported semihosting call 0x${op.toString(16)}`);
      return ret(c, -1);
  }
}
