/**
 * A drawing turned into the input an image model was trained on, the way MNIST digits were made:
 * the strokes' bounding box is scaled to fit 20/28 of the image (keeping its aspect ratio), then
 * placed so its centre of mass is at the centre. Values are ink in [0, 1], white on black.
 */

/** The share of the image side the drawing's longer side fills, as in MNIST (20 of 28 pixels). */
const FILL = 20 / 28;
/** Ink below this is background: antialiased edges alone do not make a drawing. */
const INK_THRESHOLD = 0.05;

export interface Ink {
  width: number;
  height: number;
  /** One value in [0, 1] per pixel, row-major. */
  values: Float32Array;
}

/** Ink from canvas RGBA pixels of light strokes on a dark background (the red channel). */
export function inkOfRgba(rgba: Uint8ClampedArray, width: number, height: number): Ink {
  const values = new Float32Array(width * height);
  for (let p = 0; p < values.length; p++) values[p] = (rgba[p * 4] ?? 0) / 255;
  return { width, height, values };
}

/**
 * The model input for `shape` ([height, width, channels]), the ink copied to every channel; null
 * when nothing is drawn.
 */
export function drawingToInput(ink: Ink, shape: readonly number[]): Float32Array | null {
  const [height = 1, width = 1, channels = 1] = shape;
  const box = inkBox(ink);
  if (!box) return null;
  const scale = Math.min((height * FILL) / box.height, (width * FILL) / box.width);
  const scaledW = Math.max(1, Math.round(box.width * scale));
  const scaledH = Math.max(1, Math.round(box.height * scale));
  const scaled = resample(ink, box, scaledW, scaledH);
  const { x: cx, y: cy } = centreOfMass(scaled, scaledW, scaledH);
  const left = Math.round(width / 2 - cx);
  const top = Math.round(height / 2 - cy);
  const out = new Float32Array(height * width * channels);
  for (let y = 0; y < scaledH; y++) {
    const ty = y + top;
    if (ty < 0 || ty >= height) continue;
    for (let x = 0; x < scaledW; x++) {
      const tx = x + left;
      if (tx < 0 || tx >= width) continue;
      const value = scaled[y * scaledW + x] ?? 0;
      for (let c = 0; c < channels; c++) out[(ty * width + tx) * channels + c] = value;
    }
  }
  return out;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function inkBox(ink: Ink): Box | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (let y = 0; y < ink.height; y++) {
    for (let x = 0; x < ink.width; x++) {
      if ((ink.values[y * ink.width + x] ?? 0) < INK_THRESHOLD) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return left <= right ? { left, top, width: right - left + 1, height: bottom - top + 1 } : null;
}

/** Area average of the box onto outW x outH pixels (nearest pixel where the box is smaller). */
function resample(ink: Ink, box: Box, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const y0 = box.top + Math.floor((y * box.height) / outH);
    const y1 = Math.max(y0 + 1, box.top + Math.floor(((y + 1) * box.height) / outH));
    for (let x = 0; x < outW; x++) {
      const x0 = box.left + Math.floor((x * box.width) / outW);
      const x1 = Math.max(x0 + 1, box.left + Math.floor(((x + 1) * box.width) / outW));
      let sum = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) sum += ink.values[sy * ink.width + sx] ?? 0;
      }
      out[y * outW + x] = Math.min(1, sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}

/** In pixel-centre coordinates; the middle of the image when it holds no ink. */
function centreOfMass(values: Float32Array, width: number, height: number) {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[y * width + x] ?? 0;
      total += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return total > 0 ? { x: sx / total, y: sy / total } : { x: width / 2, y: height / 2 };
}
