/**
 * Fetches a bundle file from the address of a `#url=` link or the URL field, in the data worker: https
 * only (plain http for this machine), no credentials, no redirect to an address that would itself
 * be refused, bytes counted and capped while reading, and the sha256 the link pins checked.
 * The capped read is `core/fetch-capped.ts`, held here to the body's Content-Length too.
 */
import { checkDownloadUrl, refusedDownloadAddress } from '../data/catalog';
import { DownloadError, IntegrityError } from '../errors';
import {
  fetchCapped,
  type FetchCappedError,
  type FetchProgress,
  type FetchWording,
} from '../fetch-capped';
import { sha256Hex } from '../hash';
import { err, ok, type Result } from '../result';
import { formatBytes } from '../data/formats/inflate';

/** Enough for a bundle with the weights of a small CNN many times over. */
export const MAX_BUNDLE_FETCH_BYTES = 256 * 1024 * 1024;

export type FetchBundleError = FetchCappedError | IntegrityError;

export interface FetchBundleOptions {
  signal?: AbortSignal;
  onProgress?: FetchProgress;
  maxBytes?: number;
  /** Give up after this long without a byte (fetch-capped.ts's STALL_LIMIT_MS when absent). */
  stallMs?: number;
  fetchFn?: typeof fetch;
}

const BUNDLE_WORDING: FetchWording = {
  subject: 'the bundle',
  corsHint: 'Gradlab to read it',
  cancelled: 'The download was cancelled; nothing was opened.',
  afterStall:
    'Nothing was opened. Try again later, or download the file yourself and open it from disk with Open….',
  tooLarge: (_url, maxBytes) =>
    `The bundle is larger than the ${formatBytes(maxBytes)} Gradlab opens from an address.`,
};

/** The bytes at `address`; never rejects. */
export async function fetchBundleBytes(
  address: string,
  sha256: string | null,
  options: FetchBundleOptions = {},
): Promise<Result<Uint8Array, FetchBundleError>> {
  const { maxBytes = MAX_BUNDLE_FETCH_BYTES, ...rest } = options;
  const checked = checkDownloadUrl(address);
  if (!checked.ok) return err(new DownloadError(checked.why, 'refused-url'));
  const url = checked.url;
  const read = await fetchCapped(url, {
    ...rest,
    maxBytes,
    refuseLanding: refusedDownloadAddress,
    holdToContentLength: true,
    wording: BUNDLE_WORDING,
  });
  if (!read.ok) return read;
  if (sha256 !== null) {
    const actual = await sha256Hex(read.value);
    if (actual !== sha256) {
      return err(
        new IntegrityError(
          `The bundle at ${url.host} does not match the sha256 in the link (expected ` +
            `${sha256.slice(0, 12)}..., got ${actual.slice(0, 12)}...): the file was changed ` +
            'after the link was made, or the link was altered. Nothing was opened; ask for a new link.',
        ),
      );
    }
  }
  return ok(read.value);
}
