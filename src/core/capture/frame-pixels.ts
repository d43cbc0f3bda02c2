/**
 * Webcam and drawing pixels turned into a captured example: a centred square of the camera's
 * picture (what the live preview shows), and canvas RGBA or drawing ink reduced to the
 * dataset's bytes, gray (one channel, luma) or RGB, 0-255, row-major [size, size, channels].
 * Pure: the frames worker (workers/frames.worker.ts) cuts camera frames with it, the page draws.
 */

export type Channels = 1 | 3;

export interface Crop {
  sx: number;
  sy: number;
  side: number;
}

/**
 * The largest centred square of a width x height picture with even corners and side, as a copy
 * out of a 4:2:0 camera frame (whose colour comes in 2 x 2 blocks) needs; a side of at least 2.
 */
export function evenCentreSquare(width: number, height: number): Crop {
  const side = Math.max(2, Math.min(width, height) & ~1);
  return { sx: ((width - side) >> 1) & ~1, sy: ((height - side) >> 1) & ~1, side };
}

/**
 * A side x side RGBA square shrunk to size x size, mirrored left to right like the preview: each
 * pixel is the mean of the block of the square it covers (a box filter, which a downscale of 4x
 * or more needs: sampling one pixel per block would alias fine patterns).
 */
export function shrinkMirrored(
  rgba: Uint8ClampedArray,
  side: number,
  size: number,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(size * size * 4);
  const edge = (i: number) => Math.floor((i * side) / size);
  for (let y = 0; y < size; y++) {
    const y0 = edge(y);
    const y1 = Math.max(y0 + 1, edge(y + 1));
    for (let x = 0; x < size; x++) {
      const x0 = edge(size - 1 - x);
      const x1 = Math.max(x0 + 1, edge(size - x));
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0, i = (sy * side + x0) * 4; sx < x1; sx++, i += 4) {
          r += rgba[i] ?? 0;
          g += rgba[i + 1] ?? 0;
          b += rgba[i + 2] ?? 0;
          a += rgba[i + 3] ?? 0;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * size + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = a / n;
    }
  }
  return out;
}

/** RGBA pixels (as getImageData gives them) as `channels` bytes per pixel; gray is Rec. 601 luma. */
export function rgbaToFrame(rgba: Uint8ClampedArray, channels: Channels): Uint8Array<ArrayBuffer> {
  const pixels = rgba.length >> 2;
  const frame = new Uint8Array(pixels * channels);
  if (channels === 3) {
    for (let p = 0; p < pixels; p++) {
      frame[p * 3] = rgba[p * 4] ?? 0;
      frame[p * 3 + 1] = rgba[p * 4 + 1] ?? 0;
      frame[p * 3 + 2] = rgba[p * 4 + 2] ?? 0;
    }
    return frame;
  }
  for (let p = 0; p < pixels; p++) {
    const r = rgba[p * 4] ?? 0;
    const g = rgba[p * 4 + 1] ?? 0;
    const b = rgba[p * 4 + 2] ?? 0;
    frame[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return frame;
}

/** Values in [0, 1] (drawing.ts's model input) as bytes 0-255. */
export function unitToBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    bytes[i] = Math.round(Math.min(1, Math.max(0, values[i] ?? 0)) * 255);
  }
  return bytes;
}

/**
 * Makes `rgba` show what `frame` stores: gray frames are painted gray, so the model's-view canvas
 * shows what the model will see rather than the camera's colours. RGB frames are left as they are.
 */
export function paintStored(rgba: Uint8ClampedArray, frame: Uint8Array, channels: Channels): void {
  if (channels === 3) return;
  for (let p = 0; p < frame.length; p++) {
    const v = frame[p] ?? 0;
    rgba[p * 4] = v;
    rgba[p * 4 + 1] = v;
    rgba[p * 4 + 2] = v;
  }
}
