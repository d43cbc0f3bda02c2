/** The app's hash routes that name a notebook, a lesson or a sweep, and moving between pages. */

export type Route =
  | { page: 'home' }
  | { page: 'playground' }
  | { page: 'data' }
  /** A stored dataset's page: its card and versions, and its diff against `diff` when named. */
  | { page: 'dataset'; sha256: string; diff: string | null }
  /** Capture, into a new dataset or, with `parent`, the next version of that stored one. */
  | { page: 'capture'; parent: string | null }
  | { page: 'runs' }
  | { page: 'notebook'; id: string }
  | { page: 'lesson'; slug: string }
  | { page: 'sweep'; id: string }
  | { page: 'missing'; path: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `path` is the hash without its `#`. */
export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'home' };
  if (path === '/playground') return { page: 'playground' };
  if (path === '/data') return { page: 'data' };
  if (path === '/runs') return { page: 'runs' };
  if (path === '/capture') return { page: 'capture', parent: null };
  const [, parent] = /^\/capture\/([0-9a-f]{64})$/.exec(path) ?? [];
  if (parent !== undefined) return { page: 'capture', parent };
  const [, sha256, , diff] = /^\/data\/([0-9a-f]{64})(\/diff\/([0-9a-f]{64}))?$/.exec(path) ?? [];
  if (sha256 !== undefined) return { page: 'dataset', sha256, diff: diff ?? null };
  const [, kind, name] = /^\/(notebook|lesson|sweep)\/([^/?#]+)$/.exec(path) ?? [];
  if (kind !== undefined && name !== undefined && ID.test(name)) {
    if (kind === 'notebook') return { page: 'notebook', id: name };
    if (kind === 'sweep') return { page: 'sweep', id: name };
    return { page: 'lesson', slug: name };
  }
  return { page: 'missing', path };
}

export const notebookHash = (id: string): string => `#/notebook/${id}`;
export const lessonHash = (slug: string): string => `#/lesson/${slug}`;
export const sweepHash = (id: string): string => `#/sweep/${id}`;
/** A dataset version's page, comparing it with version `diff` when given. */
export const datasetHash = (sha256: string, diff?: string): string =>
  diff === undefined ? `#/data/${sha256}` : `#/data/${sha256}/diff/${diff}`;
export const CAPTURE_HASH = '#/capture';
/** The capture page adding examples to the stored version `parent` (its next version). */
export const captureHash = (parent: string): string => `${CAPTURE_HASH}/${parent}`;

/** Shows `hash` in place of the current page (a handled link or lesson is not kept in history). */
export function replaceRoute(hash: string): void {
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${window.location.search}${hash}`,
  );
  // replaceState fires no hashchange of its own, and the router listens for that.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
