/**
 * The drawing pad of the capture page: draw a digit or a shape, and add it to the chosen class.
 * A drawing is scaled and centred as MNIST's digits were (insights/drawing.ts), then stored in
 * the set's format.
 */
import { useRef, useState, type Dispatch } from 'react';
import { DrawingCanvas, type DrawingCanvasHandle } from '../insights/DrawingCanvas';
import { drawingToInput } from '../insights/drawing';
import { SelectField } from '../ui/SelectField';
import type { CaptureAction, CaptureSet } from './capture-set';
import { unitToBytes } from '../../core/capture/frame-pixels';

interface Props {
  set: CaptureSet;
  dispatch: Dispatch<CaptureAction>;
}

export function DrawPanel({ set, dispatch }: Props) {
  const pad = useRef<DrawingCanvasHandle>(null);
  const [chosen, setChosen] = useState<string>('');
  const [problem, setProblem] = useState<string | null>(null);
  const target = set.classes.find((c) => String(c.id) === chosen) ?? set.classes[0];
  const options = set.classes.map((c) => ({ value: String(c.id), label: c.name || '(unnamed)' }));

  const add = () => {
    const ink = pad.current?.ink();
    const input = ink ? drawingToInput(ink, [set.size, set.size, set.channels]) : null;
    if (!target || !input) {
      setProblem(target ? 'Draw something first.' : 'Add a class first.');
      return;
    }
    dispatch({ type: 'add', classId: target.id, pixels: unitToBytes(input), from: 'drawing' });
    pad.current?.clear();
    setProblem(null);
  };

  return (
    <section className="panel capture-draw" aria-labelledby="capture-draw-heading">
      <h2 id="capture-draw-heading">Draw examples</h2>
      <div className="drawing-pad">
        <DrawingCanvas ref={pad} testId="capture.drawCanvas" onStroke={() => setProblem(null)} />
        <div className="drawing-side">
          {target && (
            <SelectField
              label="Add drawings to"
              value={String(target.id)}
              options={options}
              testId="capture.drawClass"
              onChange={setChosen}
            />
          )}
          <p className="muted">
            Draw a digit or a shape, then add it. Each drawing is one example.
          </p>
          <button type="button" data-testid="capture.addDrawing" onClick={add}>
            Add to {target?.name || 'the class'}
          </button>{' '}
          <button type="button" onClick={() => pad.current?.clear()}>
            Clear
          </button>
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
