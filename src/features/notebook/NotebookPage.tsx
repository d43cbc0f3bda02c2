/**
 * A notebook (#/notebook/<id>): its cells in order, the open experiment training in place, and
 * the tools of its mode. A student reads, changes what the lesson leaves open and can reset to the
 * lesson; an author also writes text, arranges cells, locks settings and saves versions.
 */
import './notebook.css';
import { useEffect, useState } from 'react';
import type { Bundle, Cell, ExperimentCell } from '../../core/bundle/schema';
import {
  addCell,
  deleteCell,
  duplicateCell,
  moveCell,
  type EditResult,
  type NotebookEditError,
  newMarkdownCell,
  replaceCell,
} from '../../core/notebook/cells';
import { randomId } from '../../core/id';
import { ok, type Result } from '../../core/result';
import { useAppStore } from '../../store';
import { newCell } from '../../core/experiment/cell';
import { defaultViews } from '../../core/experiment/views';
import { currentInfo } from '../experiment/selectors';
import { CellTools } from './CellTools';
import { ExperimentCellView } from './ExperimentCellView';
import { MarkdownCellView } from './MarkdownCellView';
import { ElementBudget, ElementBudgetContext } from './markdown-insert';
import { NotebookToolbar } from './NotebookToolbar';
import { VersionsPanel } from './VersionsPanel';
import { useSaveOnLeave } from '../ui/use-save-on-leave';
import { useInWriteNotice } from '../storage-status/use-in-write-notice';

/** A new experiment starts as what the editors hold now, showing the views that suit its data. */
function experimentFromEditors(draft: Bundle): { bundle: Bundle; cell: ExperimentCell } {
  const state = useAppStore.getState();
  const editing = state.editor.experiment;
  const experiment = { ...editing, views: defaultViews(currentInfo(state), editing) };
  delete experiment.locks;
  return newCell(draft, randomId(), experiment);
}

export function NotebookPage({ id }: { id: string }) {
  const open = useAppStore((s) => (s.openNotebook?.record.id === id ? s.openNotebook : null));
  const error = useAppStore((s) => s.notebookError);
  const conflict = useAppStore((s) => s.notebookConflict);
  const shownAbove = useInWriteNotice(error);
  const [showVersions, setShowVersions] = useState(false);
  const [undo, setUndo] = useState<Bundle | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  // The elements this page's text cells show at once (markdown-insert.ts).
  const [elementBudget] = useState(() => new ElementBudget());

  useEffect(() => {
    void useAppStore.getState().loadNotebook(id);
  }, [id]);
  useSaveOnLeave(useAppStore.getState().flushDraft);

  if (open === null) {
    return (
      <main className="notebook-page">
        {error !== null ? (
          <p className="error" role="alert" data-testid="notebook.error">
            {error} <a href="#/">Go home</a>
          </p>
        ) : (
          <p className="muted">Opening the notebook…</p>
        )}
      </main>
    );
  }

  const { record, lesson, mode } = open;
  const { draft } = record;
  const author = mode === 'author';
  const { editDraft } = useAppStore.getState();
  const cells = draft.notebook.cells;
  const editCells = (edit: (notebook: Bundle['notebook']) => Bundle['notebook']) =>
    editDraft((d) => ({ ...d, notebook: edit(d.notebook) }));
  /** An edit that can be refused (too many cells): the refusal is shown, nothing changes. */
  const tryEdit = (edit: (d: Bundle) => Result<Bundle, NotebookEditError>) => {
    const made = edit(draft);
    setEditError(made.ok ? null : made.error.message);
    if (made.ok) editDraft(() => made.value);
  };
  const withNotebook = (d: Bundle, notebook: EditResult): Result<Bundle, NotebookEditError> =>
    notebook.ok ? ok({ ...d, notebook: notebook.value }) : notebook;
  const replace = (cell: Cell) => editCells((nb) => replaceCell(nb, cell));
  const remove = (cellId: string) => {
    setUndo(draft);
    editCells((nb) => deleteCell(nb, cellId));
  };
  let experimentNumber = 0;

  return (
    <main className="notebook-page">
      <NotebookToolbar open={open} onShowVersions={() => setShowVersions((v) => !v)} />
      {error !== null && !shownAbove && (
        <p className="error" role="alert" data-testid="notebook.error">
          {error}{' '}
          <button type="button" onClick={() => useAppStore.getState().dismissNotebookError()}>
            Dismiss
          </button>
        </p>
      )}
      {conflict !== null && (
        <p className="error" role="alert" data-testid="notebook.conflict">
          {conflict}{' '}
          <button type="button" onClick={() => useAppStore.getState().dismissNotebookConflict()}>
            Dismiss
          </button>
        </p>
      )}
      {editError !== null && (
        <p className="error" role="alert">
          {editError}
        </p>
      )}
      {undo !== null && (
        <p className="status undo-note" role="status">
          Cell deleted.{' '}
          <button
            type="button"
            data-testid="notebook.undo"
            onClick={() => {
              const before = undo;
              setUndo(null);
              editDraft(() => before);
            }}
          >
            Undo
          </button>
        </p>
      )}
      {showVersions && <VersionsPanel onClose={() => setShowVersions(false)} />}
      <ElementBudgetContext.Provider value={elementBudget}>
        <ol className="cells">
          {cells.map((cell, i) => {
            const number = cell.type === 'experiment' ? ++experimentNumber : 0;
            return (
              <li
                key={cell.id}
                className={`cell cell-${cell.type}`}
                data-testid="notebook.cell"
                data-cell-type={cell.type}
              >
                {author && (
                  <CellTools
                    first={i === 0}
                    last={i === cells.length - 1}
                    onMove={(delta) => editCells((nb) => moveCell(nb, cell.id, delta))}
                    onDuplicate={() =>
                      tryEdit((d) =>
                        withNotebook(d, duplicateCell(d.notebook, cell.id, randomId())),
                      )
                    }
                    onDelete={() => remove(cell.id)}
                  />
                )}
                {cell.type === 'markdown' ? (
                  <MarkdownCellView
                    cell={cell}
                    editable={author}
                    onChange={(text) => replace({ ...cell, text })}
                  />
                ) : (
                  <ExperimentCellView
                    cell={cell}
                    index={number}
                    draft={draft}
                    lesson={lesson}
                    mode={mode}
                    onChange={replace}
                  />
                )}
              </li>
            );
          })}
        </ol>
      </ElementBudgetContext.Provider>
      {author && (
        <div className="add-cells buttons">
          <button
            type="button"
            data-testid="notebook.addText"
            onClick={() =>
              tryEdit((d) =>
                withNotebook(
                  d,
                  addCell(
                    d.notebook,
                    newMarkdownCell(randomId(), 'New text'),
                    d.notebook.cells.length,
                  ),
                ),
              )
            }
          >
            + Text
          </button>
          <button
            type="button"
            data-testid="notebook.addExperiment"
            onClick={() =>
              tryEdit((d) => {
                const made = experimentFromEditors(d);
                return withNotebook(
                  made.bundle,
                  addCell(made.bundle.notebook, made.cell, made.bundle.notebook.cells.length),
                );
              })
            }
          >
            + Experiment (from the current settings)
          </button>
        </div>
      )}
    </main>
  );
}
