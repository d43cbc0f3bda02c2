/**
 * Downloads of datasets from an address the user gave: https only (plain http for this machine),
 * and a redirect must land on an address that is allowed too. The capped read is
 * `core/fetch-capped.ts`; the app's own files are fetched with it directly.
 */
import { checkDownloadUrl, refusedDownloadAddress } from '../../src/core/data/catalog';
import { DownloadError } from '../../src/core/errors';
import {
  fetchCapped,
  type FetchCappedError,
  type FetchProgress,
} from '../../src/core/fetch-capped';
import { err, type Result } from '../../src/core/result';

export const MAX_DOWNLOAD_BYTES = 300 * 1024 * 1024;

export async function fetchBytes(
  address: string,
  signal: AbortSignal,
  onProgress: FetchProgress,
  { maxBytes = MAX_DOWNLOAD_BYTES, stallMs }: { maxBytes?: number; stallMs?: number } = {},
): Promise<Result<Uint8Array, FetchCappedError>> {
  const checked = checkDownloadUrl(address);
  if (!checked.ok) return err(new DownloadError(checked.why, 'refused-url'));
  return fetchCapped(checked.url, {
    maxBytes,
    ...(stallMs === undefined ? {} : { stallMs }),
    signal,
    onProgress,
    refuseLanding: refusedDownloadAddress,
  });
}
