/// <reference lib="webworker" />
/**
 * Gradlab's service worker, built by scripts/vite-plugin-sw.ts into `dist/sw.js` with the build's
 * file list written in. The classic model: install precaches every file of the build into a cache
 * named for the build; the new worker then waits until the page's Reload button sends
 * `SKIP_WAITING` (a silent takeover could reload over an unsaved draft); activate deletes older
 * builds' caches and claims the open pages, so a first visit works offline without a reload.
 * Fetches of the build's own files are answered cache-first; anything else goes to the network.
 * What it answers carries the cross-origin isolation headers (isolation.ts), so the page and its
 * workers are isolated wherever the app is published, from the first load the worker controls.
 */
import { withIsolation } from './isolation';
import { isSwRequest, type SwVersionReply } from './messages';
import { parseRange, routeRequest } from './routing';

declare const self: ServiceWorkerGlobalScope;
/** The build's files, relative to the scope: replaced by the plugin at build time. */
declare const __GRADLAB_PRECACHE__: readonly string[];
/** A hash of those files' names and bytes: replaced by the plugin at build time. */
declare const __GRADLAB_BUILD_ID__: string;

const scope = self.registration.scope;
/**
 * Cache storage is shared by the whole origin: the scope's path in the name keeps two copies of
 * Gradlab published under different paths of one host from deleting each other's caches.
 */
const CACHE_PREFIX = `gradlab-${new URL(scope).pathname}|`;
const CACHE = `${CACHE_PREFIX}${__GRADLAB_BUILD_ID__}`;
const precacheUrls = __GRADLAB_PRECACHE__.map((path) => new URL(path, scope).href);
const precached: ReadonlySet<string> = new Set(precacheUrls);

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (!isSwRequest(data)) return;
  if (data.type === 'SKIP_WAITING') {
    void self.skipWaiting();
    return;
  }
  const reply: SwVersionReply = { type: 'VERSION', buildId: __GRADLAB_BUILD_ID__ };
  const port = event.ports[0];
  if (port) port.postMessage(reply);
  else event.source?.postMessage(reply);
});

self.addEventListener('fetch', (event) => {
  const route = routeRequest(event.request, scope, precached);
  if (route.kind === 'network') return;
  event.respondWith(fromCache(event.request, route.url).then(withIsolation));
});

/** Every file or none: one failed download fails the install and the old build stays. */
async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  await Promise.all(
    precacheUrls.map(async (url) => {
      // 'reload' skips the HTTP cache: a stale copy there would be kept for the build's lifetime.
      const response = await fetch(url, { cache: 'reload', credentials: 'same-origin' });
      if (!response.ok) throw new Error(`precaching ${url}: HTTP ${response.status}`);
      await cache.put(url, response.redirected ? await unredirected(response) : response);
    }),
  );
}

async function activate(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)),
  );
  await self.clients.claim();
}

async function fromCache(request: Request, url: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(url);
  // Evicted by the browser, or the cache was cleared by hand: the host may still have the file.
  if (!cached) return fetch(request);
  const range = request.headers.get('range');
  return range === null ? cached : slice(cached, range);
}

/** A byte range of a cached file, as a server would answer it: the same bytes the network gave. */
async function slice(response: Response, header: string): Promise<Response> {
  const body = await response.arrayBuffer();
  const range = parseRange(header, body.byteLength);
  const headers = new Headers(response.headers);
  if (range.kind === 'full') {
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  }
  if (range.kind === 'unsatisfiable') {
    return new Response(null, {
      status: 416,
      headers: { 'Content-Range': `bytes */${body.byteLength}` },
    });
  }
  headers.set('Content-Range', `bytes ${range.start}-${range.end}/${body.byteLength}`);
  headers.set('Content-Length', String(range.end - range.start + 1));
  return new Response(body.slice(range.start, range.end + 1), { status: 206, headers });
}

/**
 * Hosts that send `index.html` on to `./` give a redirected response, which a navigation refuses
 * to take from a service worker; the same body and headers in a fresh response are accepted.
 */
async function unredirected(response: Response): Promise<Response> {
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
