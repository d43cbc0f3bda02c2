/**
 * Bulk selection over the examples a view shows: all of them, or those of one class, so that a
 * bulk action (in the version's bar) can relabel, remove or flag them together.
 */
import { useAppStore } from '../../store';
import type { AnnotateTarget } from './use-annotation';

interface Props {
  target: AnnotateTarget;
  /** The examples shown: index in the version and class. */
  items: readonly { index: number; label: number }[];
}

export function SelectShown({ target, items }: Props) {
  const { sha256, classNames } = target;
  const select = useAppStore((s) => s.select);
  const present = classNames.flatMap((name, label) => {
    const count = items.filter((item) => item.label === label).length;
    return count > 0 ? [{ name, label, count }] : [];
  });
  if (items.length === 0) return null;
  return (
    <div className="select-shown">
      <button
        type="button"
        className="link-button"
        data-testid="annotate.selectShown"
        onClick={() => select(sha256, items, true)}
      >
        Select all {items.length} shown
      </button>
      {present.length > 1 && (
        <label>
          or the shown of class{' '}
          <select
            value=""
            data-testid="annotate.selectClass"
            onChange={(event) => {
              const label = Number(event.target.value);
              select(
                sha256,
                items.filter((item) => item.label === label),
                true,
              );
            }}
          >
            <option value="" disabled>
              choose…
            </option>
            {present.map(({ name, label, count }) => (
              <option key={label} value={label}>
                {name} ({count})
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
