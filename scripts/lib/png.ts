/**
 * A minimal PNG encoder for generated fixtures: 8-bit grayscale (colour type 0) or 8-bit RGBA
 * (colour type 6), not interlaced, one IDAT chunk.
 */
import { deflateSync } from 'node:zlib';
import { concat } from './bytes';
import { crc32 } from '../../src/core/data/formats/crc32';

export interface RasterImage {
  width: number;
  height: number;
  /** 1 = gray, 4 = RGBA. */
  channels: 1 | 4;
  /** Row-major, `channels` bytes per pixel, no padding. */
  pixels: Uint8Array;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export function encodePng(image: RasterImage): Uint8Array {
  const { width, height, channels, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG size must be positive integers, got ${width}x${height}`);
  }
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new RangeError(`expected ${stride * height} pixel bytes, got ${pixels.length}`);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = channels === 1 ? 0 : 6;
  return concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(filterRows(pixels, stride, channels, height), { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * Every row gets the Sub filter (type 1): digits and flat shapes have long runs of equal pixels,
 * which Sub turns into zeros, so it compresses far better than no filter at negligible cost.
 */
function filterRows(pixels: Uint8Array, stride: number, bpp: number, height: number): Uint8Array {
  const out = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const src = y * stride;
    const dst = y * (stride + 1);
    out[dst] = 1;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? (pixels[src + x - bpp] as number) : 0;
      out[dst + 1 + x] = ((pixels[src + x] as number) - left) & 0xff;
    }
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
