/**
 * Browser image decoding for the data worker (createImageBitmap + OffscreenCanvas). Headers are
 * checked first by core/data/formats/image-header, so a file that declares a huge size or is cut
 * short is refused before the browser spends memory on it.
 */
import { DataFormatError } from '../../src/core/errors';
import { err, ok, type Result } from '../../src/core/result';

/** Pixel values as stored in the file: no colour management, no premultiplied alpha. */
const EXACT: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/** Decodes and resizes one image to size x size, as gray (luma) or RGB bytes. */
export async function decodeImage(
  bytes: Uint8Array,
  name: string,
  size: number,
  channels: 1 | 3,
): Promise<Result<Uint8Array, DataFormatError>> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      resizeWidth: size,
      resizeHeight: size,
      resizeQuality: 'high',
      ...EXACT,
    });
  } catch {
    return err(
      new DataFormatError(
        `${name} could not be decoded as an image; it may be damaged. Remove it and try again.`,
        'undecodable-image',
      ),
    );
  }
  const rgba = drawPixels(bitmap, 0, bitmap.height);
  bitmap.close();
  return ok(fromRgba(rgba, channels));
}

/** RGBA pixels of rows [top, top + rows) of a bitmap, drawn at its own size. */
export function drawPixels(bitmap: ImageBitmap, top: number, rows: number): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(bitmap.width, rows);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('OffscreenCanvas 2D is not available in this browser.');
  context.drawImage(bitmap, 0, top, bitmap.width, rows, 0, 0, bitmap.width, rows);
  return context.getImageData(0, 0, bitmap.width, rows).data;
}

function fromRgba(rgba: Uint8ClampedArray, channels: 1 | 3): Uint8Array {
  const pixels = rgba.length / 4;
  const out = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const r = rgba[p * 4] as number;
    const g = rgba[p * 4 + 1] as number;
    const b = rgba[p * 4 + 2] as number;
    if (channels === 1) {
      out[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    } else {
      out[p * 3] = r;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = b;
    }
  }
  return out;
}

/**
 * The whole of a tall sprite (the TF.js MNIST PNG is 784 x 65,000) as RGBA, drawn in bands so no
 * canvas exceeds the browser's size limits.
 */
export async function decodeSprite(
  bytes: Uint8Array,
  name: string,
): Promise<Result<{ rgba: Uint8Array; width: number; height: number }, DataFormatError>> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), EXACT);
  } catch {
    return err(
      new DataFormatError(`${name} could not be decoded as a PNG sprite.`, 'undecodable-image'),
    );
  }
  const { width, height } = bitmap;
  const rgba = new Uint8Array(width * height * 4);
  const band = 4096;
  for (let top = 0; top < height; top += band) {
    const rows = Math.min(band, height - top);
    rgba.set(drawPixels(bitmap, top, rows), top * width * 4);
  }
  bitmap.close();
  return ok({ rgba, width, height });
}
