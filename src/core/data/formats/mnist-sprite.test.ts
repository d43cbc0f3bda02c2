import { describe, it, expect } from 'vitest';
import { DataFormatError } from '../../errors';
import { MNIST_CLASS_NAMES } from './idx';
import { spriteDataset } from './mnist-sprite';

const options = { name: 'mnist', classNames: MNIST_CLASS_NAMES };
const WIDTH = 784;

function sprite(rows: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(WIDTH * rows * 4);
  for (let i = 0; i < WIDTH * rows; i++) {
    rgba[i * 4] = i % 251;
    rgba[i * 4 + 1] = 255;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

function oneHot(labels: number[]): Uint8Array {
  const out = new Uint8Array(labels.length * 10);
  labels.forEach((label, row) => (out[row * 10 + label] = 1));
  return out;
}

function reasonOf(result: { ok: boolean; error?: unknown }): string | undefined {
  expect(result.ok).toBe(false);
  expect(result.error).toBeInstanceOf(DataFormatError);
  return (result.error as DataFormatError).reason;
}

describe('spriteDataset', () => {
  it('takes one 28x28 image per row from the red channel and the one-hot labels', () => {
    const result = spriteDataset(sprite(2), WIDTH, 2, oneHot([3, 9]), options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.header).toMatchObject({
      count: 2,
      inputShape: [28, 28, 1],
      xType: 'uint8',
    });
    expect(Array.from(result.value.y)).toEqual([3, 9]);
    expect(result.value.x.length).toBe(2 * WIDTH);
    expect(result.value.x[WIDTH + 5]).toBe((WIDTH + 5) % 251);
  });

  it('refuses an image that is not 784 pixels wide', () => {
    expect(reasonOf(spriteDataset(sprite(2), 783, 2, oneHot([1, 2]), options))).toBe(
      'sprite-width',
    );
  });

  it('refuses pixels that do not match the size', () => {
    expect(reasonOf(spriteDataset(sprite(2), WIDTH, 3, oneHot([1, 2, 3]), options))).toBe(
      'sprite-length',
    );
  });

  it('refuses labels of the wrong length', () => {
    expect(reasonOf(spriteDataset(sprite(2), WIDTH, 2, oneHot([1]), options))).toBe(
      'sprite-labels',
    );
  });

  it('refuses label rows that are not one-hot, naming the row', () => {
    const rows = [
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      [1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
      [0, 2, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    for (const row of rows) {
      const labels = new Uint8Array([...oneHot([4]), ...row]);
      const result = spriteDataset(sprite(2), WIDTH, 2, labels, options);
      expect(reasonOf(result)).toBe('not-one-hot');
      expect(!result.ok && result.error.message).toContain('row 1');
    }
  });
});
