import { type Either, left, right } from 'fp-ts/lib/Either.js';

/** Where one gdb server listens, and for which CPUs (undefined: all of the board's). */
export interface GdbEndpoint {
  readonly cpu?: string;
  readonly host: string;
  readonly port: number;
}

const DEFAULT_HOST = '127.0.0.1';

/** `[HOST:]PORT`; `[v6]:PORT` for an IPv6 host. Port 0 lets the system choose (it is printed). */
function parseAddress(text: string, what: string): Either<string, { host: string; port: number }> {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]:|([A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text);
  if (!m) return left(`${what}: "${text}" is not [HOST:]PORT (e.g. 1234 or 127.0.0.1:1234)`);
  const port = Number(m[3]);
  if (port > 65535) return left(`${what}: port ${port} is above 65535`);
  return right({ host: m[1] ?? m[2] ?? DEFAULT_HOST, port });
}

/**
 * `--gdb [HOST:]PORT` (one server for every CPU, which must then share one architecture) or
 * `--gdb CPU=[HOST:]PORT,CPU=[HOST:]PORT` (one server per CPU, for mixed boards). The host
 * defaults to 127.0.0.1: Chimera never listens on other interfaces unless told to.
 */
export function parseGdbFlag(text: string): Either<string, readonly GdbEndpoint[]> {
  if (!text.includes('=')) {
    const a = parseAddress(text, '--gdb');
    return a._tag === 'Left' ? a : right([a.right]);
  }
  const out: GdbEndpoint[] = [];
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const cpu = part.slice(0, eq);
    if (eq <= 0 || !/^[A-Za-z_][\w.-]*$/.test(cpu)) return left(`--gdb: "${part}" is not CPU=[HOST:]PORT (e.g. cpu0=1234,cpu1=1235)`);
    if (out.some((e) => e.cpu === cpu)) return left(`--gdb: CPU ${cpu} is given twice`);
    const a = parseAddress(part.slice(eq + 1), `--gdb ${cpu}`);
    if (a._tag === 'Left') return a;
    if (a.right.port !== 0 && out.some((e) => e.port === a.right.port && e.host === a.right.host)) return left(`--gdb ${cpu}: port ${a.right.port} is already given to another CPU`);
    out.push({ cpu, ...a.right });
  }
  return right(out);
}
