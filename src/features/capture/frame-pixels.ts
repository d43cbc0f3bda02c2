/**
 * Webcam and drawing pixels turned into a captured example: a centred square of the camera's
 * picture (what the live preview shows), and canvas RGBA or drawing ink reduced to the
 * dataset's bytes, gray (one channel, luma) or RGB, 0-255, row-major [size, size, channels].
 */

export type Channels = 1 | 3;

export interface Crop {
  sx: number;
  sy: number;
  side: number;
}

/** The largest centred square of a width x height picture. */
export function centreSquare(width: number, height: number): Crop {
  const side = Math.min(width, height);
  return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side };
}

/** RGBA pixels (as getImageData gives them) as `channels` bytes per pixel; gray is Rec. 601 luma. */
export function rgbaToFrame(rgba: Uint8ClampedArray, channels: Channels): Uint8Array {
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
