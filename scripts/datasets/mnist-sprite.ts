/**
 * The MNIST files the TF.js "mnist" example downloads (learnjs-data/model-builder/): a PNG sprite
 * 784 px wide with one digit per row, and a label file of 10 one-hot bytes per digit. The sprite
 * here is 8-bit grayscale; a browser decodes it to RGBA with R = G = B and alpha 255, which is
 * what the example reads (the red channel).
 */
import { encodePng } from '../lib/png';
import { DIGIT_PIXELS, MNIST_CLASSES, type Digits } from './mnist';

export interface MnistSprite {
  png: Uint8Array;
  labels: Uint8Array;
}

export function mnistSprite(digits: Digits, count: number): MnistSprite {
  if (count > digits.count) throw new RangeError(`only ${digits.count} digits to draw from`);
  const labels = new Uint8Array(count * MNIST_CLASSES);
  for (let i = 0; i < count; i++) labels[i * MNIST_CLASSES + (digits.labels[i] as number)] = 1;
  const png = encodePng({
    width: DIGIT_PIXELS,
    height: count,
    channels: 1,
    pixels: digits.pixels.subarray(0, count * DIGIT_PIXELS),
  });
  return { png, labels };
}
