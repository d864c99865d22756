import { Either, left, right } from 'fp-ts/lib/Either.js';
import { isAbsolute, resolve } from 'node:path';

/** Where `--monitor` listens: a TCP host and port, or a Unix socket path. */
export type MonitorAddress = { readonly kind: 'tcp'; readonly host: string; readonly port: number } | { readonly kind: 'unix'; readonly path: string };

/**
 * Parse `--monitor`: `PORT` or `HOST:PORT` (the host defaults to 127.0.0.1, so the monitor is
 * reachable from this machine only unless the user names another interface), `[::1]:PORT`, or a
 * Unix socket path (`unix:PATH`, or anything with a `/`).
 */
export function parseMonitorAddress(text: string): Either<string, MonitorAddress> {
  if (text.startsWith('unix:') || text.includes('/')) {
    const path = text.startsWith('unix:') ? text.slice(5) : text;
    if (!path) return left(`--monitor ${text}: give a socket path after unix:`);
    return right({ kind: 'unix', path: isAbsolute(path) ? path : resolve(path) });
  }
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d+)$/.exec(text);
  if (!m) return left(`--monitor ${text}: write PORT, HOST:PORT or a Unix socket path (unix:PATH)`);
  const port = Number(m[2]);
  if (port > 65535) return left(`--monitor ${text}: port ${port} is beyond 65535`);
  const host = m[1] === undefined ? '127.0.0.1' : m[1].replace(/^\[|\]$/g, '');
  return right({ kind: 'tcp', host, port });
}

export function describeMonitorAddress(a: MonitorAddress): string {
  return a.kind === 'unix' ? `unix:${a.path}` : a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
