import { unzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { npyBytes, npzBytes } from './npz';

/** Reads a .npy file back as NumPy's reader does: magic, header dict, then the data. */
function parseNpy(bytes: Uint8Array) {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  const [, descr, shapeText] =
    /^\{'descr': '(<f4|<i4)', 'fortran_order': False, 'shape': \(([\d, ]*)\), \} *\n$/.exec(
      header,
    ) ?? [];
  if (!descr || shapeText === undefined) throw new Error(`bad header ${header}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const start = 10 + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: count }, (_, i) =>
    descr === '<f4' ? view.getFloat32(start + 4 * i, true) : view.getInt32(start + 4 * i, true),
  );
  return { descr, shape, values, dataOffset: start, length: bytes.length };
}

describe('npy and npz', () => {
  it('round-trips float32 and int32 arrays of any shape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (shape, float) => {
          const count = shape.reduce((a, b) => a * b, 1);
          const data = float
            ? Float32Array.from({ length: count }, (_, i) => i / 7 - 1)
            : Int32Array.from({ length: count }, (_, i) => i * 1000 - 7);
          const bytes = npyBytes(
            float
              ? { dtype: '<f4', shape, data: data as Float32Array }
              : { dtype: '<i4', shape, data: data as Int32Array },
          );
          const parsed = parseNpy(bytes);
          expect(parsed.descr).toBe(float ? '<f4' : '<i4');
          expect(parsed.shape).toEqual(shape);
          expect(parsed.values).toEqual(Array.from(data));
          // NumPy aligns the data on 64 bytes and has no trailing bytes.
          expect(parsed.dataOffset % 64).toBe(0);
          expect(parsed.length).toBe(parsed.dataOffset + 4 * count);
        },
      ),
    );
  });

  it('writes a one-axis shape as a Python 1-tuple and refuses data that does not fill it', () => {
    const header = new TextDecoder().decode(
      npyBytes({ dtype: '<i4', shape: [3], data: Int32Array.of(1, 2, 3) }).subarray(10, 70),
    );
    expect(header).toContain("'shape': (3,)");
    expect(() => npyBytes({ dtype: '<f4', shape: [2, 2], data: new Float32Array(3) })).toThrow(
      RangeError,
    );
  });

  it('packs named arrays as stored .npy entries, the same bytes every time', () => {
    const arrays = {
      x: { dtype: '<f4', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4.5) },
      train_index: { dtype: '<i4', shape: [0], data: new Int32Array(0) },
    } as const;
    const npz = npzBytes(arrays);
    expect(npzBytes(arrays)).toEqual(npz);
    const files = unzipSync(npz);
    expect(Object.keys(files).sort()).toEqual(['train_index.npy', 'x.npy']);
    expect(parseNpy(files['x.npy']!).values).toEqual([1, 2, 3, 4.5]);
    expect(parseNpy(files['train_index.npy']!).shape).toEqual([0]);
    // Stored (method 0): the local header's compression field.
    expect(new DataView(npz.buffer, npz.byteOffset).getUint16(8, true)).toBe(0);
  });
});
