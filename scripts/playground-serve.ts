/**
 * Serves a built playground folder over HTTP on the loopback interface (static files only).
 *
 *   node dist/scripts/playground-serve.js [--dir DIR] [--port 8080]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/util/package-root.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.elf': 'application/octet-stream',
  '.png': 'image/png',
};

/** Serve `dir` on 127.0.0.1:`port` (0: any free port); resolves with the server and its URL. */
export function serveDirectory(dir: string, port = 0): Promise<{ server: Server; url: string }> {
  const root = normalize(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    // Only files inside the folder: no `..` walks out of it.
    if ((file !== root && !file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: join(packageRoot(), 'playground', 'dist') }, port: { type: 'string', default: '8080' } } });
  if (!existsSync(join(values.dir!, 'index.html'))) {
    process.stderr.write(`playground-serve: ${values.dir} has no index.html; build it first (npm run playground)\n`);
    process.exit(2);
  }
  serveDirectory(values.dir!, Number(values.port))
    .then(({ url }) => process.stdout.write(`Chimera playground at ${url} (Ctrl-C to stop)\n`))
    .catch((e: Error) => {
      process.stderr.write(`playground-serve: ${e.message}\n`);
      process.exit(1);
    });
}
