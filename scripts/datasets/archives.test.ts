import { unzipSync } from 'fflate';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../lib/png-decode';
import { CIFAR_BATCHES, CIFAR_PER_BATCH, CIFAR_RECORD_BYTES, cifarTarGz } from './cifar';
import { fashionIdx } from './fashion';
import { SHAPES_PER_CLASS, shapesZip } from './shapes';

describe('fashionIdx', () => {
  it('writes gzipped IDX images (500x28x28) and labels covering all 10 classes', () => {
    const { images, labels } = fashionIdx();
    const x = new Uint8Array(gunzipSync(images));
    const y = new Uint8Array(gunzipSync(labels));
    expect(Array.from(x.subarray(0, 16))).toEqual([
      0, 0, 8, 3, 0, 0, 1, 244, 0, 0, 0, 28, 0, 0, 0, 28,
    ]);
    expect(x.length).toBe(16 + 500 * 784);
    expect(Array.from(y.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 1, 244]);
    expect(new Set(y.subarray(8))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});

describe('cifarTarGz', () => {
  it('holds the published layout: six batches of whole records, then the class names', () => {
    const tar = new Uint8Array(gunzipSync(cifarTarGz()));
    const names: string[] = [];
    const sizes: number[] = [];
    for (let offset = 0; tar[offset] !== 0;) {
      names.push(new TextDecoder().decode(tar.subarray(offset, offset + 100)).replace(/\0+$/, ''));
      const size = parseInt(new TextDecoder().decode(tar.subarray(offset + 124, offset + 135)), 8);
      sizes.push(size);
      const body = tar.subarray(offset + 512, offset + 512 + size);
      if (names.at(-1)!.endsWith('.bin')) {
        for (let r = 0; r < CIFAR_PER_BATCH; r++)
          expect(body[r * CIFAR_RECORD_BYTES]).toBeLessThan(10);
      }
      offset += 512 + Math.ceil(size / 512) * 512;
    }
    expect(names).toEqual([
      'cifar-10-batches-bin/',
      ...CIFAR_BATCHES.map((b) => `cifar-10-batches-bin/${b}`),
      'cifar-10-batches-bin/batches.meta.txt',
    ]);
    expect(sizes.slice(1, 7)).toEqual(CIFAR_BATCHES.map(() => CIFAR_PER_BATCH * 3073));
  });
});

describe('shapesZip', () => {
  it('holds circle/ and square/ with 32x32 PNGs that differ between the classes', () => {
    const files = unzipSync(shapesZip());
    const pngs = Object.keys(files).filter((name) => name.endsWith('.png'));
    expect(pngs).toHaveLength(2 * SHAPES_PER_CLASS);
    expect(new Set(pngs.map((name) => name.split('/')[0]))).toEqual(new Set(['circle', 'square']));
    for (const name of pngs) {
      expect(decodePng(files[name]!)).toMatchObject({ width: 32, height: 32, channels: 4 });
    }
    // A square's bounding box is full; a circle leaves its corners to the background.
    const fill = (name: string) => {
      const { pixels } = decodePng(files[name]!);
      const dark = Array.from({ length: 1024 }, (_, i) => pixels[i * 4]! < pixels[0]! - 20);
      const xs = dark.flatMap((d, i) => (d ? [i % 32] : []));
      const ys = dark.flatMap((d, i) => (d ? [Math.floor(i / 32)] : []));
      const box = (Math.max(...xs) - Math.min(...xs) + 1) * (Math.max(...ys) - Math.min(...ys) + 1);
      return xs.length / box;
    };
    expect(fill('square/square_01.png')).toBeGreaterThan(0.95);
    expect(fill('circle/circle_01.png')).toBeLessThan(0.85);
  });

  it('is byte-for-byte the same on every build', () => {
    expect(shapesZip()).toEqual(shapesZip());
  });
});
