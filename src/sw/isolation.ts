/**
 * The headers that make a page cross-origin isolated, which gives it SharedArrayBuffer and so lets
 * TF.js's WASM backend run its threaded build. Every server of the app sends them (vite.config.ts
 * for `npm start`, `npm run dev` and the e2e; scripts/bench/vite.config.ts) and the service worker
 * adds them to every response it serves, so a copy on a static host that cannot set headers is
 * isolated from the visit after the first one.
 *
 * `require-corp`, not `credentialless`: everything the app loads from other hosts (dataset
 * downloads, `#url=` bundles) is a CORS fetch, which either policy lets through unchanged, and
 * index.html's Content-Security-Policy allows no cross-origin image, style or script that a
 * no-cors load would need CORP or `credentialless` for. `require-corp` is also the one policy
 * Safari knows: there `credentialless` would leave the page not isolated at all.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The response with the isolation headers set (replacing a host's own values, so the app runs
 * under the one policy it is tested with). The body is streamed, not read. A response with status
 * 0 is returned as it is: an opaque one (another origin's no-cors answer, a navigation's manual
 * redirect) has headers that can be neither read nor changed and is never a page or a worker's
 * script, and a network error has nothing to isolate; neither can be rebuilt with status 0.
 */
export function withIsolation(response: Response): Response {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  const missing = Object.entries(ISOLATION_HEADERS).filter(
    ([name, value]) => headers.get(name) !== value,
  );
  if (missing.length === 0) return response;
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
