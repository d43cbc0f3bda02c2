/**
 * The annotation controls of one example wherever it is shown: select it for a bulk action,
 * give it another class, remove it from the next version, or flag it for a second look. A change
 * is pending until the version's bar saves it; the example shows what is pending on it.
 */
import { useAppStore } from '../../store';
import type { ExampleChange } from './pending-edits';
import { useAnnotation, type AnnotateTarget } from './use-annotation';
import './annotate.css';

interface Props {
  target: AnnotateTarget;
  /** The example's index in the version. */
  index: number;
  /** Its class in the version. */
  label: number;
}

/** What is pending on an example, for its tile's look: 'relabel', 'remove', or null. */
export function pendingKind(change: ExampleChange | undefined): 'relabel' | 'remove' | null {
  if (change === undefined) return null;
  return change.to === null ? 'remove' : 'relabel';
}

export function ExampleActions({ target, index, label }: Props) {
  const { sha256, classNames } = target;
  const { net, selected, flags, storedFlags } = useAnnotation(sha256);
  const { annotate, select, flag } = useAppStore.getState();
  const change = net.get(index);
  const removed = change?.to === null;
  const shownClass = change === undefined || change.to === null ? label : change.to;
  const isSelected = selected[index] !== undefined;
  const isFlagged = flags.includes(index);
  const name = `row ${index}`;
  return (
    <div className="example-actions">
      <input
        type="checkbox"
        checked={isSelected}
        aria-label={`Select ${name}`}
        data-testid="example.select"
        onChange={(event) => select(sha256, [{ index, label }], event.target.checked)}
      />
      <select
        value={shownClass}
        disabled={removed}
        aria-label={`Class of ${name}`}
        data-testid="example.relabel"
        onChange={(event) =>
          annotate(sha256, [{ index, from: label, to: Number(event.target.value) }])
        }
      >
        {classNames.map((className, i) => (
          <option key={i} value={i}>
            {className}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="icon-button"
        aria-pressed={removed}
        aria-label={removed ? `Keep ${name}` : `Remove ${name}`}
        title={removed ? 'Keep it' : 'Remove it from the next version'}
        data-testid="example.remove"
        onClick={() => annotate(sha256, [{ index, from: label, to: removed ? label : null }])}
      >
        ✕
      </button>
      <button
        type="button"
        className="icon-button"
        aria-pressed={isFlagged}
        aria-label={isFlagged ? `Unflag ${name}` : `Flag ${name}`}
        title={isFlagged ? 'Flagged for a second look' : 'Flag it for a second look'}
        data-testid="example.flag"
        onClick={() => flag(sha256, [index], !isFlagged, storedFlags)}
      >
        ⚑
      </button>
    </div>
  );
}

/** A tile's caption for a pending change: "label: 1" (its new class), "removed". */
export function pendingCaption(
  change: ExampleChange | undefined,
  classNames: readonly string[],
): string | null {
  if (change === undefined) return null;
  if (change.to === null) return 'removed';
  return `label: ${classNames[change.to] ?? change.to}`;
}
