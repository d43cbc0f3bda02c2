/**
 * The messages between the page and Gradlab's service worker: the page asks it to take over
 * (`SKIP_WAITING`, only when the user presses Reload) or for the build it serves (`GET_VERSION`,
 * answered on the message's port when it has one, else to the sender).
 */
export type SwRequest = { type: 'SKIP_WAITING' } | { type: 'GET_VERSION' };

export interface SwVersionReply {
  type: 'VERSION';
  /** The hash of the precached files' names and bytes, the same as in the cache's name. */
  buildId: string;
}

export function isSwRequest(value: unknown): value is SwRequest {
  if (typeof value !== 'object' || value === null) return false;
  const type: unknown = (value as { type?: unknown }).type;
  return type === 'SKIP_WAITING' || type === 'GET_VERSION';
}
