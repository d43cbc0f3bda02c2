/** What changed between two versions of a notebook: title, cells added, removed, moved, edited. */
import { isEmptyDiff, type CellEntry, type NotebookDiff } from '../../core/notebook/diff';

function Entries({ label, entries }: { label: string; entries: readonly CellEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <>
      <h4>{label}</h4>
      <ul>
        {entries.map((entry) => (
          <li key={entry.id}>{entry.summary}</li>
        ))}
      </ul>
    </>
  );
}

export function DiffView({ title, diff }: { title: string; diff: NotebookDiff }) {
  return (
    <div className="diff" data-testid="notebook.diff">
      <h3>{title}</h3>
      {isEmptyDiff(diff) && <p className="muted">No differences.</p>}
      {diff.title !== null && (
        <p data-testid="diff.title">
          Title: <span className="before">{diff.title.before}</span> → {diff.title.after}
        </p>
      )}
      {diff.authors !== null && (
        <p>
          Authors: <span className="before">{diff.authors.before}</span> → {diff.authors.after}
        </p>
      )}
      <Entries label="Cells added" entries={diff.added} />
      <Entries label="Cells removed" entries={diff.removed} />
      {diff.moved.length > 0 && (
        <>
          <h4>Cells moved</h4>
          <ul>
            {diff.moved.map((move) => (
              <li key={move.id}>
                {move.summary}: position {move.from + 1} → {move.to + 1}
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.changed.map((cell) => (
        <div key={cell.id} data-testid="diff.changed">
          <h4>Changed: {cell.summary}</h4>
          <ul>
            {cell.fields.map((field) => (
              <li key={field.path}>
                <code>{field.path}</code>: <span className="before">{field.before}</span> →{' '}
                {field.after}
                {field.note ? <span className="muted"> ({field.note})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <Entries label="Runs added" entries={diff.runsAdded} />
      <Entries label="Runs removed" entries={diff.runsRemoved} />
    </div>
  );
}
