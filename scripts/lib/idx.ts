/**
 * The IDX format of the MNIST and Fashion-MNIST files: two zero bytes, a type code (0x08 for
 * unsigned bytes), the number of dimensions, each dimension as a big-endian uint32, then the data.
 */

const UBYTE = 0x08;

export function encodeIdxUint8(dims: readonly number[], data: Uint8Array): Uint8Array {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (data.length !== expected) {
    throw new RangeError(`IDX dims ${dims.join('x')} need ${expected} bytes, got ${data.length}`);
  }
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((dim, i) => view.setUint32(4 + 4 * i, dim));
  out.set(data, header);
  return out;
}
