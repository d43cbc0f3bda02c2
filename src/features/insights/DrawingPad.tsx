/**
 * Draw with mouse, touch or pen; the model guesses as you draw. The drawing is scaled and centred
 * like the dataset's images were (drawing.ts) before it is sent, at most every PREDICT_EVERY_MS.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';
import { DrawingCanvas, type DrawingCanvasHandle } from './DrawingCanvas';
import { drawingToInput } from './drawing';
import { percent, topClasses } from './examples';

const PREDICT_EVERY_MS = 150;
const TOP = 3;

interface Props {
  /** The dataset's image shape, [height, width, channels]. */
  inputShape: readonly number[];
  classNames: readonly string[];
  /** Called with the model input for the drawing, or null when the pad is cleared. */
  onDrawing(input: Float32Array | null): void;
}

export function DrawingPad({ inputShape, classNames, onDrawing }: Props) {
  const pad = useRef<DrawingCanvasHandle>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const asked = useRef(0);
  const [guess, setGuess] = useState<string | null>(null);

  useEffect(() => () => clearTimeout(timer.current), []);

  function clear() {
    pad.current?.clear();
    clearTimeout(timer.current);
    timer.current = undefined;
    asked.current++;
    setGuess(null);
    onDrawing(null);
  }

  function predictSoon() {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void predict();
    }, PREDICT_EVERY_MS);
  }

  async function predict() {
    const ink = pad.current?.ink();
    if (!ink) return;
    const input = drawingToInput(ink, inputShape);
    onDrawing(input);
    if (!input) return;
    const mine = ++asked.current;
    const answer = await useAppStore.getState().ask({ type: 'predictOne', input: input.slice() });
    if (mine !== asked.current) return;
    if (!answer.ok) {
      setGuess(answer.error.message);
      return;
    }
    const { output } = answer.value;
    setGuess(
      output.length === 0
        ? 'There is no model yet: wait for the dataset to load.'
        : output.length === 1
          ? `Output: ${(output[0] ?? 0).toPrecision(3)}`
          : topClasses(output, classNames, TOP)
              .map((c) => `${c.name} (${percent(c.probability)})`)
              .join(' · '),
    );
  }

  return (
    <div className="drawing-pad" data-testid="insights.drawingPad">
      <DrawingCanvas ref={pad} testId="insights.drawCanvas" onStroke={predictSoon} />
      <div className="drawing-side">
        <p data-testid="insights.drawPrediction" aria-live="polite">
          {guess ?? 'Draw a digit or a shape: the model guesses as you draw.'}
        </p>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </div>
  );
}
