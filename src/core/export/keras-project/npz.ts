/**
 * NumPy's .npy and .npz formats, written without NumPy so the training project carries its data
 * as `np.load` reads it: an .npz is a ZIP of .npy files, stored uncompressed (as `np.savez`).
 */
import { zipSync } from 'fflate';

export type NpyArray =
  | { dtype: '<f4'; shape: readonly number[]; data: Float32Array }
  | { dtype: '<i4'; shape: readonly number[]; data: Int32Array };

const MAGIC = [0x93, ...'NUMPY'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0)));
/** NumPy pads the header so the data starts on a multiple of 64 bytes. */
const ALIGN = 64;
/** Magic (6), version (2) and header length (2). */
const PREAMBLE = 10;

const shapeText = (shape: readonly number[]): string =>
  shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;

/** One array as a version 1.0 .npy file, little-endian, C order. */
export function npyBytes(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new RangeError(
      `Shape ${shapeText(array.shape)} holds ${count} values, the data ${array.data.length}.`,
    );
  }
  const dict = `{'descr': '${array.dtype}', 'fortran_order': False, 'shape': ${shapeText(array.shape)}, }`;
  const unpadded = PREAMBLE + dict.length + 1;
  const headerLength = dict.length + 1 + ((ALIGN - (unpadded % ALIGN)) % ALIGN);
  const header = `${dict.padEnd(headerLength - 1, ' ')}\n`;
  const out = new Uint8Array(PREAMBLE + headerLength + array.data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerLength, true);
  for (let i = 0; i < header.length; i++) out[PREAMBLE + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, PREAMBLE + headerLength);
  array.data.forEach((value, i) =>
    array.dtype === '<f4' ? body.setFloat32(i * 4, value, true) : body.setInt32(i * 4, value, true),
  );
  return out;
}

/** Named arrays as an .npz file (`np.load(path)["x"]`), stored, with a fixed date for the bytes. */
export function npzBytes(arrays: Readonly<Record<string, NpyArray>>): Uint8Array {
  const files = Object.fromEntries(
    Object.entries(arrays).map(([name, array]) => [`${name}.npy`, npyBytes(array)]),
  );
  // A fixed date, so the same data always gives the same bytes and the same SHA-256.
  return zipSync(files, { level: 0, mtime: new Date('2000-01-01T00:00:00Z') });
}
