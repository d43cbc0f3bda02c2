/**
 * The data editor's edits as new DatasetRefs: another generator (keeping the size and noise a
 * generated dataset had), a generator's parameters, a toy task or its parameters, a stored dataset, or how many of its examples
 * to use. The seed is the experiment's, which the reducer puts in.
 */
import type {
  BuiltinDatasetRef,
  DatasetRef,
  GeneratorName,
  GeneratorParams,
  SequenceTaskName,
  SequenceTaskParams,
  SequenceTaskRef,
} from '../../core/data/dataset';
import { GENERATOR_INFO } from '../../core/data/generators';
import { defaultSequenceRef } from '../../core/data/sequence-tasks';

const FIRST_POINTS: GeneratorParams = { size: 400, noise: 0.05 };

export function withGenerator(current: DatasetRef, generator: GeneratorName): BuiltinDatasetRef {
  const { size, noise } = current.kind === 'builtin' ? current.params : FIRST_POINTS;
  return {
    kind: 'builtin',
    generator,
    params: { size, noise, classes: GENERATOR_INFO[generator].defaultClasses },
    seed: current.kind === 'builtin' ? current.seed : 0,
  };
}

export const withParams = (
  ref: BuiltinDatasetRef,
  patch: Partial<GeneratorParams>,
): BuiltinDatasetRef => ({ ...ref, params: { ...ref.params, ...patch } });

/** Another toy task, with its own default params (a task's symbols fix its vocabulary). */
export function withSequenceTask(current: DatasetRef, task: SequenceTaskName): SequenceTaskRef {
  const seed = current.kind === 'builtin' || current.kind === 'sequence' ? current.seed : 0;
  return defaultSequenceRef(task, seed);
}

export const withSequenceParams = (
  ref: SequenceTaskRef,
  patch: Partial<SequenceTaskParams>,
): SequenceTaskRef => ({ ...ref, params: { ...ref.params, ...patch } });

/** Trains on the first `limit` examples of a stored dataset; null for all of them. */
export function withLimit(ref: DatasetRef, limit: number | null): DatasetRef {
  if (ref.kind === 'builtin' || ref.kind === 'sequence') return ref;
  const limited = { ...ref };
  if (limit === null) delete limited.limit;
  else limited.limit = limit;
  return limited;
}
