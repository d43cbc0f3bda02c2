/**
 * Local notebooks as they are first saved: one made from a bundle (a lesson, an opened link or
 * file), a blank one made with New, and a student's own copy of a lesson; and when switching to
 * author mode makes that copy.
 */
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

/**
 * A notebook made here with New: only a draft, with no version (its first save is version 1) and
 * no origin (there is no lesson to reset to).
 */
export function blankNotebook(draft: Bundle, savedAt: Date): StoredNotebook {
  return {
    id: randomId(),
    title: draft.notebook.title,
    headVersion: null,
    parent: null,
    version: 0,
    savedAt: savedAt.toISOString(),
    draft,
    mode: 'author',
  };
}

/**
 * A student's own copy of `lesson`, whose head is `fork` (the version after the lesson), opened
 * for its author. Its origin stays the lesson, which "Reset to lesson" goes back to.
 */
export function forkedNotebook(fork: Bundle, lesson: Bundle, savedAt: Date): StoredNotebook {
  return {
    id: randomId(),
    title: fork.notebook.title,
    headVersion: fork.id,
    parent: fork.parent,
    version: fork.version,
    savedAt: savedAt.toISOString(),
    draft: fork,
    origin: lesson.id,
    mode: 'author',
    fork: true,
  };
}

/**
 * Whether author mode must make a copy rather than lift the locks: a student's notebook of a
 * lesson with locks. A notebook of one's own (made with New, or a copy already) just switches.
 */
export const authorModeForks = (
  record: StoredNotebook,
  lesson: Bundle | null,
  mode: NotebookMode,
): boolean => mode === 'student' && record.fork !== true && lesson !== null && hasLocks(lesson);
