/**
 * The controls of drawing on the data plot: the class a click adds, adding or erasing, undo,
 * clearing, how many points of each class there are, and saving them as a dataset (or as the next
 * version of the one they were drawn from).
 */
import { useId } from 'react';
import { classCss } from '../palette';
import './points.css';
import { describeDraft, MAX_CLASSES, type PointsDraft } from './points-draft';
import type { PointsTool } from './points-editing';

export interface SaveStatus {
  saving: boolean;
  saved: string | null;
  error: string | null;
}

export interface PointsToolsProps {
  draft: PointsDraft;
  label: number;
  tool: PointsTool;
  canUndo: boolean;
  disabled: boolean;
  name: string;
  note: string;
  status: SaveStatus;
  onLabel(label: number): void;
  onTool(tool: PointsTool): void;
  onAddClass(): void;
  onUndo(): void;
  onClear(): void;
  onName(name: string): void;
  onNote(note: string): void;
  onSave(): void;
}

export function PointsTools(props: PointsToolsProps) {
  const { draft, label, tool, canUndo, disabled, name, note, status } = props;
  const id = useId();
  const editing = disabled || status.saving;
  return (
    <div className="points-tools" data-testid="points.tools">
      <fieldset className="points-classes" disabled={editing}>
        <legend>Class of a new point</legend>
        {draft.classNames.map((className, index) => (
          <label key={index} className="points-class">
            <input
              type="radio"
              name={`${id}-class`}
              checked={label === index}
              data-testid="points.class"
              onChange={() => props.onLabel(index)}
            />
            <span className="points-swatch" style={{ background: classCss(index) }} />
            {className}
          </label>
        ))}
        <button
          type="button"
          data-testid="points.addClass"
          disabled={draft.classNames.length >= MAX_CLASSES}
          onClick={props.onAddClass}
        >
          Add a class
        </button>
      </fieldset>
      <fieldset className="points-actions" disabled={editing}>
        <legend>Click on the plot to</legend>
        <label>
          <input
            type="radio"
            name={`${id}-tool`}
            checked={tool === 'add'}
            data-testid="points.add"
            onChange={() => props.onTool('add')}
          />{' '}
          add or drag points
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-tool`}
            checked={tool === 'erase'}
            data-testid="points.erase"
            onChange={() => props.onTool('erase')}
          />{' '}
          erase points
        </label>
        <button type="button" data-testid="points.undo" disabled={!canUndo} onClick={props.onUndo}>
          Undo
        </button>
        <button
          type="button"
          data-testid="points.clear"
          disabled={draft.points.length === 0}
          onClick={props.onClear}
        >
          Clear all
        </button>
      </fieldset>
      <p className="status" data-testid="points.count" aria-live="polite">
        {describeDraft(draft)}
      </p>
      <p className="muted hint">
        Right-click or Alt-click erases a point. With the plot focused: arrows move the cursor,
        Enter adds a point, Delete erases the nearest, 1–{draft.classNames.length} choose the class,
        Ctrl+Z undoes.
      </p>
      <form
        className="points-save"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSave();
        }}
      >
        {draft.base === null && (
          <div className="field">
            <label htmlFor={`${id}-name`}>Dataset name</label>
            <input
              id={`${id}-name`}
              value={name}
              maxLength={200}
              data-testid="points.name"
              disabled={editing}
              onChange={(event) => props.onName(event.target.value)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-note`}>Note (what changed)</label>
          <input
            id={`${id}-note`}
            value={note}
            maxLength={2000}
            data-testid="points.note"
            disabled={editing}
            onChange={(event) => props.onNote(event.target.value)}
          />
        </div>
        <button type="submit" data-testid="points.save" disabled={editing || name.trim() === ''}>
          {status.saving
            ? 'Saving…'
            : draft.base === null
              ? 'Save as dataset'
              : 'Save as the next version'}
        </button>
      </form>
      {status.saved !== null && (
        <p className="status" data-testid="points.saved">
          {status.saved}
        </p>
      )}
      {status.error !== null && (
        <p className="error" role="alert" data-testid="points.error">
          {status.error}
        </p>
      )}
    </div>
  );
}
