/**
 * A small stand-in for the CIFAR-10 binary release (cifar-10-binary.tar.gz): the same archive
 * layout and record format (1 label byte, then the 32x32 red, green and blue planes), holding a
 * few dozen generated 32x32 pictures per batch: each class a scene with its own colours and shape
 * (blue sky with a grey plane, a red car on a road, ...), jittered so a model has to generalise.
 */
import { createRng, shuffledIndices, type Rng } from '../../src/core/data/rng';
import { gzipDeterministic } from '../lib/gzip';
import { Raster, type Color } from '../lib/raster';
import { CIFAR10_CLASS_NAMES } from '../../src/core/data/formats/cifar10';
import { createTar } from '../lib/tar';

export const CIFAR_CLASSES = CIFAR10_CLASS_NAMES;
const SIDE = 32;
const PLANE = SIDE * SIDE;
export const CIFAR_RECORD_BYTES = 1 + 3 * PLANE;
export const CIFAR_PER_BATCH = 40;
export const CIFAR_BATCHES = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
  'test_batch.bin',
] as const;
const DIR = 'cifar-10-batches-bin/';
const SEED = 2009;

interface Scene {
  sky: Color;
  ground: Color;
  /** Row where the ground starts. */
  horizon: number;
  thing: Color;
  shape: 'wide' | 'tall' | 'disc' | 'small-disc' | 'box';
}

const SCENES: readonly Scene[] = [
  {
    sky: [120, 170, 230],
    ground: [120, 170, 230],
    horizon: 32,
    thing: [200, 200, 205],
    shape: 'wide',
  },
  { sky: [150, 150, 150], ground: [70, 70, 70], horizon: 22, thing: [210, 30, 30], shape: 'box' },
  {
    sky: [170, 210, 240],
    ground: [90, 150, 60],
    horizon: 26,
    thing: [120, 80, 40],
    shape: 'small-disc',
  },
  {
    sky: [230, 220, 200],
    ground: [200, 190, 170],
    horizon: 24,
    thing: [230, 140, 40],
    shape: 'disc',
  },
  {
    sky: [140, 190, 120],
    ground: [60, 120, 40],
    horizon: 20,
    thing: [150, 100, 60],
    shape: 'tall',
  },
  {
    sky: [200, 200, 180],
    ground: [90, 160, 70],
    horizon: 22,
    thing: [200, 170, 120],
    shape: 'disc',
  },
  {
    sky: [60, 90, 40],
    ground: [90, 70, 40],
    horizon: 24,
    thing: [60, 200, 60],
    shape: 'small-disc',
  },
  { sky: [150, 200, 140], ground: [70, 140, 50], horizon: 18, thing: [80, 50, 30], shape: 'box' },
  {
    sky: [170, 200, 230],
    ground: [20, 50, 140],
    horizon: 18,
    thing: [110, 110, 120],
    shape: 'wide',
  },
  {
    sky: [140, 140, 150],
    ground: [80, 80, 80],
    horizon: 24,
    thing: [240, 240, 240],
    shape: 'tall',
  },
];

/** The .tar.gz as published: a directory entry, the six batches, then batches.meta.txt. */
export function cifarTarGz(): Uint8Array {
  const rng = createRng(SEED);
  const batches = CIFAR_BATCHES.map((name) => ({ path: DIR + name, bytes: batch(rng) }));
  // The published file lists one class name per line, then a blank line.
  const meta = new TextEncoder().encode(CIFAR_CLASSES.join('\n') + '\n\n');
  return gzipDeterministic(
    createTar([{ path: DIR }, ...batches, { path: `${DIR}batches.meta.txt`, bytes: meta }]),
  );
}

function batch(rng: Rng): Uint8Array {
  const out = new Uint8Array(CIFAR_PER_BATCH * CIFAR_RECORD_BYTES);
  shuffledIndices(CIFAR_PER_BATCH, rng).forEach((index, i) => {
    const label = index % CIFAR_CLASSES.length;
    const record = out.subarray(i * CIFAR_RECORD_BYTES, (i + 1) * CIFAR_RECORD_BYTES);
    record[0] = label;
    const picture = draw(SCENES[label] as Scene, rng).pixels;
    for (let p = 0; p < PLANE; p++) {
      for (let c = 0; c < 3; c++) record[1 + c * PLANE + p] = picture[p * 3 + c] as number;
    }
  });
  return out;
}

function draw(scene: Scene, rng: Rng): Raster {
  const r = new Raster(SIDE, SIDE, 3);
  const horizon = scene.horizon + rng.int(5) - 2;
  r.fill(scene.sky);
  r.fillRect(0, horizon, SIDE, SIDE, scene.ground);
  const cx = 16 + rng.int(9) - 4;
  const cy = 16 + rng.int(7) - 3;
  const size = 0.8 + 0.4 * rng.next();
  if (scene.shape === 'wide') {
    r.fillRect(cx - 12 * size, cy - 2, cx + 12 * size, cy + 2, scene.thing);
    r.fillRect(cx - 2, cy - 8 * size, cx + 2, cy + 8 * size, scene.thing);
  } else if (scene.shape === 'tall') {
    r.fillRect(cx - 4 * size, cy - 11 * size, cx + 4 * size, cy + 11 * size, scene.thing);
  } else if (scene.shape === 'box') {
    r.fillRect(cx - 11 * size, cy - 5 * size, cx + 11 * size, cy + 5 * size, scene.thing);
  } else {
    const radius = (scene.shape === 'disc' ? 9 : 5) * size;
    r.fillEllipse(cx, cy, radius, radius, scene.thing);
  }
  r.addNoise(25, rng.next);
  return r;
}
