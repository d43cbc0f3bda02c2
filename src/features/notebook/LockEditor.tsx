/**
 * What a student may change and see in an experiment, chosen by its author. A field the cell's
 * sweep varies cannot be locked: the sweep would then vary what the lesson fixes.
 */
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
  swept,
  onToggleLock,
  onToggleView,
}: {
  cell: ExperimentCell;
  /** The locks of the fields the cell's sweep varies. */
  swept: ReadonlySet<LockableField>;
  onToggleLock: (field: LockableField) => void;
  onToggleView: (view: NotebookView) => void;
}) {
  return (
    <details className="lock-editor" data-testid="cell.locks">
      <summary>For students: locked settings and shown views</summary>
      <fieldset>
        <legend>Locked (a student cannot change these)</legend>
        {LOCKABLE_FIELDS.map(({ field, label }) => {
          const varied = swept.has(field) && !isLocked(cell, field);
          return (
            <label
              key={field}
              className="inline-check"
              title={
                varied ? 'The sweep varies this: take it out of the sweep to lock it' : undefined
              }
            >
              <input
                type="checkbox"
                data-testid={`lock.${field}`}
                aria-label={`Lock ${label} for students`}
                checked={isLocked(cell, field)}
                disabled={varied}
                onChange={() => onToggleLock(field)}
              />{' '}
              {label}
              {varied && <span className="muted"> (swept)</span>}
            </label>
          );
        })}
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
