/** Leaving a bundle link once it is handled, so a reload or Back does not offer it again. */
import { notebookHash, replaceRoute } from '../../app/routes';
import { isBundleHash } from '../../core/bundle/read';

/** Replaces a bundle fragment in the location with the home page. */
export function leaveBundleLink(): void {
  if (isBundleHash(window.location.hash)) replaceRoute('#/');
}

/** Shows the notebook an import just saved in place of its link. */
export function showOpenedNotebook(id: string): void {
  replaceRoute(notebookHash(id));
}
