/**
 * The review queue: the validation examples most worth a second look, one at a time (likely label
 * errors first: the model is sure and disagrees with the label; then those it is least sure of;
 * core/data/review-order.ts), with the class it was given and the one the model predicts. Keys
 * (while the queue has the focus): 1-9 give the example that class, x removes it, f flags it
 * (each then moves on), the arrows move. A class equal to its own keeps it as it is.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { certainty, reviewOrder } from '../../core/data/review-order';
import { useAppStore } from '../../store';
import type { ImageSource } from '../insights/ConfusionMatrix';
import { ExampleTile } from '../insights/ExampleTile';
import { percent, type Examples } from '../insights/examples';
import { useRowSample } from '../insights/use-row-sample';
import { pendingCaption, pendingKind } from './ExampleActions';
import { useAnnotation, type AnnotateTarget } from './use-annotation';
import './annotate.css';

interface Props {
  examples: Examples;
  images: ImageSource | null;
  target: AnnotateTarget;
}

/** Classes past the ninth have buttons but no key. */
const KEYED_CLASSES = 9;

const nameOf = (names: readonly string[], i: number) => names[i] ?? String(i);

export function ReviewQueue({ examples, images, target }: Props) {
  const { sha256, classNames } = target;
  const order = useMemo(() => reviewOrder(examples, classNames.length), [examples, classNames]);
  const [at, setAt] = useState(0);
  const position = Math.min(at, Math.max(0, order.length - 1));
  const i = order[position];
  const row = i === undefined ? null : (examples.rows[i] ?? 0);
  const { sample, error } = useRowSample(
    images && row !== null ? images.sha256 : null,
    row === null ? [] : [row],
  );
  const { net, flags, storedFlags } = useAnnotation(sha256);
  const { annotate, flag } = useAppStore.getState();

  if (i === undefined || row === null) {
    return (
      <p className="muted" data-testid="review.queue">
        Nothing to review: the model is right and sure about every validation example.
      </p>
    );
  }
  const label = examples.actual[i] ?? 0;
  const predicted = examples.predicted[i] ?? 0;
  const confidence = examples.confidence[i] ?? 0;
  const change = net.get(row);
  const flagged = flags.includes(row);
  const likelyError = label !== predicted && certainty(confidence, classNames.length) >= 0.5;
  const move = (delta: number) => setAt(Math.min(order.length - 1, Math.max(0, position + delta)));
  const relabel = (to: number) => {
    annotate(sha256, [{ index: row, from: label, to }]);
    move(1);
  };
  const remove = () => {
    annotate(sha256, [{ index: row, from: label, to: null }]);
    move(1);
  };
  const toggleFlag = () => {
    flag(sha256, [row], !flagged, storedFlags);
    move(1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)
      return;
    const digit = /^[1-9]$/.test(event.key) ? Number(event.key) - 1 : null;
    if (digit !== null && digit < Math.min(KEYED_CLASSES, classNames.length)) relabel(digit);
    else if (event.key === 'x' || event.key === 'X') remove();
    else if (event.key === 'f' || event.key === 'F') toggleFlag();
    else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') move(-1);
    else return;
    event.preventDefault();
  };

  const description = `row ${row}: labelled ${nameOf(classNames, label)}, predicted ${nameOf(classNames, predicted)} (${percent(confidence)})`;
  return (
    <div
      className="review-queue"
      data-testid="review.queue"
      tabIndex={0}
      role="group"
      aria-label="Review queue: 1 to 9 relabel, x removes, f flags, arrows move"
      onKeyDown={onKeyDown}
    >
      <div>
        {images ? (
          sample ? (
            <ExampleTile
              x={sample.x}
              index={0}
              shape={images.shape}
              label={description}
              pending={pendingKind(change)}
              flagged={flagged}
              testId="review.example"
            >
              row {row}
            </ExampleTile>
          ) : error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : (
            <p className="muted">Loading…</p>
          )
        ) : (
          <p data-testid="review.example">row {row}</p>
        )}
      </div>
      <div>
        <p data-testid="review.position">
          {position + 1} of {order.length}
          {likelyError ? ' · a likely label error' : ' · the model is unsure'}
        </p>
        <p>
          Labelled <strong data-testid="review.actual">{nameOf(classNames, label)}</strong>, the
          model predicts <strong>{nameOf(classNames, predicted)}</strong> ({percent(confidence)}{' '}
          sure).
          {change && (
            <>
              {' '}
              Pending:{' '}
              <strong data-testid="review.pending">{pendingCaption(change, classNames)}</strong>.
            </>
          )}
          {flagged && ' Flagged.'}
        </p>
        <div className="review-classes">
          {classNames.map((name, to) => (
            <button
              key={to}
              type="button"
              aria-label={`Class ${name}${to < KEYED_CLASSES ? ` (key ${to + 1})` : ''}`}
              onClick={() => relabel(to)}
            >
              {to < KEYED_CLASSES && <kbd>{to + 1}</kbd>} {name}
            </button>
          ))}
        </div>
        <div className="review-classes">
          <button type="button" onClick={remove}>
            <kbd>x</kbd> Remove
          </button>
          <button type="button" aria-pressed={flagged} onClick={toggleFlag}>
            <kbd>f</kbd> {flagged ? 'Unflag' : 'Flag'}
          </button>
          <button type="button" disabled={position === 0} onClick={() => move(-1)}>
            ← Previous
          </button>
          <button type="button" disabled={position + 1 >= order.length} onClick={() => move(1)}>
            Next →
          </button>
        </div>
        <p className="review-keys">
          With the focus here: <kbd>1</kbd>–<kbd>{Math.min(KEYED_CLASSES, classNames.length)}</kbd>{' '}
          relabel, <kbd>x</kbd> remove, <kbd>f</kbd> flag, arrows move.
        </p>
      </div>
    </div>
  );
}
