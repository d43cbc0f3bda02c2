/**
 * The data worker's `readBundle` job: bundle/read.ts under the job's cancel signal, its download
 * or file read reported as progress, and the answer's bytes transferred to the page, not copied.
 * The bundle goes to the page validated and migrated: checking a large one there held the page
 * (263 ms for a 2 MB notebook of text).
 */
import { readBundle } from '../../src/core/bundle/read';
import type { DataCommand, DataEvent } from '../../src/core/data-protocol';
import type { GradlabError } from '../../src/core/errors';
import { ok, type Result } from '../../src/core/result';
import type { JobContext } from './context';

type Post = (event: DataEvent, transfer?: Transferable[]) => void;

export async function readBundleJob(
  command: Extract<DataCommand, { type: 'readBundle' }>,
  signal: AbortSignal,
  progress: JobContext['progress'],
  post: Post,
): Promise<Result<true, GradlabError>> {
  const { source, requestId, stallMs } = command;
  if (source.kind === 'file') progress('read', 0, source.blob.size);
  const read = await readBundle(source, {
    signal,
    onProgress: (loaded, total) => progress('download', loaded, total),
    ...(stallMs === undefined ? {} : { stallMs }),
  });
  if (!read.ok) return read;
  const { bundle, extras, datasets } = read.value;
  // Entries stored uncompressed share the file's buffer: each buffer goes once.
  const buffers = new Set<ArrayBuffer>();
  for (const bytes of Object.values(extras)) buffers.add(bytes.buffer as ArrayBuffer);
  for (const dataset of datasets) buffers.add(dataset.bytes.buffer as ArrayBuffer);
  post(
    {
      type: 'bundleRead',
      requestId,
      bundle,
      extras: Object.entries(extras).map(([path, bytes]) => ({ path, bytes })),
      datasets,
    },
    [...buffers],
  );
  return ok(true);
}
