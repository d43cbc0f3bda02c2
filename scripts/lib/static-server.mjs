/**
 * What the repository's small static servers share (the fixtures host and the sub-path host):
 * finding a file that may not leave its folder, plain-text failures, and starting on a port.
 * No dependencies.
 */
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';

/**
 * @param {string} file
 * @param {Record<string, string>} types  content type by lower-case extension
 */
export function contentTypeOf(file, types) {
  return types[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
export function fail(res, status, message, headers = {}) {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(`${message}\n`);
}

/**
 * The file that `path` (percent-encoded, relative) names inside `root`, or the status to answer
 * with instead. Paths that leave the folder (.., encoded or not, symlinks out) get 403.
 * @param {string} root
 * @param {string} path
 * @returns {Promise<{ file: string, size: number } | { status: number, message: string }>}
 */
export async function fileInside(root, path) {
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { status: 400, message: 'bad percent-encoding in path' };
  }
  if (decoded.includes('\0')) return { status: 400, message: 'bad path' };
  const candidate = join(root, decoded);
  if (candidate !== root && !candidate.startsWith(root + sep)) {
    return { status: 403, message: 'outside the served folder' };
  }
  try {
    const real = await realpath(candidate);
    const realRoot = await realpath(root);
    if (!real.startsWith(realRoot + sep))
      return { status: 403, message: 'outside the served folder' };
    const info = await stat(real);
    if (!info.isFile()) return { status: 404, message: 'not a file' };
    return { file: real, size: info.size };
  } catch {
    return { status: 404, message: 'not found' };
  }
}

/**
 * Serves `handle` on `port` (0 picks a free one); prints `serving <what> on <url>` with the real
 * port so a caller can read it. A handler that throws answers 500.
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} handle
 * @param {number} port
 * @param {string} what
 * @param {string} [path]
 */
export function serve(handle, port, what, path = '') {
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error(error);
      if (res.headersSent) res.destroy();
      else fail(res, 500, 'internal error');
    });
  });
  server.listen(port, () => {
    const address = server.address();
    const real = typeof address === 'object' && address !== null ? address.port : port;
    console.log(`serving ${what} on http://localhost:${real}${path}`);
  });
  return server;
}
