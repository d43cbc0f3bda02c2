/**
 * One class of the capture page: its name, a button held down (pointer, or Space/Enter held) to
 * record webcam frames into it, its count, and its newest examples with a delete on each.
 */
import { memo, useCallback, type Dispatch, type KeyboardEvent } from 'react';
import type { CaptureAction, CaptureClass } from './capture-set';
import { FrameThumb } from './FrameThumb';

/** Thumbnails shown per class, newest first: hundreds of canvases would only slow recording. */
const SHOWN = 24;

interface Props {
  row: CaptureClass;
  shape: readonly [number, number, number];
  /** Examples of this class the parent dataset already holds (adding to a stored dataset). */
  stored: number | null;
  /** The camera is on, so frames can be recorded. */
  live: boolean;
  recording: boolean;
  /** A class of the parent dataset keeps its row and name. */
  fixed: boolean;
  dispatch: Dispatch<CaptureAction>;
  onRecord(classId: number): void;
  onStop(): void;
}

const isHoldKey = (event: KeyboardEvent) => event.key === ' ' || event.key === 'Enter';

export const ClassRow = memo(function ClassRow(props: Props) {
  const { row, shape, stored, live, recording, fixed, dispatch, onRecord, onStop } = props;
  const count = row.examples.length;
  const shown = row.examples.slice(-SHOWN).reverse();
  const remove = useCallback(
    (exampleId: number) => dispatch({ type: 'deleteExample', classId: row.id, exampleId }),
    [dispatch, row.id],
  );
  return (
    <li
      className={recording ? 'capture-class recording' : 'capture-class'}
      data-testid="capture.class"
    >
      <div className="capture-class-head">
        <input
          className="capture-class-name"
          data-testid="capture.className"
          aria-label="Class name"
          value={row.name}
          readOnly={fixed}
          maxLength={200}
          onChange={(event) =>
            dispatch({ type: 'renameClass', classId: row.id, name: event.target.value })
          }
        />
        <button
          type="button"
          className="capture-record"
          data-testid="capture.record"
          disabled={!live}
          aria-pressed={recording}
          title={live ? 'Hold to record frames' : 'Open the camera first'}
          onPointerDown={(event) => {
            if (event.button !== 0) return;
            event.currentTarget.setPointerCapture(event.pointerId);
            onRecord(row.id);
          }}
          onPointerUp={onStop}
          onPointerCancel={onStop}
          onLostPointerCapture={onStop}
          onKeyDown={(event) => {
            if (!isHoldKey(event)) return;
            event.preventDefault();
            if (!event.repeat) onRecord(row.id);
          }}
          onKeyUp={(event) => {
            if (!isHoldKey(event)) return;
            event.preventDefault();
            onStop();
          }}
          onBlur={onStop}
          onContextMenu={(event) => event.preventDefault()}
        >
          {recording ? 'Recording…' : 'Hold to record'}
        </button>
        <span className="capture-count">
          <span data-testid="capture.count">{count}</span> {count === 1 ? 'example' : 'examples'}
          {stored !== null && <span className="muted"> (+{stored} stored)</span>}
        </span>
        {count > 0 && (
          <button
            type="button"
            className="link"
            onClick={() => dispatch({ type: 'clearClass', classId: row.id })}
          >
            Delete all
          </button>
        )}
        {!fixed && (
          <button
            type="button"
            className="link"
            data-testid="capture.removeClass"
            onClick={() => dispatch({ type: 'removeClass', classId: row.id })}
          >
            Remove class
          </button>
        )}
      </div>
      {count > 0 && (
        <ul className="capture-thumbs" aria-label={`Examples of ${row.name}`}>
          {shown.map((example) => (
            <FrameThumb
              key={example.id}
              id={example.id}
              pixels={example.pixels}
              shape={shape}
              label={`${example.from === 'webcam' ? 'frame' : 'drawing'} ${example.id} of ${row.name}`}
              onDelete={remove}
            />
          ))}
          {count > SHOWN && <li className="muted capture-more">and {count - SHOWN} older</li>}
        </ul>
      )}
    </li>
  );
});
