/**
 * A static server for e2e/fixtures, standing in for the remote hosts datasets are downloaded from
 * (tests run with the network off). No dependencies: `node scripts/serve-fixtures.mjs`.
 *   FIXTURES_PORT       port (default 4174; 0 picks a free one, printed on start)
 *   GET /<path>         the file, with Content-Length, Content-Type and CORS open to any origin
 *   GET /<path>?slow=N  the same bytes, N kB every 100 ms, so a browser test can watch progress
 *   GET /redirect?to=/<path>   302 to that path on this server
 * Paths that leave the folder (.., encoded or not, symlinks out) get 403, missing files 404.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../e2e/fixtures', import.meta.url));
const PORT = Number(process.env.FIXTURES_PORT ?? 4174);
const SLOW_INTERVAL_MS = 100;

const TYPES = {
  '.png': 'image/png',
  '.gz': 'application/gzip',
  '.zip': 'application/zip',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Type',
};

/** @param {string} name */
function contentType(name) {
  if (name === 'SHA256SUMS') return 'text/plain; charset=utf-8';
  return (
    TYPES[/** @type {keyof typeof TYPES} */ (extname(name).toLowerCase())] ??
    'application/octet-stream'
  );
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
function fail(res, status, message) {
  res.writeHead(status, {
    ...CORS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(`${message}\n`);
}

/**
 * The file a URL path names, or a status to answer with instead.
 * @param {string} pathname
 * @returns {Promise<{ file: string, size: number } | { status: number, message: string }>}
 */
async function resolveFile(pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400, message: 'bad percent-encoding in path' };
  }
  if (decoded.includes('\0')) return { status: 400, message: 'bad path' };
  const candidate = join(ROOT, decoded);
  if (candidate !== ROOT && !candidate.startsWith(ROOT + sep)) {
    return { status: 403, message: 'outside the fixtures folder' };
  }
  try {
    // A symlink inside the folder must not lead out of it either.
    const real = await realpath(candidate);
    const root = await realpath(ROOT);
    if (!real.startsWith(root + sep))
      return { status: 403, message: 'outside the fixtures folder' };
    const info = await stat(real);
    if (!info.isFile()) return { status: 404, message: 'not a file' };
    return { file: real, size: info.size };
  } catch {
    return { status: 404, message: 'not found' };
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} file
 * @param {number} bytesPerTick
 */
async function sendSlowly(res, file, bytesPerTick) {
  const bytes = await readFile(file);
  for (let offset = 0; offset < bytes.length && !res.destroyed; offset += bytesPerTick) {
    if (offset > 0) await sleep(SLOW_INTERVAL_MS);
    res.write(bytes.subarray(offset, offset + bytesPerTick));
  }
  res.end();
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://fixtures');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    fail(res, 405, 'only GET and HEAD');
    return;
  }
  if (url.pathname === '/redirect') {
    const to = url.searchParams.get('to') ?? '';
    // Only paths on this server: an open redirect to anywhere is not something a test needs.
    if (!to.startsWith('/') || to.startsWith('//')) {
      fail(res, 400, 'to= must be a path on this server');
      return;
    }
    res.writeHead(302, { ...CORS, Location: to, 'Content-Length': '0' });
    res.end();
    return;
  }
  const slowParam = url.searchParams.get('slow');
  const slowKb = slowParam === null ? null : Number(slowParam);
  if (slowKb !== null && !(Number.isFinite(slowKb) && slowKb > 0)) {
    fail(res, 400, 'slow= must be a positive number of kB per 100 ms');
    return;
  }
  const found = await resolveFile(url.pathname);
  if ('status' in found) {
    fail(res, found.status, found.message);
    return;
  }
  res.writeHead(200, {
    ...CORS,
    'Content-Type': contentType(found.file.slice(found.file.lastIndexOf(sep) + 1)),
    'Content-Length': String(found.size),
    // Tests download the same file again in fresh contexts; never let a cache answer for us.
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
  } else if (slowKb !== null) {
    await sendSlowly(res, found.file, Math.max(1, Math.round(slowKb * 1024)));
  } else {
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    if (res.headersSent) res.destroy();
    else fail(res, 500, 'internal error');
  });
});

server.listen(PORT, () => {
  const address = server.address();
  // FIXTURES_PORT=0 picks a free port; print the real one so a caller can read it.
  const port = typeof address === 'object' && address !== null ? address.port : PORT;
  console.log(`serving ${ROOT} on http://localhost:${port}`);
});
