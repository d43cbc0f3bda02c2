/** An author's tools for one cell: move, duplicate, delete. */
import { Icon } from '../ui/Icon';

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
      <button
        type="button"
        className="icon"
        disabled={first}
        onClick={() => onMove(-1)}
        aria-label="Move cell up"
        title="Move up"
      >
        <Icon name="up" />
      </button>
      <button
        type="button"
        className="icon"
        disabled={last}
        onClick={() => onMove(1)}
        aria-label="Move cell down"
        title="Move down"
      >
        <Icon name="down" />
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
