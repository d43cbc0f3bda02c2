/**
 * Fetches a bundle file from the address of a `#url=` link or the URL field, on the page: https
 * only (plain http for this machine), no credentials, no redirect to an address that would itself
 * be refused, bytes counted and capped while reading, and the sha256 the link pins checked.
 *
 * Kept apart from the data worker's downloader because it also refuses a body longer than its
 * Content-Length, which that one (reading compressed archives) need not.
 */
import { checkDownloadUrl } from '../../core/data/catalog';
import {
  DataFormatError,
  DownloadError,
  IntegrityError,
  LimitExceededError,
} from '../../core/errors';
import { sha256Hex } from '../../core/hash';
import { err, ok, type Result } from '../../core/result';
import { formatBytes } from '../data/format-bytes';

/** Enough for a bundle with the weights of a small CNN many times over. */
export const MAX_BUNDLE_FETCH_BYTES = 256 * 1024 * 1024;

export type FetchBundleError =
  DownloadError | LimitExceededError | IntegrityError | DataFormatError;

export interface FetchBundleOptions {
  signal?: AbortSignal;
  maxBytes?: number;
  fetchFn?: typeof fetch;
}

/** The bytes at `address`; never rejects. */
export async function fetchBundleBytes(
  address: string,
  sha256: string | null,
  options: FetchBundleOptions = {},
): Promise<Result<Uint8Array, FetchBundleError>> {
  const { signal, maxBytes = MAX_BUNDLE_FETCH_BYTES, fetchFn = fetch } = options;
  const checked = checkDownloadUrl(address);
  if (!checked.ok) return err(new DownloadError(checked.why, 'refused-url'));
  const url = checked.url;
  let response: Response;
  try {
    response = await fetchFn(url, {
      credentials: 'omit',
      cache: 'no-store',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) return err(cancelled());
    return err(
      new DownloadError(
        `Could not reach ${url.host} (${error instanceof Error ? error.message : String(error)}). ` +
          'Check the connection; if the address opens in a browser tab, the server may not allow ' +
          'Gradlab to read it (CORS).',
        'network',
      ),
    );
  }
  if (response.url !== '' && response.url !== url.href) {
    const landed = checkDownloadUrl(response.url);
    if (!landed.ok) {
      return err(
        new DownloadError(`${url.host} redirected elsewhere: ${landed.why}`, 'refused-url'),
      );
    }
  }
  if (!response.ok) {
    return err(
      new DownloadError(
        `${url.host} answered ${response.status} ${response.statusText} for the bundle.` +
          (response.status === 404 ? ' Check the address.' : ' Try again later.'),
        response.status === 404 ? 'not-found' : 'http-status',
      ),
    );
  }
  const declared = declaredLength(response);
  if (declared !== null && declared > maxBytes) return err(tooLarge(maxBytes));
  const read = await readCapped(response, url, maxBytes, declared, signal);
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

/**
 * The Content-Length the body must not exceed, or null when it cannot be held to one: none was
 * sent, or the body may be content-encoded (then the header counts the compressed bytes), which
 * a cross-origin response does not let the page see.
 */
function declaredLength(response: Response): number | null {
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (!Number.isSafeInteger(length) || length < 0) return null;
  const encoding = response.headers.get('content-encoding');
  if (encoding !== null && encoding !== 'identity') return null;
  return response.type === 'cors' ? null : length;
}

async function readCapped(
  response: Response,
  url: URL,
  maxBytes: number,
  declared: number | null,
  signal: AbortSignal | undefined,
): Promise<Result<Uint8Array, FetchBundleError>> {
  const reader = response.body?.getReader();
  if (!reader) return err(new DownloadError(`${url.host} sent no body.`, 'network'));
  const parts: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.length;
      if (loaded > maxBytes) {
        await reader.cancel();
        return err(tooLarge(maxBytes));
      }
      if (declared !== null && loaded > declared) {
        await reader.cancel();
        return err(
          new DataFormatError(
            `${url.host} sent more bytes than the ${declared} its Content-Length header ` +
              'announced, so the response is damaged or tampered with. Nothing was opened.',
            'content-length-exceeded',
          ),
        );
      }
      parts.push(value);
    }
  } catch {
    return err(
      signal?.aborted
        ? cancelled()
        : new DownloadError(`The download from ${url.host} broke off. Try again.`, 'network'),
    );
  }
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return ok(out);
}

const cancelled = () =>
  new DownloadError('The download was cancelled; nothing was opened.', 'cancelled');

const tooLarge = (maxBytes: number) =>
  new LimitExceededError(
    `The bundle is larger than the ${formatBytes(maxBytes)} Gradlab opens from an address.`,
    'bytes',
  );
