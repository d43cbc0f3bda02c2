/** One captured example as a small image, with a button that deletes it. */
import { memo, useEffect, useRef } from 'react';
import { exampleRgba } from '../insights/pixels';
import { paintRgba } from './paint';

interface Props {
  id: number;
  pixels: Uint8Array;
  /** [size, size, channels]. */
  shape: readonly [number, number, number];
  label: string;
  onDelete(id: number): void;
}

/** Memoised: while a class records, only the newest thumbnail paints. */
export const FrameThumb = memo(function FrameThumb({ id, pixels, shape, label, onDelete }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height, width] = shape;
  useEffect(() => {
    if (canvas.current) paintRgba(canvas.current, exampleRgba(pixels, 0, shape), width);
  }, [pixels, shape, width, height]);
  return (
    <li className="capture-thumb" data-testid="capture.frame">
      <canvas ref={canvas} width={width} height={height} role="img" aria-label={label} />
      <button
        type="button"
        className="capture-thumb-delete"
        data-testid="capture.deleteFrame"
        aria-label={`Delete ${label}`}
        title="Delete this example"
        onClick={() => onDelete(id)}
      >
        ×
      </button>
    </li>
  );
});
