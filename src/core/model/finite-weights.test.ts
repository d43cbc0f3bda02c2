import { describe, expect, it } from 'vitest';
import {
  checkFiniteWeights,
  describeNonFinite,
  findNonFiniteWeights,
  type WeightSpecLike,
} from './finite-weights';

const DENSE: WeightSpecLike[] = [
  { name: 'dense_0/kernel', shape: [2, 16], dtype: 'float32' },
  { name: 'dense_0/bias', shape: [16], dtype: 'float32' },
  { name: 'dense_1/kernel', shape: [16, 2], dtype: 'float32' },
  { name: 'dense_1/bias', shape: [2], dtype: 'float32' },
];
const VALUES = 32 + 16 + 32 + 2;

/** Seeded, varied finite values, as a trained model's. */
function finiteValues(n: number): Float32Array {
  const out = new Float32Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = (s / 2 ** 31 - 0.5) * 4;
  }
  return out;
}

describe('findNonFiniteWeights', () => {
  it('finds nothing in finite weights, extremes included', () => {
    const values = finiteValues(VALUES);
    values[0] = 3.4028234663852886e38;
    values[1] = -3.4028234663852886e38;
    values[2] = 1e-45;
    values[3] = -0;
    expect(findNonFiniteWeights(DENSE, values.buffer)).toBeNull();
  });

  it('counts NaN and both infinities per tensor, in manifest order', () => {
    const values = finiteValues(VALUES);
    values[48] = NaN; // dense_1/kernel, first value
    values[60] = Infinity;
    values[79] = -Infinity;
    values[81] = NaN; // dense_1/bias, last value
    const found = findNonFiniteWeights(DENSE, values.buffer);
    expect(found).toEqual({
      tensors: [
        { name: 'dense_1/kernel', index: 2, count: 3, size: 32 },
        { name: 'dense_1/bias', index: 3, count: 1, size: 2 },
      ],
      count: 4,
      total: VALUES,
    });
  });

  it('reads a view into a larger buffer at its own offset', () => {
    const values = new Float32Array(VALUES + 4);
    values.set(finiteValues(VALUES), 4);
    values[0] = NaN; // before the view: not the weights'
    values[4 + 16] = NaN; // dense_0/kernel, value 16
    const view = new Uint8Array(values.buffer, 16, VALUES * 4);
    expect(findNonFiniteWeights(DENSE, view)?.tensors).toEqual([
      { name: 'dense_0/kernel', index: 0, count: 1, size: 32 },
    ]);
  });

  it('reads float32 values after a bool weight, at an odd byte offset', () => {
    const specs: WeightSpecLike[] = [
      { name: 'mask/flags', shape: [3], dtype: 'bool' },
      { name: 'dense/kernel', shape: [2], dtype: 'float32' },
    ];
    const bytes = new Uint8Array(3 + 8);
    bytes.set([1, 0, 1]);
    const view = new DataView(bytes.buffer);
    view.setFloat32(3, 1.5, true);
    view.setFloat32(7, NaN, true);
    expect(findNonFiniteWeights(specs, bytes)?.tensors).toEqual([
      { name: 'dense/kernel', index: 1, count: 1, size: 2 },
    ]);
  });

  it('never reads int32 weights as floats, and stops where a short buffer ends', () => {
    const specs: WeightSpecLike[] = [
      { name: 'table/ids', shape: [2], dtype: 'int32' },
      { name: 'dense/kernel', shape: [4], dtype: 'float32' },
    ];
    // 0x7fc00000 is NaN's bit pattern: as an int32 it is a plain number.
    const data = new Int32Array([0x7fc00000, 0x7f800000, 0, 0]);
    expect(findNonFiniteWeights(specs, data.buffer)).toBeNull();
  });
});

describe('describeNonFinite and checkFiniteWeights', () => {
  it('name the layer and the count, then the consequence', () => {
    const values = finiteValues(VALUES);
    values.fill(NaN, 48, 80);
    const checked = checkFiniteWeights(
      DENSE,
      values.buffer,
      "this bundle's weights are damaged; it opens without them",
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.code).toBe('weights-not-finite');
    expect(checked.error.message).toBe(
      'The weights of layer dense_1 (kernel) hold 32 values that are not numbers (NaN or ' +
        "infinite): this bundle's weights are damaged; it opens without them",
    );
  });

  it('say how many other tensors and values when more than one is damaged', () => {
    const values = new Float32Array(VALUES).fill(Infinity);
    const found = findNonFiniteWeights(DENSE, values.buffer);
    if (found === null) throw new Error('all infinite, yet found nothing');
    expect(describeNonFinite(found)).toBe(
      'The weights of layer dense_0 (kernel) hold 32 values that are not numbers (NaN or ' +
        'infinite), as do 3 other weight tensors (82 values of 82 in all)',
    );
  });

  it('word one value, and a name without a layer part', () => {
    const specs: WeightSpecLike[] = [{ name: 'scale', shape: [2], dtype: 'float32' }];
    const found = findNonFiniteWeights(specs, new Float32Array([1, NaN]).buffer);
    if (found === null) throw new Error('NaN not found');
    expect(describeNonFinite(found)).toBe(
      'The weight scale holds 1 value that is not a number (NaN or infinite)',
    );
  });

  it('is ok for finite weights', () => {
    expect(checkFiniteWeights(DENSE, finiteValues(VALUES).buffer, 'x')).toEqual({
      ok: true,
      value: undefined,
    });
  });
});
