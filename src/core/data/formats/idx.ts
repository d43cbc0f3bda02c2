/**
 * IDX files (MNIST, Fashion-MNIST, EMNIST): a 4-byte magic (0, 0, type, number of dimensions), the
 * dimensions as big-endian u32, then the values. Only unsigned bytes are read, which is what the
 * image and label files of these datasets hold. gzip-compressed files are accepted as downloaded.
 */
export { FASHION_MNIST_CLASS_NAMES, MNIST_CLASS_NAMES } from '../class-names';
import { DataFormatError, type LimitExceededError } from '../../errors';
import { counted } from '../../plural';
import { err, ok, type Result } from '../../result';
import type { PackedDataset } from '../packed';
import { gunzipCapped, isGzip } from './inflate';

/**
 * Fits MNIST (47 MB inflated) and the EMNIST splits up to Digits (188 MB); ByClass and ByMerge
 * (~550 MB) are refused, as too much for one browser tab.
 */
export const IDX_MAX_INFLATED_BYTES = 256 * 1024 * 1024;

const UBYTE = 0x08;

export interface IdxArray {
  dims: number[];
  /** The values, row-major; a view into the (inflated) input. */
  data: Uint8Array;
}

type IdxError = DataFormatError | LimitExceededError;

const fault = (message: string, reason: string) => err(new DataFormatError(message, reason));

export function parseIdx(input: Uint8Array): Result<IdxArray, IdxError> {
  let bytes = input;
  if (isGzip(input)) {
    const inflated = gunzipCapped(input, IDX_MAX_INFLATED_BYTES);
    if (!inflated.ok) return inflated;
    bytes = inflated.value;
  }
  const [zero1, zero2, type = 0, rank = 0] = bytes;
  if (bytes.length < 4 || zero1 !== 0 || zero2 !== 0 || rank === 0) {
    return fault(
      'This file is not an IDX file (the MNIST format). Choose the images or labels file itself.',
      'not-idx',
    );
  }
  if (type !== UBYTE) {
    return fault(
      `This IDX file holds values of type 0x${type.toString(16).padStart(2, '0')}; Gradlab ` +
        'reads only unsigned bytes (type 0x08), as in MNIST.',
      'idx-type',
    );
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) return lengthFault(`its header is cut short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const dim = view.getUint32(4 + 4 * i, false);
    dims.push(dim);
    count *= dim;
  }
  if (bytes.length - headerLength !== count) {
    return lengthFault(
      `its header declares ${dims.join(' x ')} = ${count} values but it holds ` +
        `${bytes.length - headerLength}`,
    );
  }
  return ok({ dims, data: bytes.subarray(headerLength) });
}

const lengthFault = (detail: string) =>
  fault(`This IDX file is damaged or incomplete (${detail}). Download it again.`, 'idx-length');

export interface IdxDatasetOptions {
  name: string;
  classNames: readonly string[];
}

/** An image dataset from a parsed IDX images file ([n, rows, cols]) and its labels file ([n]). */
export function idxDataset(
  images: IdxArray,
  labels: IdxArray,
  options: IdxDatasetOptions,
): Result<PackedDataset, DataFormatError> {
  const [count, rows, cols] = images.dims;
  if (images.dims.length !== 3 || count === undefined || rows === undefined || cols === undefined) {
    return fault(
      `The images file has ${images.dims.length} dimensions where 3 (count, rows, columns) are ` +
        'expected. Check that the images and labels files are not swapped.',
      'idx-shape',
    );
  }
  if (labels.dims.length !== 1) {
    return fault(
      `The labels file has ${labels.dims.length} dimensions where 1 is expected. Check that the ` +
        'images and labels files are not swapped.',
      'idx-shape',
    );
  }
  if (count === 0 || rows === 0 || cols === 0) {
    return fault('The images file holds no images.', 'idx-shape');
  }
  if (labels.data.length !== count) {
    return fault(
      `The images file holds ${counted(count, 'image')} but the labels file holds ` +
        `${counted(labels.data.length, 'label')}. Choose the labels file that belongs to these ` +
        'images (train with train, test with test).',
      'idx-count-mismatch',
    );
  }
  const classes = options.classNames.length;
  const bad = labels.data.findIndex((label) => label >= classes);
  if (bad >= 0) {
    return fault(
      `Label ${labels.data[bad]} of image ${bad} names no class: this dataset has ${classes} ` +
        'classes. Choose the labels file that belongs to these images.',
      'label-out-of-range',
    );
  }
  return ok({
    header: {
      name: options.name,
      kind: 'image',
      task: 'classification',
      count,
      inputShape: [rows, cols, 1],
      xType: 'uint8',
      classNames: [...options.classNames],
      featureNames: [],
    },
    x: images.data,
    y: Uint16Array.from(labels.data),
  });
}
