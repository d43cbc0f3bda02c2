/**
 * A canvas to draw on with mouse, touch or pen: white strokes on a transparent canvas (black by
 * CSS), so ink is the red channel. The drawing pad asks the model about the ink; the capture page
 * adds it to a class. The owner reads and clears it through `ref`.
 */
import { useImperativeHandle, useRef, type PointerEvent, type Ref } from 'react';
import { inkOfRgba, type Ink } from './drawing';

/** Backing pixels of the pad: 10 per pixel of a 28 x 28 image. */
const SIZE = 280;
const BRUSH = 20;

export interface DrawingCanvasHandle {
  /** What is drawn, as ink in [0, 1] per backing pixel. */
  ink(): Ink | null;
  clear(): void;
}

interface Props {
  ref: Ref<DrawingCanvasHandle>;
  testId: string;
  /** After each piece of a stroke is drawn. */
  onStroke(): void;
}

export function DrawingCanvas({ ref, testId, onStroke }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  const context = (): CanvasRenderingContext2D | null =>
    canvasRef.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  useImperativeHandle(ref, () => ({
    ink() {
      const ctx = context();
      return ctx ? inkOfRgba(ctx.getImageData(0, 0, SIZE, SIZE).data, SIZE, SIZE) : null;
    },
    clear() {
      context()?.clearRect(0, 0, SIZE, SIZE);
    },
  }));

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
    onStroke();
  }

  return (
    <canvas
      ref={canvasRef}
      width={SIZE}
      height={SIZE}
      data-testid={testId}
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
  );
}
