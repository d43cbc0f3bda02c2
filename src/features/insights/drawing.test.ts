import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawingToInput, inkOfRgba, type Ink } from './drawing';

const SIZE = 280;

/** A canvas-sized ink image with a filled rectangle. */
function rectangle(left: number, top: number, width: number, height: number): Ink {
  const values = new Float32Array(SIZE * SIZE);
  for (let y = top; y < top + height; y++) {
    for (let x = left; x < left + width; x++) values[y * SIZE + x] = 1;
  }
  return { width: SIZE, height: SIZE, values };
}

/** Bounding box and centre of mass of a height x width single-channel image. */
function measure(image: Float32Array, height: number, width: number) {
  let total = 0;
  let cx = 0;
  let cy = 0;
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = image[y * width + x]!;
      if (v <= 0) continue;
      total += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return { cx: cx / total, cy: cy / total, boxW: right - left + 1, boxH: bottom - top + 1 };
}

describe('drawingToInput', () => {
  it('gives null when nothing is drawn', () => {
    expect(drawingToInput({ width: 4, height: 4, values: new Float32Array(16) }, [28, 28, 1])).toBe(
      null,
    );
  });

  it('scales a drawing in a corner to 20 of 28 pixels and centres it by its mass', () => {
    const input = drawingToInput(rectangle(5, 10, 40, 80), [28, 28, 1])!;
    expect(input).toHaveLength(28 * 28);
    const { cx, cy, boxW, boxH } = measure(input, 28, 28);
    expect(boxH).toBe(20);
    expect(boxW).toBe(10);
    expect(cx).toBeCloseTo(14, 0);
    expect(cy).toBeCloseTo(14, 0);
  });

  it('keeps values in [0, 1], copies the ink to every channel, and centres any drawing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SIZE - 1 }),
        fc.integer({ min: 0, max: SIZE - 1 }),
        fc.integer({ min: 1, max: SIZE }),
        fc.integer({ min: 1, max: SIZE }),
        fc.constantFrom(1, 3),
        (left, top, w, h, channels) => {
          const ink = rectangle(left, top, Math.min(w, SIZE - left), Math.min(h, SIZE - top));
          const input = drawingToInput(ink, [28, 28, channels])!;
          expect(input).toHaveLength(28 * 28 * channels);
          expect(input.every((v) => v >= 0 && v <= 1)).toBe(true);
          const first = input.filter((_, i) => i % channels === 0);
          for (let c = 1; c < channels; c++) {
            expect(input.filter((_, i) => i % channels === c)).toEqual(first);
          }
          const { cx, cy } = measure(first, 28, 28);
          expect(Math.abs(cx - 14)).toBeLessThanOrEqual(1);
          expect(Math.abs(cy - 14)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('inkOfRgba', () => {
  it('reads the red channel as ink in [0, 1]', () => {
    const rgba = Uint8ClampedArray.of(255, 255, 255, 255, 0, 0, 0, 255, 51, 51, 51, 255);
    expect(inkOfRgba(rgba, 3, 1).values).toEqual(Float32Array.of(1, 0, 0.2));
  });
});
