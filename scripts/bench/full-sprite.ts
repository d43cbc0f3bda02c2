/**
 * The full-size TF.js MNIST sprite for the decode figure (784 x 65,000 PNG and 650,000 one-hot
 * label bytes, the published file's dimensions), drawn from the 10,000 digits of the `mnist`
 * package repeated. Written once under bench-results/ and reused while its inputs are unchanged:
 * deflating 51 MB at level 9 takes about 15 s.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DIGIT_PIXELS, MNIST_DIGIT_FILES, loadDigits, type Digits } from '../datasets/mnist';
import { mnistSprite } from '../datasets/mnist-sprite';
import { isUpToDate, writeOutput } from '../lib/outputs';
import { REPO_ROOT } from '../lib/paths';

/** Rows of the sprite the TF.js MNIST example downloads. */
export const FULL_MNIST_COUNT = 65_000;

/** `count` digits: `digits` over and over, cut short at the end. */
export function tileDigits(digits: Digits, count: number): Digits {
  if (digits.count === 0) throw new RangeError('no digits to repeat');
  const pixels = new Uint8Array(count * DIGIT_PIXELS);
  const labels = new Uint8Array(count);
  for (let start = 0; start < count; start += digits.count) {
    const n = Math.min(digits.count, count - start);
    pixels.set(digits.pixels.subarray(0, n * DIGIT_PIXELS), start * DIGIT_PIXELS);
    labels.set(digits.labels.subarray(0, n), start);
  }
  return { count, pixels, labels };
}

export interface SpriteFiles {
  images: string;
  labels: string;
  /** False when the files were already there and up to date. */
  written: boolean;
}

/** Writes (or finds up to date) the sprite and its labels under `dir`. */
export function ensureFullSprite(dir: string): SpriteFiles {
  const images = join(dir, 'mnist_images.png');
  const labels = join(dir, 'mnist_labels_uint8');
  const inputs = [
    ...MNIST_DIGIT_FILES,
    fileURLToPath(import.meta.url),
    join(REPO_ROOT, 'scripts/datasets/mnist.ts'),
    join(REPO_ROOT, 'scripts/datasets/mnist-sprite.ts'),
    join(REPO_ROOT, 'scripts/lib/png.ts'),
  ];
  if (isUpToDate([images, labels], inputs)) return { images, labels, written: false };
  const sprite = mnistSprite(tileDigits(loadDigits(), FULL_MNIST_COUNT), FULL_MNIST_COUNT);
  writeOutput(images, sprite.png);
  writeOutput(labels, sprite.labels);
  return { images, labels, written: true };
}
