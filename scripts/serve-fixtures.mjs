/**
 * A static server for e2e/fixtures, standing in for the remote hosts datasets are downloaded from
 * (tests run with the network off). No dependencies: `node scripts/serve-fixtures.mjs`.
 *   FIXTURES_PORT       port (default 4174; 0 picks a free one, printed on start)
 *   GET /<path>         the file, with Content-Length, Content-Type and CORS open to any origin
 *   GET /<path>?slow=N  the same bytes, N kB every 100 ms, so a browser test can watch progress
 *   GET /<path>?bytesPerSecond=N   the same bytes, N a second: a server too slow to wait for
 *   GET /<path>?stallAfter=N       the first N bytes, then silence with the connection held open
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
 * `bytesPerSecond` bytes a second (all at once when null) until `stallAfter` bytes (the whole
 * file when null), then, when stalled, nothing more until the client hangs up.
 * @param {import('node:http').ServerResponse} res
 * @param {string} file
 * @param {number | null} bytesPerSecond
 * @param {number | null} stallAfter
 */
async function sendThrottled(res, file, bytesPerSecond, stallAfter) {
  const bytes = await readFile(file);
  const end = Math.min(bytes.length, stallAfter ?? bytes.length);
  const step = bytesPerSecond ?? end;
  for (let offset = 0; offset < end && !res.destroyed; offset += step) {
    if (offset > 0) await sleep(1000);
    res.write(bytes.subarray(offset, Math.min(end, offset + step)));
  }
  if (stallAfter === null) res.end();
}

/**
 * A non-negative integer query parameter; null when absent, NaN when not one.
 * @param {URL} url
 * @param {string} name
 */
function countParam(url, name) {
  const text = url.searchParams.get(name);
  if (text === null) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= 0 ? value : NaN;
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
  const bytesPerSecond = countParam(url, 'bytesPerSecond');
  const stallAfter = countParam(url, 'stallAfter');
  if (Number.isNaN(bytesPerSecond) || bytesPerSecond === 0 || Number.isNaN(stallAfter)) {
    fail(res, 400, 'bytesPerSecond= must be a positive integer, stallAfter= a byte count');
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
  } else if (bytesPerSecond !== null || stallAfter !== null) {
    await sendThrottled(res, found.file, bytesPerSecond, stallAfter);
  } else {
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}

serve(handle, PORT, ROOT);
