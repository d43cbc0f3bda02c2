/**
 * How a training job's dataset becomes data. Generated datasets (points, toy sequence tasks) need
 * nothing else; stored ones need IndexedDB, so the worker passes a loader that reads it
 * (workers/dataset-loader.ts). A job names only what the worker can load (LoadableDatasetRef): the page stores a bundle's downloaded
 * or inline dataset before it trains on it.
 */
import { InvalidDatasetError, type GradlabError } from '../errors';
import { err, type Result } from '../result';
import type { Dataset, DatasetRef, LoadableDatasetRef } from './dataset';
import { generate } from './generators';
import { generateSequenceTask } from './sequence-tasks';

export type LoadDataset = (ref: LoadableDatasetRef) => Promise<Result<Dataset, GradlabError>>;

/** The ref as one the worker loads, or why a job cannot name it. */
export function loadableRef(ref: DatasetRef): Result<LoadableDatasetRef, InvalidDatasetError> {
  return ref.kind === 'url' || ref.kind === 'inline'
    ? err(
        new InvalidDatasetError(
          `The training worker loads generated or stored datasets, not a ${ref.kind} one: ` +
            'store it first.',
        ),
      )
    : { ok: true, value: ref };
}

export const loadGenerated: LoadDataset = (ref) =>
  Promise.resolve(
    ref.kind === 'builtin'
      ? generate(ref)
      : ref.kind === 'sequence'
        ? generateSequenceTask(ref)
        : err(
            new InvalidDatasetError(`Loading a ${ref.kind} dataset needs the browser's storage.`),
          ),
  );

/** Whether a ref is made from its params and seed alone (no storage involved). */
export const isGeneratedRef = (
  ref: DatasetRef,
): ref is Extract<DatasetRef, { kind: 'builtin' | 'sequence' }> =>
  ref.kind === 'builtin' || ref.kind === 'sequence';
