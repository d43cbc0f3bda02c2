/**
 * An image-folder dataset as a user would zip it: folders `circle/` and `square/`, each with 20
 * 32x32 RGBA PNGs of one filled shape in a random colour, size and place on a light background.
 */
import { zipSync, type Zippable } from 'fflate';
import { createRng, type Rng } from '../../src/core/data/rng';
import { encodePng } from '../lib/png';
import { Raster } from '../lib/raster';

export const SHAPE_CLASSES = ['circle', 'square'] as const;
export const SHAPES_PER_CLASS = 20;
const SIDE = 32;
const SEED = 32;
/** fflate stamps entries with the current time unless told otherwise; the build must be reproducible. */
const MTIME = new Date('2024-01-01T00:00:00Z');

export function shapesZip(): Uint8Array {
  const rng = createRng(SEED);
  const files: Zippable = {};
  for (const shape of SHAPE_CLASSES) {
    files[`${shape}/`] = new Uint8Array(0);
    for (let i = 0; i < SHAPES_PER_CLASS; i++) {
      const name = `${shape}/${shape}_${String(i + 1).padStart(2, '0')}.png`;
      files[name] = encodePng({ width: SIDE, height: SIDE, channels: 4, pixels: draw(shape, rng) });
    }
  }
  // PNGs are already deflated; storing them keeps the zip as a user's OS would typically make it.
  return zipSync(files, { level: 0, mtime: MTIME });
}

function draw(shape: (typeof SHAPE_CLASSES)[number], rng: Rng): Uint8Array {
  const r = new Raster(SIDE, SIDE, 4);
  r.fill([210 + rng.int(46), 210 + rng.int(46), 210 + rng.int(46), 255]);
  const color = [rng.int(180), rng.int(180), rng.int(180), 255];
  const half = 6 + rng.int(6);
  const cx = half + 2 + rng.int(SIDE - 2 * half - 3);
  const cy = half + 2 + rng.int(SIDE - 2 * half - 3);
  if (shape === 'circle') r.fillEllipse(cx, cy, half, half, color);
  else r.fillRect(cx - half, cy - half, cx + half, cy + half, color);
  return r.pixels;
}
