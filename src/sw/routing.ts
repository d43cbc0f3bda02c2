/**
 * Which requests the service worker answers from its cache, and how a byte range is cut from a
 * cached file. Pure functions of URLs and strings, so they are tested in Node.
 *
 * Every URL is resolved against the registration's scope, never against `/`, so one sw.js works
 * wherever the `dist/` folder is published (`/`, `/gradlab/`, ...).
 */

export type Route = { kind: 'precache'; url: string } | { kind: 'network' };

const NETWORK: Route = { kind: 'network' };

/**
 * A same-origin GET of one of the build's own files is answered from the cache; the scope itself
 * (how the app is usually opened) is its `index.html`. The query string is ignored (`?backend=cpu`
 * on a navigation; a static host serves the same bytes whatever the query). Everything else, other
 * origins above all (dataset downloads, bundles by address), goes to the network and is never
 * cached.
 *
 * @param precached absolute URLs without query or fragment
 */
export function routeRequest(
  request: { url: string; method: string },
  scope: string,
  precached: ReadonlySet<string>,
): Route {
  if (request.method !== 'GET') return NETWORK;
  let url: URL;
  let scopeUrl: URL;
  try {
    url = new URL(request.url);
    scopeUrl = new URL(scope);
  } catch {
    return NETWORK;
  }
  if (url.origin !== scopeUrl.origin) return NETWORK;
  url.search = '';
  url.hash = '';
  const key = url.pathname === scopeUrl.pathname ? new URL('index.html', scopeUrl).href : url.href;
  return precached.has(key) ? { kind: 'precache', url: key } : NETWORK;
}

export type ByteRange =
  /** No usable range: answer with the whole file, as a server that ignores Range does. */
  | { kind: 'full' }
  /** Inclusive byte offsets, as in Content-Range. */
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * One `Range: bytes=...` header against a file of `size` bytes (RFC 9110 14.1.2): `a-b`, `a-` and
 * the suffix form `-n`. Several ranges, or a header that does not parse, give the whole file.
 */
export function parseRange(header: string, size: number): ByteRange {
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
