/**
 * The counter under a field with a length limit: hidden well within it, "X of Y characters" near
 * it, an alert beyond it. The note's wording comes from core/notebook/typed-limits.ts.
 */
import type { LimitNote } from '../../core/notebook/typed-limits';

export function LengthCounter({
  note,
  id,
  testId,
}: {
  note: LimitNote | null;
  /** For the field's aria-describedby. */
  id: string;
  testId: string;
}) {
  if (note === null) return null;
  const over = note.state === 'over';
  return (
    <p
      id={id}
      className={over ? 'length-counter error' : 'length-counter muted'}
      role={over ? 'alert' : 'status'}
      data-testid={testId}
      data-state={note.state}
    >
      {note.text}
    </p>
  );
}
