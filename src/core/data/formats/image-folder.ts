/**
 * An image dataset from a folder per class (`cats/1.png`, `dogs/7.jpg`, from a ZIP or a picked
 * folder): the class of a file is the directory right above it. Files that do not look like images
 * (by extension: .txt, .DS_Store, ...) are ignored; the caller decodes the images and packs them.
 */
import { DataFormatError, InvalidDatasetError } from '../../errors';
import { err, ok, type Result } from '../../result';
import type { PackedDataset } from '../packed';
import { formatFromFileName } from './image-header';

export interface FolderFile {
  path: string;
  bytes: Uint8Array;
}

export interface ClassifiedFiles {
  /** Sorted in natural order ("class2" before "class10"), so the same folder gives the same labels. */
  classNames: string[];
  /** Sorted by path. */
  items: { path: string; label: number; bytes: Uint8Array }[];
}

/** Labels are stored as 16-bit integers. */
const MAX_CLASSES = 65_536;

const fault = (message: string, reason: string) => err(new DataFormatError(message, reason));

export function classesFromPaths(files: FolderFile[]): Result<ClassifiedFiles, DataFormatError> {
  const groups = new Map<string, FolderFile[]>();
  for (const file of files) {
    const segments = file.path
      .replace(/\\/g, '/')
      .split('/')
      .filter((s) => s !== '' && s !== '.');
    const name = segments[segments.length - 1];
    if (name === undefined || formatFromFileName(name) === null) continue;
    if (segments.some((s) => s.startsWith('.') || s === '__MACOSX')) continue;
    const className = segments[segments.length - 2];
    if (className === undefined) {
      return fault(
        `"${file.path}" is not inside a class folder. Put each image in a folder named after its ` +
          'class (for example cats/1.jpg and dogs/1.jpg).',
        'no-class-folder',
      );
    }
    const group = groups.get(className) ?? [];
    group.push({ path: segments.join('/'), bytes: file.bytes });
    groups.set(className, group);
  }
  const classNames = [...groups.keys()].sort(naturalCompare);
  if (classNames.length < 2) {
    return fault(
      classNames.length === 0
        ? 'No images were found (PNG, JPEG, GIF, BMP or WebP). Choose a folder of images.'
        : `All images are in one class folder ("${classNames[0]}"). Put each class in its own ` +
            'folder; a classifier needs at least 2 classes.',
      'too-few-classes',
    );
  }
  if (classNames.length > MAX_CLASSES) {
    return fault(
      `The images are in ${classNames.length} class folders; Gradlab accepts at most ${MAX_CLASSES}.`,
      'too-many-classes',
    );
  }
  const items = classNames
    .flatMap((className, label) =>
      (groups.get(className) ?? []).map((image) => ({ ...image, label })),
    )
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return ok({ classNames, items });
}

/** Digit runs compare by value, the rest by code point: the same order in every browser. */
function naturalCompare(a: string, b: string): number {
  const partsA = a.match(/\d+|\D+/g) ?? [];
  const partsB = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(partsA.length, partsB.length); i++) {
    const x = partsA[i] ?? '';
    const y = partsB[i] ?? '';
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric && BigInt(x) !== BigInt(y)) return BigInt(x) < BigInt(y) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return partsA.length - partsB.length;
}

export interface PackImagesOptions {
  name: string;
  /** Side of the square images, in pixels. */
  size: number;
  channels: 1 | 3;
  classNames: readonly string[];
}

/**
 * Packs decoded images (each `size * size * channels` bytes, HWC) and their labels. The inputs
 * come from the caller's own decoding, so a wrong length is a bug there and throws.
 */
export function packImages(
  pixels: Uint8Array[],
  labels: number[],
  options: PackImagesOptions,
): PackedDataset {
  const { size, channels, classNames } = options;
  const perImage = size * size * channels;
  if (pixels.length !== labels.length) {
    throw new InvalidDatasetError(
      `${pixels.length} images were given with ${labels.length} labels.`,
    );
  }
  const x = new Uint8Array(pixels.length * perImage);
  pixels.forEach((image, i) => {
    if (image.length !== perImage) {
      throw new InvalidDatasetError(
        `Image ${i} holds ${image.length} bytes where ${size} x ${size} x ${channels} were expected.`,
      );
    }
    x.set(image, i * perImage);
  });
  const bad = labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= classNames.length);
  if (bad >= 0) {
    throw new InvalidDatasetError(`Label ${labels[bad]} of image ${bad} names no class.`);
  }
  return {
    header: {
      name: options.name,
      kind: 'image',
      task: 'classification',
      count: pixels.length,
      inputShape: [size, size, channels],
      xType: 'uint8',
      classNames: [...classNames],
      featureNames: [],
    },
    x,
    y: Uint16Array.from(labels),
  };
}
