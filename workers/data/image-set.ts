/**
 * A folder-per-class image set (from a ZIP or a chosen folder) to a packed dataset: every header
 * is checked before any pixel is decoded, then images are decoded and resized one at a time.
 */
import { sniffImage } from '../../src/core/data/formats/image-header';
import { classesFromPaths, packImages } from '../../src/core/data/formats/image-folder';
import { unzipCapped } from '../../src/core/data/formats/zip';
import type { PackedDataset } from '../../src/core/data/packed';
import { DownloadError, LimitExceededError, type GradlabError } from '../../src/core/errors';
import { err, ok, type Result } from '../../src/core/result';
import type { JobContext } from './context';
import { decodeImage } from './decode-image';

export const IMAGE_SET_LIMITS = {
  maxImages: 50_000,
  maxZipBytes: 1024 * 1024 * 1024,
  maxZipEntries: 60_000,
};

export interface ImageFile {
  path: string;
  bytes: Uint8Array;
}

/** A single ZIP is opened; otherwise the files are the image set. */
export function expandZip(files: ImageFile[]): Result<ImageFile[], GradlabError> {
  const only = files.length === 1 ? files[0] : undefined;
  if (!only || !/\.zip$/i.test(only.path)) return ok(files);
  return unzipCapped(only.bytes, {
    maxTotalBytes: IMAGE_SET_LIMITS.maxZipBytes,
    maxEntries: IMAGE_SET_LIMITS.maxZipEntries,
  });
}

export async function imagesToPacked(
  context: JobContext,
  files: ImageFile[],
  options: { name: string; size: number; channels: 1 | 3 },
): Promise<Result<PackedDataset, GradlabError>> {
  const grouped = classesFromPaths(files);
  if (!grouped.ok) return grouped;
  const { classNames, items } = grouped.value;
  if (items.length > IMAGE_SET_LIMITS.maxImages) {
    return err(
      new LimitExceededError(
        `The set holds ${items.length} images; Gradlab imports at most ${IMAGE_SET_LIMITS.maxImages}.`,
        'images',
      ),
    );
  }
  for (const item of items) {
    const header = sniffImage(item.bytes, item.path);
    if (!header.ok) return header;
  }
  const pixels: Uint8Array[] = [];
  for (const [index, item] of items.entries()) {
    if (context.signal.aborted)
      return err(new DownloadError('Cancelled; nothing was kept.', 'cancelled'));
    const decoded = await decodeImage(item.bytes, item.path, options.size, options.channels);
    if (!decoded.ok) return decoded;
    pixels.push(decoded.value);
    context.progress('decode', index + 1, items.length);
  }
  return ok(
    packImages(
      pixels,
      items.map((item) => item.label),
      { name: options.name, size: options.size, channels: options.channels, classNames },
    ),
  );
}
