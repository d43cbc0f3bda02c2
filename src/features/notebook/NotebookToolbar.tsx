/** The notebook's title and its tools: mode, Run all, versions, reset, print and export. */
import { useState } from 'react';
import { BUNDLE_LIMITS } from '../../core/bundle/schema';
import { titleNote } from '../../core/notebook/typed-limits';
import { useAppStore } from '../../store';
import type { OpenNotebook, SaveState } from './slice';
import { exportStandalone } from './export-standalone';
import { ForkNote } from './ForkNote';
import { authorModeForks } from './notebook-record';
import { LengthCounter } from '../ui/LengthCounter';
import { useSameContent } from './use-same-content';

const SAVE_LABEL: Record<SaveState, string> = {
  saved: 'Draft saved',
  saving: 'Saving…',
  unsaved: 'Editing…',
  error: 'Not saved',
};

export function NotebookToolbar({
  open,
  onShowVersions,
}: {
  open: OpenNotebook;
  onShowVersions: () => void;
}) {
  const save = useAppStore((s) => s.notebookSave);
  const runningAll = useAppStore((s) => s.runningAll);
  const { setNotebookMode, runAll, stopRunAll, saveVersion, resetToLesson, editDraft } =
    useAppStore.getState();
  const [askingToFork, setAskingToFork] = useState(false);
  const { record, head, lesson, mode } = open;
  const { draft } = record;
  const sameAsHead = useSameContent(head, draft);
  const sameAsLesson = useSameContent(lesson, draft);
  // A new notebook has no version yet: there is always a first one to save.
  const changed = head === null || !sameAsHead;
  // Only a notebook that came from a lesson or a link has a lesson to go back to.
  const changedFromLesson = lesson !== null && !sameAsLesson;
  const forks = authorModeForks(record, lesson, mode);
  const titleLimit = titleNote(draft.notebook.title.length);

  return (
    <header className="notebook-header">
      <div className="notebook-heading">
        <h1 data-testid="notebook.title">{draft.notebook.title}</h1>
        <span className="muted">
          {head === null ? (
            'No version saved yet'
          ) : (
            <>
              Version <span data-testid="notebook.version">{head.version}</span>
              {changed ? ' + changes' : ''}
            </>
          )}{' '}
          ·{' '}
          <span data-testid="notebook.saveState" role="status">
            {SAVE_LABEL[save]}
          </span>
        </span>
      </div>
      {mode === 'author' && (
        <div className="field notebook-title-field">
          <label htmlFor="notebook-title">Title</label>
          <input
            id="notebook-title"
            data-testid="notebook.titleInput"
            value={draft.notebook.title}
            maxLength={BUNDLE_LIMITS.titleLength}
            aria-describedby={titleLimit === null ? undefined : 'notebook-title-limit'}
            onChange={(event) =>
              editDraft((d) => ({
                ...d,
                notebook: { ...d.notebook, title: event.target.value },
              }))
            }
          />
          <LengthCounter note={titleLimit} id="notebook-title-limit" testId="notebook.titleLimit" />
        </div>
      )}
      <div className="notebook-tools buttons" role="toolbar" aria-label="Notebook">
        <fieldset className="mode-switch" data-testid="notebook.mode">
          <legend className="visually-hidden">Mode</legend>
          {(['student', 'author'] as const).map((m) => (
            <label key={m} className="inline-check">
              <input
                type="radio"
                name="notebook-mode"
                value={m}
                data-testid={`notebook.mode.${m}`}
                checked={mode === m}
                onChange={() =>
                  m === 'author' && forks ? setAskingToFork(true) : setNotebookMode(m)
                }
              />{' '}
              {m === 'student' ? 'Student' : 'Author'}
            </label>
          ))}
        </fieldset>
        {runningAll === null ? (
          <button
            type="button"
            className="primary"
            data-testid="notebook.runAll"
            onClick={() => void runAll()}
          >
            Run all
          </button>
        ) : (
          <button type="button" data-testid="notebook.stopAll" onClick={stopRunAll}>
            Stop running all
          </button>
        )}
        {changedFromLesson && (
          <button type="button" data-testid="notebook.reset" onClick={() => void resetToLesson()}>
            Reset to lesson
          </button>
        )}
        <button
          type="button"
          data-testid="notebook.saveVersion"
          disabled={!changed}
          title={
            head === null
              ? 'Save this notebook as its version 1'
              : changed
                ? undefined
                : 'No changes since the last version'
          }
          onClick={() => void saveVersion()}
        >
          Save version
        </button>
        <button type="button" data-testid="notebook.history" onClick={onShowVersions}>
          History
        </button>
        <button type="button" data-testid="notebook.print" onClick={() => window.print()}>
          Print
        </button>
        <button
          type="button"
          data-testid="notebook.exportHtml"
          onClick={() => void exportStandalone(draft)}
        >
          Export HTML
        </button>
      </div>
      {askingToFork && forks && (
        <ForkNote title={draft.notebook.title} onCancel={() => setAskingToFork(false)} />
      )}
    </header>
  );
}
