/**
 * Fetching a file whose size is not trusted, on the page or in a worker: no credentials, no HTTP
 * cache, the address a redirect lands on vetted, and the bytes counted and capped while reading
 * (a Content-Length can lie), with progress and cancel. A download that goes `stallMs` without a
 * byte (waiting for the answer, or between pieces of the body) is given up: a server that has
 * stopped sending would otherwise hold it open for as long as the connection lives. The data
 * worker's downloads and the page's bundle fetches differ only in the options and wording they pass.
 */
import { concatBytes } from './bytes';
import { formatBytes } from './data/formats/inflate';
import { DataFormatError, DownloadError, LimitExceededError } from './errors';
import { err, ok, type Result } from './result';

/** How long a download may go without receiving a byte before it is given up. */
export const STALL_LIMIT_MS = 20_000;

export type FetchProgress = (loaded: number, total: number | null) => void;

export type FetchCappedError = DownloadError | LimitExceededError | DataFormatError;

/** How failures are worded where the two callers say it differently. */
export interface FetchWording {
  /** What an HTTP-status message calls the file; its path when absent. */
  subject?: string;
  /** Who, in the CORS hint, may not be allowed to read the file. */
  corsHint: string;
  cancelled: string;
  /** What to do when the server stopped sending. */
  afterStall: string;
  tooLarge: (url: URL, maxBytes: number) => string;
}

export interface FetchCappedOptions {
  maxBytes: number;
  signal?: AbortSignal;
  onProgress?: FetchProgress;
  /** Why the address a redirect ended at is refused; null accepts it. */
  refuseLanding?: (landed: string) => string | null;
  /**
   * Refuse a body longer than its Content-Length, where the header counts the bytes read (not
   * content-encoded, not hidden by CORS): a bundle must arrive exactly as it was announced.
   */
  holdToContentLength?: boolean;
  fetchFn?: typeof fetch;
  wording?: FetchWording;
  /** Give up after this long without a byte; STALL_LIMIT_MS when absent. */
  stallMs?: number;
}

const DOWNLOAD_WORDING: FetchWording = {
  corsHint: 'downloads from other sites',
  cancelled: 'The download was cancelled; nothing was kept.',
  afterStall:
    'Nothing was kept. Try again later, or download the file yourself and import it from disk.',
  tooLarge: (url, maxBytes) =>
    `${url.pathname.split('/').pop() ?? 'The file'} is larger than the ${Math.round(maxBytes / 2 ** 20)} MB Gradlab downloads.`,
};

/** The bytes at `url`; never rejects. */
export async function fetchCapped(
  url: URL,
  options: FetchCappedOptions,
): Promise<Result<Uint8Array, FetchCappedError>> {
  const { signal, stallMs = STALL_LIMIT_MS } = options;
  const giveUp = new AbortController();
  let stalled = false;
  let arrived = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waitForBytes = (loaded: number) => {
    arrived = loaded;
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      giveUp.abort();
    }, stallMs);
  };
  waitForBytes(0);
  try {
    const read = await fetchWatched(
      url,
      options,
      AbortSignal.any([giveUp.signal, ...(signal ? [signal] : [])]),
      waitForBytes,
    );
    if (!stalled) return read;
    const wording = options.wording ?? DOWNLOAD_WORDING;
    return err(
      new DownloadError(
        `${url.host} sent nothing for ${Number((stallMs / 1000).toFixed(1))} seconds` +
          (arrived > 0 ? ` after ${formatBytes(arrived)}` : '') +
          `, so Gradlab stopped waiting for ${wording.subject ?? url.pathname.split('/').pop()}: ` +
          `the server or the connection has stopped. ${wording.afterStall}`,
        'stalled',
      ),
    );
  } finally {
    clearTimeout(timer);
  }
}

/** `fetchCapped` under `signal`, calling `onBytes` with the bytes so far whenever some arrive. */
async function fetchWatched(
  url: URL,
  options: FetchCappedOptions,
  signal: AbortSignal,
  onBytes: (loaded: number) => void,
): Promise<Result<Uint8Array, FetchCappedError>> {
  const { maxBytes, onProgress, refuseLanding, fetchFn = fetch } = options;
  const wording = options.wording ?? DOWNLOAD_WORDING;
  const cancelled = () => new DownloadError(wording.cancelled, 'cancelled');
  const tooLarge = () => new LimitExceededError(wording.tooLarge(url, maxBytes), 'bytes');
  let response: Response;
  try {
    response = await fetchFn(url, { credentials: 'omit', cache: 'no-store', signal });
  } catch (error) {
    if (signal.aborted) return err(cancelled());
    return err(
      new DownloadError(
        `Could not reach ${url.host} (${error instanceof Error ? error.message : String(error)}). ` +
          `Check the connection; if the address opens in a browser tab, the server may not allow ` +
          `${wording.corsHint} (CORS).`,
        'network',
      ),
    );
  }
  onBytes(0);
  const refused = refuseLanding?.(response.url || url.href) ?? null;
  if (refused) {
    return err(new DownloadError(`${url.host} redirected elsewhere: ${refused}`, 'refused-url'));
  }
  if (!response.ok) {
    return err(
      new DownloadError(
        `${url.host} answered ${response.status} ${response.statusText} for ` +
          `${wording.subject ?? url.pathname}.` +
          (response.status === 404 ? ' Check the address.' : ' Try again later.'),
        response.status === 404 ? 'not-found' : 'http-status',
      ),
    );
  }
  const header = Number(response.headers.get('content-length'));
  const total = Number.isSafeInteger(header) && header > 0 ? header : null;
  // Even a content-encoded length is a floor under the bytes that will be read.
  if (total !== null && total > maxBytes) return err(tooLarge());
  const announced = options.holdToContentLength ? exactLength(response) : null;
  const reader = response.body?.getReader();
  if (!reader) return err(new DownloadError(`${url.host} sent no body.`, 'network'));

  const parts: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.length;
      onBytes(loaded);
      if (loaded > maxBytes) {
        await reader.cancel();
        return err(tooLarge());
      }
      if (announced !== null && loaded > announced) {
        await reader.cancel();
        return err(
          new DataFormatError(
            `${url.host} sent more bytes than the ${announced} its Content-Length header ` +
              'announced, so the response is damaged or tampered with. Nothing was opened.',
            'content-length-exceeded',
          ),
        );
      }
      parts.push(value);
      onProgress?.(loaded, total);
    }
  } catch {
    if (signal.aborted) return err(cancelled());
    return err(new DownloadError(`The download from ${url.host} broke off. Try again.`, 'network'));
  }
  return ok(concatBytes(parts, loaded));
}

/**
 * The Content-Length the body must not exceed, or null when it cannot be held to one: none was
 * sent, or the body may be content-encoded (then the header counts the compressed bytes), which
 * a cross-origin response does not let the page see.
 */
function exactLength(response: Response): number | null {
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (!Number.isSafeInteger(length) || length < 0) return null;
  const encoding = response.headers.get('content-encoding');
  if (encoding !== null && encoding !== 'identity') return null;
  return response.type === 'cors' ? null : length;
}
