/**
 * How a training job's DatasetRef becomes data. Generated datasets need nothing else; stored ones
 * need IndexedDB, so the worker passes a loader that reads it (workers/dataset-loader.ts).
 */
import { InvalidDatasetError, type GradlabError } from '../errors';
import { err, type Result } from '../result';
import type { Dataset, DatasetRef } from './dataset';
import { generate } from './generators';

export type LoadDataset = (ref: DatasetRef) => Promise<Result<Dataset, GradlabError>>;

export const loadGenerated: LoadDataset = (ref) =>
  Promise.resolve(
    ref.kind === 'builtin'
      ? generate(ref)
      : err(new InvalidDatasetError(`Loading a ${ref.kind} dataset needs the browser's storage.`)),
  );
