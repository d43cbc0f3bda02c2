/**
 * Serves the built app (dist/) under /gradlab/, as a static host that publishes it in a sub-path
 * would, so e2e tests can check that nothing assumes the site root. No dependencies:
 * `node scripts/serve-dist-subpath.mjs`.
 *   SUBPATH_PORT   port (default 4175; 0 picks a free one, printed on start)
 *   SUBPATH_DIST   the folder to serve (default dist/)
 *   GET /gradlab/<path>  the file (/gradlab/ is index.html); /gradlab redirects to /gradlab/
 * `.gz` files go out as they are stored (application/octet-stream, no Content-Encoding), as many
 * static hosts do: the app reads raw gzip. Anything outside /gradlab/ or the folder gets 404.
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contentTypeOf, fail, fileInside, serve } from './lib/static-server.mjs';

const BASE = '/gradlab/';
const PORT = Number(process.env.SUBPATH_PORT ?? 4175);
const ROOT = process.env.SUBPATH_DIST ?? fileURLToPath(new URL('../dist', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.gz': 'application/octet-stream',
};

/** @param {string} file */
const contentType = (file) => contentTypeOf(file, TYPES);

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    fail(res, 405, 'only GET and HEAD');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://subpath');
  if (url.pathname === BASE.slice(0, -1)) {
    res.writeHead(301, { Location: `${BASE}${url.search}`, 'Content-Length': '0' });
    res.end();
    return;
  }
  const rest = url.pathname.slice(BASE.length) || 'index.html';
  const found = url.pathname.startsWith(BASE) ? await fileInside(ROOT, rest) : null;
  if (found === null || 'status' in found) {
    fail(res, 404, 'not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': contentType(found.file),
    'Content-Length': String(found.size),
    // Revalidate every time, as after a deploy: a stale index.html or sw.js would hide the update.
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
}

serve(handle, PORT, ROOT, BASE);
