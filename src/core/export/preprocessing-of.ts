/**
 * The Preprocessing value (preprocessing.json) of a dataset: from a generated dataset's ref, or
 * from a stored dataset's record (tables, images; the shipped iris is a stored CSV import and
 * mnist-10k stored packed images). A table stored before its import kept the exact statistics
 * gets them derived from the column summaries: exact only when no row was left out, since the
 * summaries count every row and the import's statistics only the rows with a target.
 */
import { emptyColumnNote, MAX_ONE_HOT, wideColumnNote } from '../data/csv/tabular';
import type { BuiltinDatasetRef, DatasetRef } from '../data/dataset';
import type { DatasetInfo } from '../data/info';
import { GENERATOR_INFO } from '../data/generators';
import type { ColumnInfo, StoredDataset } from '../data/stored-dataset';
import { PREPROCESSING_FORMAT, type PreprocessedColumn, type Preprocessing } from './preprocessing';

/**
 * The preprocessing of the data a ref names: generated points from the ref itself, text (toy
 * tasks and stored text alike) from its tokenizer, anything else from its stored record (null
 * when it is not known yet).
 */
export function preprocessingOf(
  ref: DatasetRef,
  record: StoredDataset | null,
  info: DatasetInfo | null = null,
): Preprocessing | null {
  if (ref.kind === 'builtin') return pointsPreprocessing(ref);
  if (info?.tokenizer !== undefined) {
    const classNames =
      record?.header.classNames ?? Array.from({ length: info.numClasses }, (_, i) => String(i));
    return textPreprocessing({ ...info, classNames }, info.tokenizer);
  }
  return record === null ? null : storedPreprocessing(record);
}

/**
 * Token ids fed as they are: a sequence model predicts a token of the vocabulary at every
 * position (its classes are the tokens); a text classifier its dataset's classes.
 */
export function textPreprocessing(
  info: Pick<DatasetInfo, 'task' | 'inputShape'> & { classNames: readonly string[] },
  tokenizer: NonNullable<DatasetInfo['tokenizer']>,
): Preprocessing {
  return {
    format: PREPROCESSING_FORMAT,
    kind: 'text',
    task: info.task,
    inputShape: [...info.inputShape],
    classNames: info.task === 'sequence' ? [...tokenizer.vocab] : [...info.classNames],
    targetName: null,
    tokenizer: { kind: tokenizer.kind, vocab: [...tokenizer.vocab] },
  };
}

/** The feature names of generated points, in input order. */
export const POINT_FEATURES = ['x', 'y'] as const;

/** Generated points are fed as they are: (x, y) for classification, x for regression. */
export function pointsPreprocessing(ref: BuiltinDatasetRef): Preprocessing {
  const generator = GENERATOR_INFO[ref.generator];
  const classification = generator.task === 'classification';
  const classes = classification ? (ref.params.classes ?? generator.defaultClasses) : 0;
  const features = classification ? [...POINT_FEATURES] : [POINT_FEATURES[0]];
  return {
    format: PREPROCESSING_FORMAT,
    kind: 'points',
    task: generator.task,
    inputShape: [features.length],
    // The app names a generated class by its index, as the legend and the confusion matrix do.
    classNames: Array.from({ length: classes }, (_, i) => `class ${i}`),
    targetName: classification ? null : 'y',
    features,
  };
}

/** A stored dataset's preprocessing, read from its record (the bytes are not needed). */
export function storedPreprocessing(record: StoredDataset): Preprocessing {
  const { header } = record;
  const base: Pick<Preprocessing, 'format' | 'task' | 'inputShape' | 'classNames' | 'targetName'> =
    {
      format: PREPROCESSING_FORMAT,
      task: header.task,
      inputShape: [...header.inputShape],
      classNames: [...header.classNames],
      targetName: header.targetName ?? null,
    };
  if (header.tokenizer !== undefined) return textPreprocessing(base, header.tokenizer);
  if (header.kind === 'image') {
    const [height = 1, width = 1, channels = 1] = header.inputShape;
    return {
      ...base,
      kind: 'image',
      height,
      width,
      channels: channels === 3 ? 3 : 1,
      // toDataset reads uint8 pixels as value / 255; float32 ones are fed as stored.
      scale: header.xType === 'uint8' ? 255 : 1,
    };
  }
  if (header.kind === 'tabular') {
    const exact = record.encoding !== undefined || droppedNoRow(record);
    return {
      ...base,
      kind: 'tabular',
      columns: record.encoding ?? derivedColumns(record.columns ?? [], header, header.targetName),
      featureNames: [...header.featureNames],
      exact,
    };
  }
  // Points stored in a file are fed as stored, one feature per name.
  return { ...base, kind: 'points', features: [...header.featureNames] };
}

/**
 * Whether every row of the file was kept (each had a target), so the summaries' statistics are
 * the import's: then the class counts (or the count) equal the rows summarised.
 */
function droppedNoRow(record: StoredDataset): boolean {
  const target = record.columns?.find((c) => c.name === record.header.targetName);
  return target !== undefined && target.missing === 0;
}

/**
 * Each column's encoding read back from the summaries and the feature names the import wrote:
 * a numeric column kept as one feature named as itself, a categorical one as `name=value`
 * features in its category order, anything else left out (the reason said as the import says
 * it). The mean and std are those of every row, the import's when no row was left out.
 */
function derivedColumns(
  columns: readonly ColumnInfo[],
  header: StoredDataset['header'],
  targetName: string | undefined,
): PreprocessedColumn[] {
  const features = header.featureNames;
  let next = 0;
  return columns.map((column): PreprocessedColumn => {
    const { name } = column;
    if (name === targetName) return { name, kind: 'target' };
    if (column.type === 'numeric' && features[next] === name) {
      next++;
      const std = column.std ?? 0;
      return { name, kind: 'numeric', mean: column.mean ?? 0, std: std > 0 ? std : 1 };
    }
    if (column.type === 'categorical') {
      const prefix = `${name}=`;
      const categories: string[] = [];
      let missing = false;
      while (features[next]?.startsWith(prefix)) {
        const value = (features[next] as string).slice(prefix.length);
        next++;
        if (value === '(missing)' && !features[next]?.startsWith(prefix)) missing = true;
        else categories.push(value);
      }
      if (categories.length > 0 || missing) {
        return { name, kind: 'one-hot', categories, missing };
      }
      if (column.distinct > MAX_ONE_HOT) {
        return { name, kind: 'dropped', reason: wideColumnNote(name, column.distinct) };
      }
    }
    if (column.type === 'empty') return { name, kind: 'dropped', reason: emptyColumnNote(name) };
    return { name, kind: 'dropped', reason: `Column '${name}' was left out by the import.` };
  });
}
