/**
 * What the model, the training settings and the editors need to know about a dataset before any of
 * its bytes are read: its name, kind, task, input shape, class count and size. A generated dataset
 * is known from its ref alone; a stored one from its record's header.
 */
import type { BuiltinDatasetRef } from './dataset';
import { GENERATOR_INFO } from './generators';
import type { StoredDataset } from './stored-dataset';

export interface DatasetInfo {
  name: string;
  kind: 'points' | 'tabular' | 'image';
  task: 'classification' | 'regression';
  inputShape: number[];
  numClasses: number;
  /** Examples trained on (a stored dataset's `limit` applied). */
  n: number;
}

export function builtinInfo(ref: BuiltinDatasetRef): DatasetInfo {
  const generator = GENERATOR_INFO[ref.generator];
  const classification = generator.task === 'classification';
  return {
    name: generator.label,
    kind: 'points',
    task: generator.task,
    inputShape: classification ? [2] : [1],
    numClasses: classification ? (ref.params.classes ?? generator.defaultClasses) : 0,
    n: ref.params.size,
  };
}

export function storedInfo(record: StoredDataset, limit: number | undefined): DatasetInfo {
  const { header } = record;
  return {
    name: header.name,
    kind: header.kind,
    task: header.task,
    inputShape: header.inputShape,
    numClasses: header.classNames.length,
    n: Math.min(header.count, limit ?? header.count),
  };
}
