/** One dataset example as a small image with a caption, for the insight views. */
import { useEffect, useRef, type ReactNode } from 'react';
import { exampleRgba } from './pixels';

export interface ExampleTileProps {
  x: Uint8Array | Float32Array;
  index: number;
  /** [height, width, channels]. */
  shape: readonly number[];
  label: string;
  /** Marks a misclassified example. */
  wrong?: boolean;
  /** What is pending on it (annotation), and whether it is flagged. */
  pending?: 'relabel' | 'remove' | null;
  flagged?: boolean;
  testId?: string;
  children: ReactNode;
  /** Controls under the caption (the annotation's). */
  actions?: ReactNode;
}

export function ExampleTile({
  x,
  index,
  shape,
  label,
  wrong,
  pending,
  flagged,
  testId,
  children,
  actions,
}: ExampleTileProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height = 1, width = 1] = shape;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.putImageData(new ImageData(exampleRgba(x, index, shape), width, height), 0, 0);
  }, [x, index, shape, width, height]);
  const classes = [
    'insight-tile',
    ...(wrong ? ['wrong'] : []),
    ...(pending ? [`pending-${pending}`] : []),
    ...(flagged ? ['flagged'] : []),
  ];
  return (
    <figure className={classes.join(' ')} data-testid={testId}>
      <canvas ref={canvas} width={width} height={height} role="img" aria-label={label} />
      <figcaption>{children}</figcaption>
      {actions}
    </figure>
  );
}
