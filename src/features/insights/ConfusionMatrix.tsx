/**
 * The confusion matrix of the validation set: rows are the actual classes, columns the predicted
 * ones. Each cell is a button that lists the examples it counts, so a number becomes the images
 * (or table rows) behind it.
 */
import { useState } from 'react';
import { SelectShown } from '../annotate/SelectShown';
import { ExampleActions } from '../annotate/ExampleActions';
import { useTileAnnotation } from '../annotate/tile-annotation';
import type { AnnotateTarget } from '../annotate/use-annotation';
import type { Insights } from '../train/slice';
import { ExampleTile } from './ExampleTile';
import { cellExamples, percent, type Examples } from './examples';
import { useRowSample } from './use-row-sample';
import { counted } from '../../core/plural';

/** Examples listed for one cell; a cell can count thousands. */
const MAX_LISTED = 64;

export interface ImageSource {
  /** The stored dataset the example rows belong to. */
  sha256: string;
  /** [height, width, channels]. */
  shape: number[];
}

interface Props {
  confusion: NonNullable<Insights['confusion']>;
  examples: Examples | null;
  classNames: readonly string[];
  /** Where to read example images from; null for tables and points. */
  images: ImageSource | null;
  /** The version whose examples can be annotated here; null where they cannot. */
  annotate?: AnnotateTarget | null;
}

interface Cell {
  actual: number;
  predicted: number;
}

const nameOf = (names: readonly string[], i: number) => names[i] ?? String(i);

export function ConfusionMatrix({
  confusion,
  examples,
  classNames,
  images,
  annotate = null,
}: Props) {
  const [selected, setSelected] = useState<Cell | null>(null);
  const { numClasses, counts } = confusion;
  const peak = Math.max(1, ...counts);
  const classes = Array.from({ length: numClasses }, (_, i) => i);
  const isSelected = (a: number, p: number) => selected?.actual === a && selected.predicted === p;

  return (
    <div className="confusion" data-testid="insights.confusion">
      <div className="confusion-scroll">
        <table>
          <caption className="muted">Rows: actual class. Columns: predicted class.</caption>
          <thead>
            <tr>
              <td />
              {classes.map((p) => (
                <th key={p} scope="col">
                  {nameOf(classNames, p)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {classes.map((a) => (
              <tr key={a}>
                <th scope="row">{nameOf(classNames, a)}</th>
                {classes.map((p) => {
                  const count = counts[a * numClasses + p] ?? 0;
                  const share = Math.round((count / peak) * 85);
                  const colour = a === p ? 'var(--accent)' : 'var(--danger)';
                  return (
                    <td key={p}>
                      <button
                        type="button"
                        className="confusion-cell"
                        data-testid="insights.cell"
                        aria-label={`actual ${nameOf(classNames, a)}, predicted ${nameOf(classNames, p)}: ${counted(count, 'example')}`}
                        aria-pressed={isSelected(a, p)}
                        style={{
                          background: `color-mix(in srgb, ${colour} ${share}%, transparent)`,
                          color: share > 45 ? 'var(--accent-text)' : undefined,
                        }}
                        onClick={() =>
                          setSelected(isSelected(a, p) ? null : { actual: a, predicted: p })
                        }
                      >
                        {count}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && (
        <CellExamples
          cell={selected}
          count={counts[selected.actual * numClasses + selected.predicted] ?? 0}
          examples={examples}
          classNames={classNames}
          images={images}
          annotate={annotate}
        />
      )}
    </div>
  );
}

function CellExamples({
  cell,
  count,
  examples,
  classNames,
  images,
  annotate,
}: {
  cell: Cell;
  count: number;
  examples: Examples | null;
  classNames: readonly string[];
  images: ImageSource | null;
  annotate: AnnotateTarget | null;
}) {
  const indices = examples ? cellExamples(examples, cell.actual, cell.predicted) : [];
  const listed = indices.slice(0, MAX_LISTED);
  const rows = examples ? listed.map((i) => examples.rows[i] ?? 0) : [];
  const items = rows.map((index) => ({ index, label: cell.actual }));
  const title = `Actual ${nameOf(classNames, cell.actual)}, predicted ${nameOf(classNames, cell.predicted)}: ${counted(count, 'example')}`;
  return (
    <div className="cell-examples" data-testid="insights.cellExamples">
      <h3>{title}</h3>
      {annotate && <SelectShown target={annotate} items={items} />}
      {count === 0 ? (
        <p className="muted">No validation example falls in this cell.</p>
      ) : !examples ? (
        <p className="muted">The examples were not sent with this epoch.</p>
      ) : images ? (
        <CellImages
          rows={rows}
          images={images}
          label={title}
          actual={cell.actual}
          confidence={listed.map((i) => examples.confidence[i] ?? 0)}
          annotate={annotate}
        />
      ) : (
        <ul className="row-list">
          {listed.map((i) => (
            <li key={i}>
              row {examples.rows[i]} · {percent(examples.confidence[i] ?? 0)} sure
              {annotate && (
                <ExampleActions
                  target={annotate}
                  index={examples.rows[i] ?? 0}
                  label={cell.actual}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {indices.length > listed.length && (
        <p className="muted">
          The {listed.length} most confident of {indices.length} are shown.
        </p>
      )}
    </div>
  );
}

function CellImages({
  rows,
  images,
  label,
  actual,
  confidence,
  annotate,
}: {
  rows: number[];
  images: ImageSource;
  label: string;
  actual: number;
  confidence: number[];
  annotate: AnnotateTarget | null;
}) {
  const { sample, error } = useRowSample(images.sha256, rows);
  const annotation = useTileAnnotation(annotate);
  if (error) {
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  }
  if (!sample) return <p className="muted">Loading the examples…</p>;
  return (
    <div className={annotate ? 'insight-grid annotating' : 'insight-grid'}>
      {rows.map((row, i) => {
        const { caption, ...tile } = annotation(row, actual);
        return (
          <ExampleTile
            key={`${row}-${i}`}
            x={sample.x}
            index={i}
            shape={images.shape}
            label={`row ${row}: ${label}`}
            testId="insights.cellExample"
            {...tile}
          >
            {caption ?? percent(confidence[i] ?? 0)}
          </ExampleTile>
        );
      })}
    </div>
  );
}
