import { describe, expect, it } from 'vitest';
import { decodePacked, encodePacked } from '../../src/core/data/packed';
import { ALL_CLASSES_WITHIN, loadDigits, packDigits } from './mnist';
import { mnistSprite } from './mnist-sprite';
import { decodePng } from '../lib/png-decode';

const digits = loadDigits();

/** toEqual walks millions of elements slowly; comparing as buffers is instant. */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );

describe('loadDigits', () => {
  it('holds all 10,000 digits of the package, about a thousand per class, as bytes', () => {
    expect(digits.count).toBe(10_000);
    expect(digits.pixels.length).toBe(10_000 * 784);
    const perClass = Array.from(
      { length: 10 },
      (_, d) => digits.labels.filter((l) => l === d).length,
    );
    expect(perClass).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(digits.pixels.reduce((a, b) => Math.max(a, b), 0)).toBe(255);
  });

  it('shuffles, with every class in a short prefix, the same way every time', () => {
    expect(new Set(digits.labels.subarray(0, ALL_CLASSES_WITHIN)).size).toBe(10);
    expect(Array.from(loadDigits().labels.subarray(0, 50))).toEqual(
      Array.from(digits.labels.subarray(0, 50)),
    );
  });
});

describe('packDigits', () => {
  it('packs into a dataset that decodes to the same digits and labels', () => {
    const decoded = decodePacked(encodePacked(packDigits(digits)));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.header).toMatchObject({
      name: 'MNIST-10k',
      count: 10_000,
      xType: 'uint8',
    });
    expect(sameBytes(decoded.value.x, digits.pixels)).toBe(true);
    expect(sameBytes(decoded.value.y, Uint16Array.from(digits.labels))).toBe(true);
  });
});

describe('mnistSprite', () => {
  it('draws one digit per 784-pixel row with one-hot labels', () => {
    const sprite = mnistSprite(digits, 30);
    const image = decodePng(sprite.png);
    expect(image).toMatchObject({ width: 784, height: 30, channels: 1 });
    expect(sameBytes(image.pixels, digits.pixels.subarray(0, 30 * 784))).toBe(true);
    for (let i = 0; i < 30; i++) {
      const row = Array.from(sprite.labels.subarray(i * 10, i * 10 + 10));
      expect(row.indexOf(1)).toBe(digits.labels[i]);
      expect(row.reduce((a, b) => a + b)).toBe(1);
    }
  });
});
