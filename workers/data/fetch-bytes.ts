/**
 * Fetches one file with progress, cancel and a byte cap counted while reading (a Content-Length
 * can lie). No credentials go with the request, and a redirect must land on an allowed address.
 */
import { checkDownloadUrl } from '../../src/core/data/catalog';
import { DownloadError, LimitExceededError } from '../../src/core/errors';
import { err, ok, type Result } from '../../src/core/result';

export const MAX_DOWNLOAD_BYTES = 300 * 1024 * 1024;

export type FetchProgress = (loaded: number, total: number | null) => void;

/** A download from an address the user gave: https only (plain http for this machine). */
export async function fetchBytes(
  address: string,
  signal: AbortSignal,
  onProgress: FetchProgress,
  maxBytes = MAX_DOWNLOAD_BYTES,
): Promise<Result<Uint8Array, DownloadError | LimitExceededError>> {
  const checked = checkDownloadUrl(address);
  if (!checked.ok) return err(new DownloadError(checked.why, 'refused-url'));
  return fetchCapped(checked.url, signal, onProgress, maxBytes, (landed) => {
    const policy = checkDownloadUrl(landed);
    return policy.ok ? null : policy.why;
  });
}

/**
 * Fetches and reads a body, counting bytes as they arrive. `refuseLanding` vets the address a
 * redirect ended at (null to accept); the app's own files are fetched with no such policy.
 */
export async function fetchCapped(
  url: URL,
  signal: AbortSignal,
  onProgress: FetchProgress,
  maxBytes: number,
  refuseLanding: (landed: string) => string | null = () => null,
): Promise<Result<Uint8Array, DownloadError | LimitExceededError>> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', signal, cache: 'no-store' });
  } catch (error) {
    if (signal.aborted) return err(cancelled());
    return err(
      new DownloadError(
        `Could not reach ${url.host} (${error instanceof Error ? error.message : String(error)}). ` +
          'Check the connection; if the address opens in a browser tab, the server may not allow ' +
          'downloads from other sites (CORS).',
        'network',
      ),
    );
  }
  const refused = refuseLanding(response.url || url.href);
  if (refused) {
    return err(new DownloadError(`${url.host} redirected elsewhere: ${refused}`, 'refused-url'));
  }
  if (!response.ok) {
    return err(
      new DownloadError(
        `${url.host} answered ${response.status} ${response.statusText} for ${url.pathname}.` +
          (response.status === 404 ? ' Check the address.' : ' Try again later.'),
        response.status === 404 ? 'not-found' : 'http-status',
      ),
    );
  }
  const declared = Number(response.headers.get('content-length'));
  const total = Number.isSafeInteger(declared) && declared > 0 ? declared : null;
  if (total !== null && total > maxBytes) return err(tooLarge(url, maxBytes));
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
        return err(tooLarge(url, maxBytes));
      }
      parts.push(value);
      onProgress(loaded, total);
    }
  } catch {
    return err(
      signal.aborted
        ? cancelled()
        : new DownloadError(`The download from ${url.host} broke off. Try again.`, 'network'),
    );
  }
  return ok(concat(parts, loaded));
}

const cancelled = () =>
  new DownloadError('The download was cancelled; nothing was kept.', 'cancelled');

const tooLarge = (url: URL, maxBytes: number) =>
  new LimitExceededError(
    `${url.pathname.split('/').pop() ?? 'The file'} is larger than the ${Math.round(maxBytes / 2 ** 20)} MB Gradlab downloads.`,
    'bytes',
  );

export function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
