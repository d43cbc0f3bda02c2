/** The app's hash routes that name a notebook, a lesson or a sweep, and moving between pages. */

export type Route =
  | { page: 'home' }
  | { page: 'playground' }
  | { page: 'data' }
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
