/**
 * Drawing on the data plot with the pointer and the keyboard. Pointer: a click on empty space
 * adds a point of the chosen class, a drag moves the point under it, and the erase tool, a
 * right-click or an Alt-click removes it. Keyboard (the plot focused): arrows move a cursor
 * (Shift: farther), Enter or Space adds a point there, Delete, Backspace or X erases the point
 * nearest it, 1-8 choose the class, Ctrl/Cmd+Z undoes. Handled keys go no further, so Space does
 * not also start training and Ctrl+Z does not also undo an edit of the experiment.
 */
import {
  useMemo,
  useState,
  type HTMLAttributes,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { Extent } from '../../core/data/bounds';
import type { ClassificationDataset } from '../../core/data/dataset';
import { draftDataset, pointNear, type DraftAction, type PointsDraft } from './points-draft';

export type PointsTool = 'add' | 'erase';

export interface EditingOptions {
  draft: PointsDraft;
  extent: Extent;
  tool: PointsTool;
  label: number;
  enabled: boolean;
  dispatch(action: DraftAction): void;
  chooseLabel(label: number): void;
}

export interface Editing {
  /** The draft as drawn now, with a point being dragged where the pointer holds it. */
  shown: ClassificationDataset;
  cursor: { x: number; y: number } | null;
  handlers: HTMLAttributes<HTMLCanvasElement>;
}

/** How near (CSS pixels) a press must be to a point to take it, and the keyboard's to erase it. */
const HIT_PX = 10;
const KEY_HIT_PX = 18;
/** Cursor steps: a fiftieth of the plot, or a tenth with Shift. */
const STEP = 1 / 50;
const BIG_STEP = 1 / 10;

/** A point held by the pointer: where it is now, and where it was taken from the pointer. */
interface Drag {
  index: number;
  x: number;
  y: number;
  dx: number;
  dy: number;
  pointerId: number;
}

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));

export function usePointsEditing(options: EditingOptions): Editing {
  const { draft, extent, tool, label, enabled, dispatch, chooseLabel } = options;
  const [drag, setDrag] = useState<Drag | null>(null);
  const [cursor, setCursor] = useState<{ x: number; y: number } | null>(null);
  const width = extent.xMax - extent.xMin;
  const height = extent.yMax - extent.yMin;

  const shown = useMemo(() => {
    if (drag === null) return draftDataset(draft);
    const points = draft.points.map((p, i) =>
      i === drag.index ? { ...p, x: drag.x, y: drag.y } : p,
    );
    return draftDataset({ ...draft, points });
  }, [draft, drag]);

  /** Data coordinates of a pointer event, kept inside the frame. */
  const at = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const u = (event.clientX - rect.left) / rect.width;
    const v = (event.clientY - rect.top) / rect.height;
    return {
      x: extent.xMin + clamp(u, 0, 1) * width,
      y: extent.yMax - clamp(v, 0, 1) * height,
      perPixel: width / rect.width,
    };
  };

  const handlers: HTMLAttributes<HTMLCanvasElement> = {
    tabIndex: 0,
    role: 'application',
    'aria-disabled': !enabled,
    onContextMenu: (event) => event.preventDefault(),
    onPointerDown(event) {
      if (!enabled) return;
      const p = at(event);
      const hit = pointNear(draft.points, p.x, p.y, HIT_PX * p.perPixel);
      if (event.button === 2 || event.altKey || tool === 'erase') {
        event.preventDefault();
        if (hit !== null) dispatch({ type: 'erase', index: hit });
        return;
      }
      if (event.button !== 0) return;
      if (hit === null) {
        dispatch({ type: 'add', x: p.x, y: p.y, label });
        return;
      }
      const point = draft.points[hit];
      if (point === undefined) return;
      event.currentTarget.setPointerCapture(event.pointerId);
      const { x, y } = point;
      setDrag({ index: hit, x, y, dx: x - p.x, dy: y - p.y, pointerId: event.pointerId });
    },
    onPointerMove(event) {
      if (drag === null || event.pointerId !== drag.pointerId) return;
      const p = at(event);
      setDrag({ ...drag, x: p.x + drag.dx, y: p.y + drag.dy });
    },
    onPointerUp(event) {
      if (drag === null || event.pointerId !== drag.pointerId) return;
      setDrag(null);
      // A press without a move leaves the point where it was: the reducer ignores no change.
      dispatch({ type: 'move', index: drag.index, x: drag.x, y: drag.y });
    },
    onPointerCancel: () => setDrag(null),
    onFocus: () =>
      setCursor((c) => c ?? { x: extent.xMin + width / 2, y: extent.yMin + height / 2 }),
    onBlur: () => setCursor(null),
    onKeyDown(event: KeyboardEvent<HTMLCanvasElement>) {
      if (!enabled) return;
      const handled = onKey(event);
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
  };

  function onKey(event: KeyboardEvent<HTMLCanvasElement>): boolean {
    const { key } = event;
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && key.toLowerCase() === 'z') {
      dispatch({ type: 'undo' });
      return true;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    const here = cursor ?? { x: extent.xMin + width / 2, y: extent.yMin + height / 2 };
    const arrow = ARROWS[key];
    if (arrow) {
      const step = event.shiftKey ? BIG_STEP : STEP;
      setCursor({
        x: clamp(here.x + arrow[0] * step * width, extent.xMin, extent.xMax),
        y: clamp(here.y + arrow[1] * step * height, extent.yMin, extent.yMax),
      });
      return true;
    }
    if (key === 'Enter' || key === ' ') {
      setCursor(here);
      dispatch({ type: 'add', x: here.x, y: here.y, label });
      return true;
    }
    if (key === 'Delete' || key === 'Backspace' || key.toLowerCase() === 'x') {
      const perPixel = width / event.currentTarget.getBoundingClientRect().width;
      const hit = pointNear(draft.points, here.x, here.y, KEY_HIT_PX * perPixel);
      if (hit !== null) dispatch({ type: 'erase', index: hit });
      return true;
    }
    const digit = Number(key);
    if (/^[1-8]$/.test(key) && digit <= draft.classNames.length) {
      chooseLabel(digit - 1);
      return true;
    }
    return false;
  }

  return { shown, cursor, handlers };
}
