/**
 * What the model, the training settings and the editors need to know about a dataset before any of
 * its bytes are read: its name, kind, task, input shape, class count and size. A generated dataset
 * is known from its ref alone; a stored one from its record's header.
 */
import type { BuiltinDatasetRef, SequenceTaskRef, Tokenizer } from './dataset';
import { GENERATOR_INFO } from './generators';
import { SEQUENCE_TASK_INFO, sequenceLengthOf, sequenceTaskTokenizer } from './sequence-tasks';
import type { StoredDataset } from './stored-dataset';

export interface DatasetInfo {
  name: string;
  kind: 'points' | 'tabular' | 'image' | 'text';
  task: 'classification' | 'regression' | 'sequence';
  inputShape: number[];
  numClasses: number;
  /** Examples trained on (a stored dataset's `limit` applied). */
  n: number;
  /** Text datasets: how their token ids map to text (the embedding's inputDim is its size). */
  tokenizer?: Tokenizer;
}

const infoOfRef = new WeakMap<BuiltinDatasetRef, DatasetInfo>();

/** The same object for the same ref, so views that read it redraw only when it changes. */
export function builtinInfo(ref: BuiltinDatasetRef): DatasetInfo {
  let info = infoOfRef.get(ref);
  if (info === undefined) {
    info = describeBuiltin(ref);
    infoOfRef.set(ref, info);
  }
  return info;
}

function describeBuiltin(ref: BuiltinDatasetRef): DatasetInfo {
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

const infoOfRecord = new WeakMap<StoredDataset, Map<number | undefined, DatasetInfo>>();

/** The same object for the same record and limit, as builtinInfo. */
export function storedInfo(record: StoredDataset, limit: number | undefined): DatasetInfo {
  let byLimit = infoOfRecord.get(record);
  if (byLimit === undefined) {
    byLimit = new Map();
    infoOfRecord.set(record, byLimit);
  }
  let info = byLimit.get(limit);
  if (info === undefined) {
    info = describeStored(record, limit);
    byLimit.set(limit, info);
  }
  return info;
}

function describeStored(record: StoredDataset, limit: number | undefined): DatasetInfo {
  const { header } = record;
  const { tokenizer } = header;
  return {
    name: header.name,
    kind: header.kind,
    task: header.task,
    inputShape: header.inputShape,
    numClasses:
      header.task === 'sequence' ? (tokenizer?.vocab.length ?? 0) : header.classNames.length,
    n: Math.min(header.count, limit ?? header.count),
    ...(tokenizer === undefined ? {} : { tokenizer }),
  };
}

const infoOfSequenceRef = new WeakMap<SequenceTaskRef, DatasetInfo>();

/** A toy task's info from its ref alone, without generating it (the same object per ref). */
export function sequenceInfo(ref: SequenceTaskRef): DatasetInfo {
  let info = infoOfSequenceRef.get(ref);
  if (info === undefined) {
    const tokenizer = sequenceTaskTokenizer(ref);
    info = {
      name: SEQUENCE_TASK_INFO[ref.task].label,
      kind: 'text',
      task: 'sequence',
      inputShape: [sequenceLengthOf(ref.task, ref.params.length)],
      numClasses: tokenizer.vocab.length,
      n: ref.params.size,
      tokenizer,
    };
    infoOfSequenceRef.set(ref, info);
  }
  return info;
}
