/**
 * Reading a shared bundle in the data worker, where core/bundle/read.ts downloads, unzips,
 * inflates, hashes, validates and migrates it, so that no file, however large or hostile, holds
 * the page; the page takes the validated bundle the worker sends back (the bridge checks that it
 * is one, as it checks every message).
 *
 * With `?testHooks=1`, `&stallMs=N` shortens how long a download may go without a byte, so an
 * e2e test of a stalled server need not wait the full limit.
 */
import type { ImportSource, OpenedBundle } from '../../core/bundle/read';
import type { Bundle } from '../../core/bundle/schema';
import type { FetchProgress } from '../../core/fetch-capped';
import { ok, type Result } from '../../core/result';
import { requestData } from '../data/data-client';

export interface ReadOptions {
  signal: AbortSignal;
  /** Bytes downloaded or read so far, and of how many when known. */
  onProgress: FetchProgress;
}

/** How the import slice reads a bundle: in the worker here, in-process in Node tests. */
export type ReadBundle = (
  source: ImportSource,
  options: ReadOptions,
) => Promise<Result<OpenedBundle, Error>>;

function testStallMs(): number | null {
  const params = new URLSearchParams(window.location.search);
  const value = Number(params.get('stallMs'));
  return params.get('testHooks') === '1' && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * The bundle with its keyed maps as validateBundle makes them, without a prototype (a structured
 * clone gives them Object's), so no key such as `toString` ever seems present.
 */
function withBareMaps(bundle: Bundle): Bundle {
  const bare = <T>(map: Record<string, T>): Record<string, T> =>
    Object.assign(Object.create(null) as Record<string, T>, map);
  const out: Bundle = { ...bundle, datasets: bare(bundle.datasets) };
  if (bundle.weights !== undefined) out.weights = bare(bundle.weights);
  return out;
}

export const readBundleInWorker: ReadBundle = async (source, { signal, onProgress }) => {
  const stallMs = testStallMs();
  const job = requestData(
    { type: 'readBundle', source, ...(stallMs === null ? {} : { stallMs }) },
    (progress) => onProgress(progress.loaded, progress.total),
  );
  signal.addEventListener('abort', () => job.cancel(), { once: true });
  const done = await job.done;
  if (!done.ok) return done;
  return ok({
    bundle: withBareMaps(done.value.bundle),
    // Object.fromEntries defines own properties, so no entry name can reach a prototype.
    extras: Object.fromEntries(done.value.extras.map(({ path, bytes }) => [path, bytes])),
    datasets: done.value.datasets,
  });
};
