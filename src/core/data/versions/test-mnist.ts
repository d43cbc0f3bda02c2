/**
 * MNIST-10k as the app ships and stores it (7.8 MB of pixels, then 20 KB of labels), for tests:
 * packed from the `mnist` package by the shipped dataset's own script, so a clean checkout, where
 * `public/datasets` is not built yet, has it too.
 */
import { loadDigits, packDigits } from '../../../../scripts/datasets/mnist';
import type { PackedDataset } from '../packed';

export const shippedMnist = (): PackedDataset => packDigits(loadDigits());

/** `packed` with example `index` moved to the next class: a one-example relabel. */
export function relabelled(packed: PackedDataset, index: number): PackedDataset {
  const y = packed.y.slice();
  y[index] = ((y[index] ?? 0) + 1) % packed.header.classNames.length;
  return { ...packed, y };
}

/** `packed` without example `index`. */
export function withoutExample(packed: PackedDataset, index: number): PackedDataset {
  const size = packed.header.inputShape.reduce((a, b) => a * b, 1);
  const x = new Uint8Array(packed.x.length - size);
  x.set(packed.x.subarray(0, index * size));
  x.set(packed.x.subarray((index + 1) * size), index * size);
  const y = new Uint16Array(packed.y.length - 1);
  y.set(packed.y.subarray(0, index));
  y.set(packed.y.subarray(index + 1), index);
  return { header: { ...packed.header, count: packed.header.count - 1 }, x, y };
}
