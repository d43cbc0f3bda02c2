import { describe, it, expect } from 'vitest';
import { DataFormatError, InvalidDatasetError } from '../../errors';
import { decodePacked, encodePacked } from '../packed';
import { classesFromPaths, packImages } from './image-folder';

const file = (path: string) => ({ path, bytes: new TextEncoder().encode(path) });

function reasonOf(files: { path: string; bytes: Uint8Array }[]): DataFormatError {
  const result = classesFromPaths(files);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('accepted');
  expect(result.error).toBeInstanceOf(DataFormatError);
  return result.error;
}

describe('classesFromPaths', () => {
  it('takes the class from the folder above each image, in natural order', () => {
    const result = classesFromPaths([
      file('set/class10/b.png'),
      file('set/class2/a.JPG'),
      file('set/class10/a.webp'),
      file('set/class2/readme.txt'),
      file('set/.DS_Store'),
      file('__MACOSX/set/class2/._a.JPG'),
      file('set/class2/.hidden.png'),
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.classNames).toEqual(['class2', 'class10']);
    expect(result.value.items.map((item) => [item.path, item.label])).toEqual([
      ['set/class10/a.webp', 1],
      ['set/class10/b.png', 1],
      ['set/class2/a.JPG', 0],
    ]);
    expect(new TextDecoder().decode(result.value.items[2]!.bytes)).toBe('set/class2/a.JPG');
  });

  it('accepts Windows separators', () => {
    const result = classesFromPaths([file('cats\\1.png'), file('dogs\\1.png')]);
    expect(result.ok && result.value.classNames).toEqual(['cats', 'dogs']);
  });

  it('refuses an image outside any class folder, naming it', () => {
    const error = reasonOf([file('cats/1.png'), file('dogs/1.png'), file('stray.png')]);
    expect(error.reason).toBe('no-class-folder');
    expect(error.message).toContain('stray.png');
  });

  it('refuses a single class', () => {
    expect(reasonOf([file('cats/1.png'), file('cats/2.png')]).reason).toBe('too-few-classes');
  });

  it('refuses a folder without images', () => {
    expect(reasonOf([file('cats/notes.txt')]).reason).toBe('too-few-classes');
  });
});

describe('packImages', () => {
  const options = { name: 'pets', size: 2, channels: 3 as const, classNames: ['cat', 'dog'] };

  it('concatenates the pixels in order with their labels', () => {
    const a = new Uint8Array(12).fill(1);
    const b = new Uint8Array(12).fill(2);
    const packed = packImages([a, b], [1, 0], options);
    expect(packed.header).toMatchObject({ kind: 'image', count: 2, inputShape: [2, 2, 3] });
    expect(Array.from(packed.x)).toEqual([...a, ...b]);
    expect(Array.from(packed.y)).toEqual([1, 0]);
    expect(decodePacked(encodePacked(packed)).ok).toBe(true);
  });

  it('throws on pixels of the wrong size or labels without a class', () => {
    expect(() => packImages([new Uint8Array(11)], [0], options)).toThrow(InvalidDatasetError);
    expect(() => packImages([new Uint8Array(12)], [2], options)).toThrow(InvalidDatasetError);
    expect(() => packImages([new Uint8Array(12)], [], options)).toThrow(InvalidDatasetError);
  });
});
