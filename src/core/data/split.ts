/** Seeded train/validation splits and copying the chosen rows out of a dataset. */
import type { Dataset, Split } from './dataset';
import { createRng, deriveSeed, shuffledIndices } from './rng';

/** Keeps the split's shuffle unrelated to a generator or initialiser fed the same seed. */
const SPLIT_SALT = 0x5e1177;

export const MAX_VALIDATION_FRACTION = 0.9;

/**
 * Holds out round(n * validationFraction) shuffled rows for validation: at least one when the
 * fraction is above 0, and never all of them, so training always has a row.
 */
export function splitIndices(n: number, validationFraction: number, seed: number): Split {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Row count must be >= 0, got ${n}.`);
  if (!(validationFraction >= 0 && validationFraction <= MAX_VALIDATION_FRACTION)) {
    throw new RangeError(`Validation fraction must be in [0, 0.9], got ${validationFraction}.`);
  }
  const order = shuffledIndices(n, createRng(deriveSeed(seed, SPLIT_SALT)));
  const held =
    validationFraction === 0 || n < 2
      ? 0
      : Math.min(n - 1, Math.max(1, Math.round(n * validationFraction)));
  return { validation: order.slice(0, held), train: order.slice(held) };
}

/** A new dataset of the given rows, in that order, with its own buffers (safe to transfer). */
export function takeRows(dataset: Dataset, rows: Int32Array): Dataset {
  const width = dataset.inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows.length * width);
  for (const [i, row] of rows.entries()) {
    if (row < 0 || row >= dataset.n) {
      throw new RangeError(`Row ${row} is outside a dataset of ${dataset.n} rows.`);
    }
    x.set(dataset.x.subarray(row * width, (row + 1) * width), i * width);
  }
  const base = { n: rows.length, inputShape: [...dataset.inputShape], x };
  switch (dataset.task) {
    case 'classification': {
      const labels = rows.map((row) => dataset.labels[row] as number);
      const { numClasses, tokenizer } = dataset;
      return {
        ...base,
        task: 'classification',
        labels,
        numClasses,
        ...(tokenizer === undefined ? {} : { tokenizer }),
      };
    }
    case 'sequence': {
      // A target per position, like x.
      const targets = new Int32Array(rows.length * width);
      for (const [i, row] of rows.entries()) {
        targets.set(dataset.targets.subarray(row * width, (row + 1) * width), i * width);
      }
      const { numClasses, tokenizer } = dataset;
      return { ...base, task: 'sequence', targets, numClasses, tokenizer };
    }
    case 'regression': {
      const targets = Float32Array.from(rows, (row) => dataset.targets[row] as number);
      return { ...base, task: 'regression', targets };
    }
  }
}

/** The first `count` examples, in order (a quick run on part of a big dataset). */
export function firstRows(dataset: Dataset, count: number): Dataset {
  return takeRows(
    dataset,
    Int32Array.from({ length: Math.min(count, dataset.n) }, (_, i) => i),
  );
}
