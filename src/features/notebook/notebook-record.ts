/** A local notebook made from a bundle (a lesson, an opened link or file), ready to be saved. */
import type { Bundle } from '../../core/bundle/schema';
import { randomId } from '../../core/id';
import type { NotebookMode, StoredNotebook } from '../../core/notebook/stored-notebook';

export const hasLocks = (bundle: Bundle): boolean =>
  bundle.notebook.cells.some((c) => c.type === 'experiment' && (c.locks?.length ?? 0) > 0);

/**
 * Its head and origin are the bundle itself. A lesson with locks opens for its student (who can
 * switch to author mode); anything else for its author.
 */
export function notebookFromBundle(
  bundle: Bundle,
  savedAt: Date,
  mode: NotebookMode = hasLocks(bundle) ? 'student' : 'author',
): StoredNotebook {
  return {
    id: randomId(),
    title: bundle.notebook.title,
    headVersion: bundle.id,
    parent: bundle.parent,
    version: bundle.version,
    savedAt: savedAt.toISOString(),
    draft: bundle,
    origin: bundle.id,
    mode,
  };
}
