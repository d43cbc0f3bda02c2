/** The first images of a dataset with their labels, drawn from the worker's sample. */
import { useEffect, useRef } from 'react';
import type { DatasetSample } from '../../core/data-protocol';

function ImageTile({ sample, index }: { sample: DatasetSample; index: number }) {
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
  return (
    <figure className="image-tile">
      <canvas
        ref={canvas}
        width={width}
        height={height}
        role="img"
        aria-label={`an example of ${label}`}
      />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function ImageGrid({ sample }: { sample: DatasetSample }) {
  return (
    <div className="image-grid" data-testid="preview.images">
      {sample.labels.map((_, index) => (
        <ImageTile key={index} sample={sample} index={index} />
      ))}
    </div>
  );
}
