/**
 * Downloaded files, in one of the catalog's formats, to a packed dataset named as the download was
 * named (what the user typed, or the catalog's title), never after its file.
 */
import type { RemoteFormat } from '../../src/core/data/catalog';
import { cifarDataset } from '../../src/core/data/formats/cifar10';
import { MNIST_CLASS_NAMES, idxDataset, parseIdx } from '../../src/core/data/formats/idx';
import { spriteDataset } from '../../src/core/data/formats/mnist-sprite';
import type { PackedDataset } from '../../src/core/data/packed';
import { DataFormatError, type GradlabError } from '../../src/core/errors';
import { err, ok, type Result } from '../../src/core/result';
import type { ColumnInfo } from '../../src/core/data/stored-dataset';
import type { JobContext } from './context';
import { decodeSprite } from './decode-image';
import { expandZip, imagesToPacked } from './image-set';
import { csvToPacked } from './tabular';
import type { PreprocessedColumn } from '../../src/core/export/preprocessing';

export interface DownloadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface Decoded {
  packed: PackedDataset;
  columns?: ColumnInfo[];
  notes?: string[];
  encoding?: PreprocessedColumn[];
}

export interface DecodeOptions {
  name: string;
  classNames?: string[];
  target?: string;
}

export async function decodeDownload(
  context: JobContext,
  format: RemoteFormat,
  files: DownloadedFile[],
  options: DecodeOptions,
): Promise<Result<Decoded, GradlabError>> {
  const decoded = await decodeFiles(context, format, files, options);
  if (!decoded.ok) return decoded;
  const { packed } = decoded.value;
  // A CSV takes its file's name and CIFAR-10 its own; the download's name is the one kept.
  return ok({
    ...decoded.value,
    packed: { ...packed, header: { ...packed.header, name: options.name } },
  });
}

async function decodeFiles(
  context: JobContext,
  format: RemoteFormat,
  files: DownloadedFile[],
  options: DecodeOptions,
): Promise<Result<Decoded, GradlabError>> {
  const [first, second] = files;
  if (!first) return err(new DataFormatError('Nothing was downloaded.', 'empty-file'));
  const needsTwo = format === 'mnist-sprite' || format === 'idx';
  if (needsTwo && !second) {
    return err(
      new DataFormatError(
        `The ${format} format needs two files, images and labels.`,
        'missing-file',
      ),
    );
  }
  switch (format) {
    case 'mnist-sprite': {
      const sprite = await decodeSprite(first.bytes, first.name);
      if (!sprite.ok) return sprite;
      const { rgba, width, height } = sprite.value;
      return wrap(
        spriteDataset(rgba, width, height, (second as DownloadedFile).bytes, {
          name: options.name,
          classNames: options.classNames ?? [...MNIST_CLASS_NAMES],
        }),
      );
    }
    case 'idx': {
      const images = parseIdx(first.bytes);
      if (!images.ok) return images;
      const labels = parseIdx((second as DownloadedFile).bytes);
      if (!labels.ok) return labels;
      return wrap(
        idxDataset(images.value, labels.value, {
          name: options.name,
          classNames: options.classNames ?? [...MNIST_CLASS_NAMES],
        }),
      );
    }
    case 'cifar10':
      return wrap(cifarDataset(first.bytes));
    case 'csv': {
      const table = csvToPacked(first.bytes, first.name, options.target, 'auto');
      return table.ok ? ok({ ...table.value }) : table;
    }
    case 'image-zip': {
      const entries = expandZip([
        {
          path: first.name.endsWith('.zip') ? first.name : `${first.name}.zip`,
          bytes: first.bytes,
        },
      ]);
      if (!entries.ok) return entries;
      const packed = await imagesToPacked(context, entries.value, {
        name: options.name,
        size: 32,
        channels: 3,
      });
      return wrap(packed);
    }
  }
}

const wrap = (result: Result<PackedDataset, GradlabError>): Result<Decoded, GradlabError> =>
  result.ok ? ok({ packed: result.value }) : result;
