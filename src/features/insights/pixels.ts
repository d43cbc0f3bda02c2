/** RGBA pixels for the small canvases of the insight views: dataset examples and feature maps. */

/**
 * One example of `x` (pixels 0-255, or values in [0, 1] when float) as opaque RGBA; one channel
 * is shown as grey.
 */
export function exampleRgba(
  x: Uint8Array | Float32Array,
  index: number,
  shape: readonly number[],
): Uint8ClampedArray<ArrayBuffer> {
  const [height = 1, width = 1, channels = 1] = shape;
  const size = height * width * channels;
  const scale = x instanceof Float32Array ? 255 : 1;
  const rgba = new Uint8ClampedArray(height * width * 4);
  for (let p = 0; p < height * width; p++) {
    for (let c = 0; c < 3; c++) {
      rgba[p * 4 + c] = (x[index * size + p * channels + (channels >= 3 ? c : 0)] ?? 0) * scale;
    }
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

/**
 * One channel of a [height, width, channels] activation as grey RGBA, stretched so the channel's
 * lowest value is black and its highest white (each channel has its own scale); a channel that
 * is constant is black.
 */
export function channelRgba(
  values: Float32Array,
  shape: readonly number[],
  channel: number,
): Uint8ClampedArray<ArrayBuffer> {
  const [height = 1, width = 1, channels = 1] = shape;
  const pixels = height * width;
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < pixels; p++) {
    const v = values[p * channels + channel] ?? 0;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const range = max - min;
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    const v = values[p * channels + channel] ?? 0;
    const grey = range > 0 ? ((v - min) / range) * 255 : 0;
    rgba.fill(grey, p * 4, p * 4 + 3);
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}
