/**
 * Draw with mouse, touch or pen; the model guesses as you draw. The drawing is scaled and centred
 * like the dataset's images were (drawing.ts) before it is sent, at most every PREDICT_EVERY_MS.
 * Strokes are white on a transparent canvas (black by CSS), so ink is the red channel.
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useAppStore } from '../../store';
import { drawingToInput, inkOfRgba } from './drawing';
import { percent, topClasses } from './examples';

/** Backing pixels of the pad: 10 per pixel of a 28 x 28 image. */
const SIZE = 280;
const BRUSH = 20;
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
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const asked = useRef(0);
  const [guess, setGuess] = useState<string | null>(null);

  useEffect(() => () => clearTimeout(timer.current), []);

  function context(): CanvasRenderingContext2D | null {
    return canvasRef.current?.getContext('2d', { willReadFrequently: true }) ?? null;
  }

  function clear() {
    const ctx = context();
    if (!ctx) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
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
    const ctx = context();
    if (!ctx) return;
    const ink = inkOfRgba(ctx.getImageData(0, 0, SIZE, SIZE).data, SIZE, SIZE);
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

  function point(event: PointerEvent<HTMLCanvasElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * SIZE,
      y: ((event.clientY - rect.top) / rect.height) * SIZE,
    };
  }

  function stroke(to: { x: number; y: number }) {
    const ctx = context();
    if (!ctx) return;
    const from = last.current ?? to;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = BRUSH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    last.current = to;
    predictSoon();
  }

  return (
    <div className="drawing-pad" data-testid="insights.drawingPad">
      <canvas
        ref={canvasRef}
        width={SIZE}
        height={SIZE}
        data-testid="insights.drawCanvas"
        aria-label="Drawing pad: draw with the mouse, a finger or a pen"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          last.current = null;
          stroke(point(event));
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) stroke(point(event));
        }}
        onPointerUp={() => {
          last.current = null;
        }}
        onPointerCancel={() => {
          last.current = null;
        }}
      />
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
