/**
 * CIFAR-10, binary version (`cifar-10-binary.tar.gz`): `cifar-10-batches-bin/data_batch_1.bin` to
 * `data_batch_5.bin` and `test_batch.bin`, each a run of records of 1 label byte then the 32x32
 * red plane, green plane and blue plane. Packed as HWC (interleaved RGB), training rows first, then
 * the test rows when asked for.
 */
import { CIFAR10_CLASS_NAMES } from '../class-names';
export { CIFAR10_CLASS_NAMES };
import { DataFormatError, type LimitExceededError } from '../../errors';
import { err, ok, type Result } from '../../result';
import type { PackedDataset } from '../packed';
import { gunzipCapped, isGzip } from './inflate';
import { readTar, type TarEntry } from './tar';

/** The published tar is ~185 MB inflated. */
export const CIFAR10_MAX_INFLATED_BYTES = 200 * 1024 * 1024;

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;
const TRAIN_BATCHES = [1, 2, 3, 4, 5].map((n) => `data_batch_${n}.bin`);
const TEST_BATCH = 'test_batch.bin';

export interface CifarOptions {
  /** Append the 10,000 test images after the 50,000 training ones. */
  includeTest?: boolean;
}

const fault = (message: string, reason: string) => err(new DataFormatError(message, reason));

/** Reads the archive as downloaded (gzip) or already inflated (plain tar). */
export function cifarDataset(
  tarGz: Uint8Array,
  options: CifarOptions = {},
): Result<PackedDataset, DataFormatError | LimitExceededError> {
  let tarBytes = tarGz;
  if (isGzip(tarGz)) {
    const inflated = gunzipCapped(tarGz, CIFAR10_MAX_INFLATED_BYTES);
    if (!inflated.ok) return inflated;
    tarBytes = inflated.value;
  }
  const files = readTar(tarBytes);
  if (!files.ok) return files;
  const wanted = options.includeTest ? [...TRAIN_BATCHES, TEST_BATCH] : TRAIN_BATCHES;
  const batches: TarEntry[] = [];
  for (const name of wanted) {
    const batch = files.value.find((file) => file.path.split('/').pop() === name);
    if (!batch) {
      return fault(
        `This archive has no ${name}. Choose cifar-10-binary.tar.gz (the binary version, not the ` +
          'Python or MATLAB one).',
        'cifar-missing-batch',
      );
    }
    if (batch.bytes.length === 0 || batch.bytes.length % RECORD !== 0) {
      return fault(
        `${name} holds ${batch.bytes.length} bytes, not a whole number of ${RECORD}-byte images. ` +
          'Download the archive again.',
        'cifar-length',
      );
    }
    batches.push(batch);
  }
  const count = batches.reduce((sum, batch) => sum + batch.bytes.length / RECORD, 0);
  const x = new Uint8Array(count * 3 * PLANE);
  const y = new Uint16Array(count);
  let row = 0;
  for (const batch of batches) {
    const records = batch.bytes;
    for (let at = 0; at < records.length; at += RECORD, row++) {
      const label = records[at] ?? 0;
      if (label >= CIFAR10_CLASS_NAMES.length) {
        return fault(
          `Image ${row} has label ${label}; CIFAR-10 has 10 classes. Download the archive again.`,
          'label-out-of-range',
        );
      }
      y[row] = label;
      const out = row * 3 * PLANE;
      for (let p = 0; p < PLANE; p++) {
        x[out + p * 3] = records[at + 1 + p] ?? 0;
        x[out + p * 3 + 1] = records[at + 1 + PLANE + p] ?? 0;
        x[out + p * 3 + 2] = records[at + 1 + 2 * PLANE + p] ?? 0;
      }
    }
  }
  return ok({
    header: {
      name: 'CIFAR-10',
      kind: 'image',
      task: 'classification',
      count,
      inputShape: [SIDE, SIDE, 3],
      xType: 'uint8',
      classNames: [...CIFAR10_CLASS_NAMES],
      featureNames: [],
    },
    x,
    y,
  });
}
