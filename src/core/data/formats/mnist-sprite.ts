/**
 * The MNIST sprite of the TF.js examples: `mnist_images.png` is 784 pixels wide with one 28x28
 * image per row (grey, so any channel will do; the red one is read), and `mnist_labels_uint8`
 * holds one one-hot row of `classes` bytes per image. The caller decodes the PNG to RGBA.
 */
import { DataFormatError } from '../../errors';
import { err, ok, type Result } from '../../result';
import type { PackedDataset } from '../packed';

export const SPRITE_SIDE = 28;
export const SPRITE_WIDTH = SPRITE_SIDE * SPRITE_SIDE;

export interface SpriteOptions {
  name: string;
  classNames: readonly string[];
}

const fault = (message: string, reason: string) => err(new DataFormatError(message, reason));

export function spriteDataset(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  labelsOneHot: Uint8Array,
  options: SpriteOptions,
): Result<PackedDataset, DataFormatError> {
  if (width !== SPRITE_WIDTH) {
    return fault(
      `This sprite image is ${width} pixels wide where ${SPRITE_WIDTH} (one 28x28 image per row) ` +
        'are expected. Choose the mnist_images.png file.',
      'sprite-width',
    );
  }
  if (!Number.isSafeInteger(height) || height <= 0 || rgba.length !== width * height * 4) {
    return fault(
      `The decoded sprite holds ${rgba.length} bytes where ${width} x ${height} RGBA pixels ` +
        'are expected. Download the image again.',
      'sprite-length',
    );
  }
  const classes = options.classNames.length;
  if (labelsOneHot.length !== height * classes) {
    return fault(
      `The labels file holds ${labelsOneHot.length} bytes where ${height} images x ${classes} ` +
        'classes are expected. Choose the labels file that belongs to this image.',
      'sprite-labels',
    );
  }
  const y = new Uint16Array(height);
  for (let row = 0; row < height; row++) {
    const label = oneHotIndex(labelsOneHot.subarray(row * classes, (row + 1) * classes));
    if (label < 0) {
      return fault(
        `Label row ${row} is not one-hot (exactly one 1, the rest 0). The labels file is ` +
          'damaged or not a one-hot labels file.',
        'not-one-hot',
      );
    }
    y[row] = label;
  }
  const x = new Uint8Array(width * height);
  for (let i = 0; i < x.length; i++) x[i] = rgba[i * 4] ?? 0;
  return ok({
    header: {
      name: options.name,
      kind: 'image',
      task: 'classification',
      count: height,
      inputShape: [SPRITE_SIDE, SPRITE_SIDE, 1],
      xType: 'uint8',
      classNames: [...options.classNames],
      featureNames: [],
    },
    x,
    y,
  });
}

function oneHotIndex(row: Uint8Array): number {
  let index = -1;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === 0) continue;
    if (row[i] !== 1 || index >= 0) return -1;
    index = i;
  }
  return index;
}
