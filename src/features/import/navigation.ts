/** Leaving a bundle link once it is handled, so a reload or Back does not offer it again. */
import { isBundleHash } from './read-bundle';

/** Replaces the location's bundle fragment (or any page, when `always`) with the playground's. */
export function goToPlayground(always: boolean): void {
  if (!always && !isBundleHash(window.location.hash)) return;
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${window.location.search}#/`,
  );
  // replaceState fires no hashchange of its own, and the router listens for that.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
