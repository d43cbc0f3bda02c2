/** A text cell: rendered for reading; for its author, a text area behind an Edit button. */
import { useState } from 'react';
import type { MarkdownCell } from '../../core/bundle/schema';
import { DRAFT_MARKDOWN_LENGTH, textCellNote } from '../../core/notebook/typed-limits';
import { LengthCounter } from '../ui/LengthCounter';
import { Markdown } from './Markdown';

export function MarkdownCellView({
  cell,
  editable,
  onChange,
}: {
  cell: MarkdownCell;
  editable: boolean;
  onChange: (text: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  if (editable && editing) {
    const note = textCellNote(cell.text.length);
    return (
      <div className="markdown-editor">
        <label className="visually-hidden" htmlFor={`text-${cell.id}`}>
          Cell text (Markdown, $math$ allowed)
        </label>
        <textarea
          id={`text-${cell.id}`}
          data-testid="cell.text"
          value={cell.text}
          rows={Math.min(24, Math.max(4, cell.text.split('\n').length + 1))}
          maxLength={DRAFT_MARKDOWN_LENGTH}
          aria-describedby={note === null ? undefined : `limit-${cell.id}`}
          aria-invalid={note?.state === 'over' ? true : undefined}
          onChange={(event) => onChange(event.target.value)}
          autoFocus
        />
        <LengthCounter note={note} id={`limit-${cell.id}`} testId="cell.textLimit" />
        <button type="button" data-testid="cell.doneEditing" onClick={() => setEditing(false)}>
          Done
        </button>
      </div>
    );
  }
  return (
    <div className="markdown-cell">
      <Markdown text={cell.text} />
      {editable && (
        <button
          type="button"
          className="link cell-edit"
          data-testid="cell.edit"
          onClick={() => setEditing(true)}
        >
          Edit text
        </button>
      )}
    </div>
  );
}
