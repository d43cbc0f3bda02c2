/** What a student may change and see in an experiment, chosen by its author. */
import type { ExperimentCell } from '../../core/bundle/schema';
import {
  isLocked,
  isViewShown,
  LOCKABLE_FIELDS,
  NOTEBOOK_VIEWS,
  type LockableField,
  type NotebookView,
} from '../../core/experiment/locks';

export function LockEditor({
  cell,
  onToggleLock,
  onToggleView,
}: {
  cell: ExperimentCell;
  onToggleLock: (field: LockableField) => void;
  onToggleView: (view: NotebookView) => void;
}) {
  return (
    <details className="lock-editor" data-testid="cell.locks">
      <summary>For students: locked settings and shown views</summary>
      <fieldset>
        <legend>Locked (a student cannot change these)</legend>
        {LOCKABLE_FIELDS.map(({ field, label }) => (
          <label key={field} className="inline-check">
            <input
              type="checkbox"
              data-testid={`lock.${field}`}
              aria-label={`Lock ${label} for students`}
              checked={isLocked(cell, field)}
              onChange={() => onToggleLock(field)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Views shown to students</legend>
        {NOTEBOOK_VIEWS.map(({ view, label }) => (
          <label key={view} className="inline-check">
            <input
              type="checkbox"
              data-testid={`view.${view}`}
              aria-label={`Show ${label} to students`}
              checked={isViewShown(cell, view)}
              onChange={() => onToggleView(view)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
