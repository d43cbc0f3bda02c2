import { describe, it, expect } from 'vitest';
import { gzipSync } from 'fflate';
import { DataFormatError } from '../../errors';
import { decodePacked, encodePacked } from '../packed';
import {
  FASHION_MNIST_CLASS_NAMES,
  MNIST_CLASS_NAMES,
  idxDataset,
  parseIdx,
  type IdxArray,
} from './idx';
import { writeIdx } from './test-fixtures';

const pixels = Uint8Array.from({ length: 3 * 2 * 2 }, (_, i) => i * 10);
const imagesFile = writeIdx([3, 2, 2], pixels);
const labelsFile = writeIdx([3], new Uint8Array([7, 0, 9]));

function parsed(bytes: Uint8Array): IdxArray {
  const result = parseIdx(bytes);
  if (!result.ok) throw result.error;
  return result.value;
}

function reasonOf(result: { ok: boolean; error?: unknown }): string | undefined {
  expect(result.ok).toBe(false);
  expect(result.error).toBeInstanceOf(DataFormatError);
  return (result.error as DataFormatError).reason;
}

describe('parseIdx', () => {
  it('reads the dimensions and the values', () => {
    const result = parseIdx(imagesFile);
    expect(result.ok && result.value.dims).toEqual([3, 2, 2]);
    expect(result.ok && Array.from(result.value.data)).toEqual(Array.from(pixels));
  });

  it('reads gzip-compressed files as downloaded', () => {
    const result = parseIdx(gzipSync(imagesFile));
    expect(result.ok && Array.from(result.value.data)).toEqual(Array.from(pixels));
  });

  it('refuses a file longer or shorter than its header declares', () => {
    expect(reasonOf(parseIdx(imagesFile.subarray(0, imagesFile.length - 1)))).toBe('idx-length');
    expect(reasonOf(parseIdx(writeIdx([3, 2, 2], new Uint8Array(13))))).toBe('idx-length');
    expect(reasonOf(parseIdx(imagesFile.subarray(0, 10)))).toBe('idx-length');
  });

  it('refuses value types other than unsigned bytes', () => {
    const floats = imagesFile.slice();
    floats[2] = 0x0d;
    expect(reasonOf(parseIdx(floats))).toBe('idx-type');
  });

  it('refuses files that are not IDX', () => {
    expect(reasonOf(parseIdx(new TextEncoder().encode('label,pixel\n1,2')))).toBe('not-idx');
    expect(reasonOf(parseIdx(new Uint8Array(0)))).toBe('not-idx');
  });
});

describe('idxDataset', () => {
  const options = { name: 'tiny', classNames: MNIST_CLASS_NAMES };

  it('packs images as [rows, cols, 1] uint8 with 16-bit labels', () => {
    const result = idxDataset(parsed(imagesFile), parsed(labelsFile), options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { header, x, y } = result.value;
    expect(header).toMatchObject({
      kind: 'image',
      count: 3,
      inputShape: [2, 2, 1],
      xType: 'uint8',
    });
    expect(header.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Array.from(x)).toEqual(Array.from(pixels));
    expect(y).toBeInstanceOf(Uint16Array);
    expect(Array.from(y)).toEqual([7, 0, 9]);
    expect(decodePacked(encodePacked(result.value)).ok).toBe(true);
  });

  it('refuses images and labels whose counts differ', () => {
    const twoLabels = parsed(writeIdx([2], new Uint8Array([1, 2])));
    expect(reasonOf(idxDataset(parsed(imagesFile), twoLabels, options))).toBe('idx-count-mismatch');
  });

  it('refuses labels beyond the class names', () => {
    const labels = parsed(writeIdx([3], new Uint8Array([1, 10, 2])));
    expect(reasonOf(idxDataset(parsed(imagesFile), labels, options))).toBe('label-out-of-range');
  });

  it('refuses swapped files', () => {
    expect(reasonOf(idxDataset(parsed(labelsFile), parsed(imagesFile), options))).toBe('idx-shape');
  });

  it('names the Fashion-MNIST classes in label order', () => {
    expect(FASHION_MNIST_CLASS_NAMES).toHaveLength(10);
    expect(FASHION_MNIST_CLASS_NAMES[0]).toBe('T-shirt/top');
    expect(FASHION_MNIST_CLASS_NAMES[9]).toBe('Ankle boot');
  });
});
