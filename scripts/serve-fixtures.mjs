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
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { contentTypeOf, fail as failPlain, fileInside, serve } from './lib/static-server.mjs';

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
const contentType = (name) =>
  name === 'SHA256SUMS' ? 'text/plain; charset=utf-8' : contentTypeOf(name, TYPES);

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
const fail = (res, status, message) => failPlain(res, status, message, CORS);

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
  const found = await fileInside(ROOT, url.pathname);
  if ('status' in found) {
    fail(res, found.status, found.message);
    return;
  }
  res.writeHead(200, {
    ...CORS,
    'Content-Type': contentType(basename(found.file)),
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

serve(handle, PORT, ROOT);
