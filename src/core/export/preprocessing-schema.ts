/**
 * Validators for the Preprocessing value where it arrives as untrusted JSON: a stored dataset
 * record crossing from the data worker, a bundle's dataset details, a preprocessing.json.
 */
import * as v from 'valibot';
import { PREPROCESSING_FORMAT, type PreprocessedColumn, type Preprocessing } from './preprocessing';

const text = v.string();
const finite = v.pipe(v.number(), v.finite());
const size = v.pipe(v.number(), v.integer(), v.minValue(1));

export const PreprocessedColumnSchema: v.GenericSchema<unknown, PreprocessedColumn> = v.variant(
  'kind',
  [
    v.object({
      name: text,
      kind: v.literal('numeric'),
      mean: finite,
      std: v.pipe(finite, v.gtValue(0)),
    }),
    v.object({
      name: text,
      kind: v.literal('one-hot'),
      categories: v.array(text),
      missing: v.boolean(),
    }),
    v.object({ name: text, kind: v.literal('target') }),
    v.object({ name: text, kind: v.literal('dropped'), reason: text }),
  ],
);

const base = {
  format: v.literal(PREPROCESSING_FORMAT),
  task: v.picklist(['classification', 'regression', 'sequence']),
  inputShape: v.pipe(v.array(size), v.minLength(1)),
  classNames: v.array(text),
  targetName: v.nullable(text),
};

export const PreprocessingSchema: v.GenericSchema<unknown, Preprocessing> = v.variant('kind', [
  v.object({ ...base, kind: v.literal('points'), features: v.array(text) }),
  v.object({
    ...base,
    kind: v.literal('tabular'),
    columns: v.array(PreprocessedColumnSchema),
    featureNames: v.array(text),
    exact: v.boolean(),
  }),
  v.object({
    ...base,
    kind: v.literal('image'),
    height: size,
    width: size,
    channels: v.picklist([1, 3]),
    scale: v.pipe(finite, v.gtValue(0)),
  }),
  v.object({
    ...base,
    kind: v.literal('text'),
    tokenizer: v.object({ kind: v.picklist(['char', 'word']), vocab: v.array(text) }),
  }),
]);
