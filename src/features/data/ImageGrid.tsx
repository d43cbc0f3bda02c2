/**
 * The first images of a dataset with their labels, drawn from the worker's sample; for a
 * classification version, each with its annotation controls.
 */
import { useEffect, useRef } from 'react';
import type { DatasetSample } from '../../core/data-protocol';
import { SelectShown } from '../annotate/SelectShown';
import { useTileAnnotation, type TileAnnotation } from '../annotate/tile-annotation';
import type { AnnotateTarget } from '../annotate/use-annotation';

function ImageTile({
  sample,
  index,
  annotation,
}: {
  sample: DatasetSample;
  index: number;
  annotation: TileAnnotation;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height = 1, width = 1, channels = 1] = sample.header.inputShape;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const size = height * width * channels;
    const pixels = sample.x.subarray(index * size, (index + 1) * size);
    const scale = sample.x instanceof Float32Array ? 255 : 1;
    const image = context.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) {
        image.data[p * 4 + c] = (pixels[p * channels + (channels === 3 ? c : 0)] ?? 0) * scale;
      }
      image.data[p * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [sample, index, height, width, channels]);
  const label = sample.header.classNames[sample.labels[index] ?? -1] ?? '';
  const { pending, flagged, caption, actions } = annotation;
  const classes = [
    'image-tile',
    ...(pending ? [`pending-${pending}`] : []),
    ...(flagged ? ['flagged'] : []),
  ];
  return (
    <figure className={classes.join(' ')} data-testid="preview.image">
      <canvas
        ref={canvas}
        width={width}
        height={height}
        role="img"
        aria-label={`row ${index}: an example of ${label}`}
      />
      <figcaption>{caption ?? label}</figcaption>
      {actions}
    </figure>
  );
}

/** The sample's rows are the dataset's first: a tile's index is its example's. */
export function ImageGrid({
  sample,
  annotate = null,
}: {
  sample: DatasetSample;
  annotate?: AnnotateTarget | null;
}) {
  const annotation = useTileAnnotation(annotate);
  const items = sample.labels.map((label, index) => ({ index, label }));
  return (
    <>
      {annotate && <SelectShown target={annotate} items={items} />}
      <div
        className={annotate ? 'image-grid annotating' : 'image-grid'}
        data-testid="preview.images"
      >
        {items.map(({ index, label }) => (
          <ImageTile
            key={index}
            sample={sample}
            index={index}
            annotation={annotation(index, label)}
          />
        ))}
      </div>
    </>
  );
}
