/**
 * A small stand-in for Fashion-MNIST in its published form (train-images-idx3-ubyte.gz and
 * train-labels-idx1-ubyte.gz): 28x28 light-on-black silhouettes, one simple drawn shape per
 * class in the dataset's label order, with random shifts, sizes, brightness and noise, so a model
 * can learn them and a preview shows what each class is.
 */
import { createRng, shuffledIndices, type Rng } from '../../src/core/data/rng';
import { encodeIdxUint8 } from '../lib/idx';
import { gzipDeterministic } from '../lib/gzip';
import { FASHION_MNIST_CLASS_NAMES } from '../../src/core/data/formats/idx';
import { Raster, type Point } from '../lib/raster';

export const FASHION_CLASSES = FASHION_MNIST_CLASS_NAMES;
const SIDE = 28;
const PER_CLASS = 50;
const SEED = 2017;

type Draw = (r: Raster, fg: readonly [number], dx: number, dy: number, s: number) => void;

/** Shapes on a 28x28 grid around the centre; `s` scales widths, (dx, dy) shifts. */
const DRAW: readonly Draw[] = [
  (r, fg, dx, dy, s) => {
    r.fillRect(dx + 14 - 6 * s, dy + 7, dx + 14 + 6 * s, dy + 23, fg);
    r.fillRect(dx + 14 - 10 * s, dy + 7, dx + 14 + 10 * s, dy + 12, fg);
  },
  (r, fg, dx, dy, s) => {
    r.fillRect(dx + 14 - 6 * s, dy + 3, dx + 14 + 6 * s, dy + 8, fg);
    r.fillRect(dx + 14 - 6 * s, dy + 3, dx + 14 - 1, dy + 26, fg);
    r.fillRect(dx + 14 + 1, dy + 3, dx + 14 + 6 * s, dy + 26, fg);
  },
  (r, fg, dx, dy, s) => {
    r.fillRect(dx + 14 - 6 * s, dy + 6, dx + 14 + 6 * s, dy + 24, fg);
    r.fillRect(dx + 14 - 10 * s, dy + 6, dx + 14 - 7 * s, dy + 24, fg);
    r.fillRect(dx + 14 + 7 * s, dy + 6, dx + 14 + 10 * s, dy + 24, fg);
  },
  (r, fg, dx, dy, s) => {
    const poly: Point[] = [
      [dx + 14 - 4 * s, dy + 3],
      [dx + 14 + 4 * s, dy + 3],
      [dx + 14 + 10 * s, dy + 26],
      [dx + 14 - 10 * s, dy + 26],
    ];
    r.fillPolygon(poly, fg);
  },
  (r, fg, dx, dy, s) => {
    r.fillRect(dx + 14 - 7 * s, dy + 3, dx + 14 + 7 * s, dy + 27, fg);
    r.fillRect(dx + 14 - 11 * s, dy + 3, dx + 14 - 8 * s, dy + 25, fg);
    r.fillRect(dx + 14 + 8 * s, dy + 3, dx + 14 + 11 * s, dy + 25, fg);
    r.fillRect(dx + 13.5, dy + 3, dx + 14.5, dy + 27, [0]);
  },
  (r, fg, dx, dy, s) => {
    for (const y of [14, 18, 22])
      r.fillRect(dx + 14 - 11 * s, dy + y, dx + 14 + 11 * s, dy + y + 2, fg);
    r.fillRect(dx + 14 - 11 * s, dy + 23, dx + 14 + 11 * s, dy + 25, fg);
  },
  (r, fg, dx, dy, s) => {
    r.fillRect(dx + 14 - 7 * s, dy + 5, dx + 14 + 7 * s, dy + 25, fg);
    r.fillRect(dx + 14 - 10 * s, dy + 5, dx + 14 - 8 * s, dy + 17, fg);
    r.fillRect(dx + 14 + 8 * s, dy + 5, dx + 14 + 10 * s, dy + 17, fg);
    r.fillPolygon(
      [
        [dx + 11, dy + 5],
        [dx + 17, dy + 5],
        [dx + 14, dy + 10],
      ],
      [0],
    );
  },
  (r, fg, dx, dy, s) => {
    const poly: Point[] = [
      [dx + 14 - 12 * s, dy + 22],
      [dx + 14 - 12 * s, dy + 15],
      [dx + 14 - 2 * s, dy + 12],
      [dx + 14 + 12 * s, dy + 18],
      [dx + 14 + 12 * s, dy + 22],
    ];
    r.fillPolygon(poly, fg);
  },
  (r, fg, dx, dy, s) => {
    r.fillRect(dx + 14 - 10 * s, dy + 11, dx + 14 + 10 * s, dy + 25, fg);
    r.fillEllipse(dx + 14, dy + 11, 6 * s, 6, fg);
    r.fillEllipse(dx + 14, dy + 11, 4 * s, 4, [0]);
  },
  (r, fg, dx, dy, s) => {
    r.fillRect(dx + 14 - 2 * s, dy + 4, dx + 14 + 5 * s, dy + 24, fg);
    r.fillRect(dx + 14 - 11 * s, dy + 17, dx + 14 + 5 * s, dy + 24, fg);
  },
];

export interface FashionFiles {
  images: Uint8Array;
  labels: Uint8Array;
}

/** 500 images, classes in a shuffled order; both files gzip-compressed as published. */
export function fashionIdx(): FashionFiles {
  const rng = createRng(SEED);
  const count = PER_CLASS * FASHION_CLASSES.length;
  const labels = Uint8Array.from(
    shuffledIndices(count, rng),
    (index) => index % FASHION_CLASSES.length,
  );
  const pixels = new Uint8Array(count * SIDE * SIDE);
  labels.forEach((label, i) => pixels.set(drawItem(label, rng), i * SIDE * SIDE));
  return {
    images: gzipDeterministic(encodeIdxUint8([count, SIDE, SIDE], pixels)),
    labels: gzipDeterministic(encodeIdxUint8([count], labels)),
  };
}

function drawItem(label: number, rng: Rng): Uint8Array {
  const r = new Raster(SIDE, SIDE, 1);
  const draw = DRAW[label] as Draw;
  draw(r, [150 + rng.int(106)], rng.int(5) - 2, rng.int(5) - 2, 0.85 + 0.3 * rng.next());
  r.addNoise(20, rng.next);
  return r.pixels;
}
