/** Steps through a dataset's examples by row: the sequence the attention and state views show. */
interface Props {
  row: number;
  rows: number;
  onRow(row: number): void;
}

export function ExampleStepper({ row, rows, onRow }: Props) {
  return (
    <div className="feature-source" role="group" aria-label="Example to look at">
      <button
        type="button"
        aria-label="Previous example"
        disabled={row === 0}
        onClick={() => onRow(row - 1)}
      >
        ‹
      </button>
      <span className="muted">
        example {row + 1} of {rows}
      </span>
      <button
        type="button"
        aria-label="Next example"
        disabled={row >= rows - 1}
        onClick={() => onRow(row + 1)}
      >
        ›
      </button>
    </div>
  );
}
