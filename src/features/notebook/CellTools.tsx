/** An author's tools for one cell: move, duplicate, delete. */
export function CellTools({
  first,
  last,
  onMove,
  onDuplicate,
  onDelete,
}: {
  first: boolean;
  last: boolean;
  onMove: (delta: -1 | 1) => void;
  onDuplicate: () => void;
  onDelete: () => void;
}) {
  return (
    <div className="cell-tools" role="group" aria-label="Cell">
      <button type="button" disabled={first} onClick={() => onMove(-1)} aria-label="Move cell up">
        ↑
      </button>
      <button type="button" disabled={last} onClick={() => onMove(1)} aria-label="Move cell down">
        ↓
      </button>
      <button type="button" data-testid="cell.duplicate" onClick={onDuplicate}>
        Duplicate
      </button>
      <button type="button" data-testid="cell.delete" onClick={onDelete}>
        Delete
      </button>
    </div>
  );
}
