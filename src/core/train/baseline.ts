/**
 * What a number means: the score of a model that ignores its inputs and always gives the same
 * answer, learnt from the training split and scored where the model is (the validation split, or
 * the training split when there is none). For classes it always answers the most common training
 * class ("always 'no strike damage' gets 89.4%"); for a regression target it always predicts the
 * training mean, and its typical error is what a model's must fall below. For next-token
 * prediction it is a bigram model (bigram.ts): its loss is what a model's must fall below to have
 * used more than the previous token.
 *
 * The training worker computes it, as it alone holds the split for generated and stored data alike
 * (the page knows a stored dataset's class counts only over all its rows).
 */
import type { Dataset } from '../data/dataset';
import type { Baseline } from '../protocol';
import { bigramLoss } from './bigram';
import { typicalError } from './typical-error';

/** The baseline of `train` scored on `validation` (or on `train` without one); null without rows. */
export function baselineOf(train: Dataset, validation: Dataset | null): Baseline | null {
  const judged = validation ?? train;
  const judgedOn = validation === null ? 'training' : 'validation';
  if (train.n === 0 || judged.n === 0) return null;
  if (train.task === 'classification' && judged.task === 'classification') {
    const classIndex = majorityClass(train.labels, train.numClasses);
    let hits = 0;
    for (const label of judged.labels) if (label === classIndex) hits++;
    return { kind: 'majority', classIndex, accuracy: hits / judged.n, judgedOn };
  }
  if (train.task === 'regression' && judged.task === 'regression') {
    const mean = meanOf(train.targets);
    const error = typicalError(judged.targets, mean);
    return Number.isFinite(mean) && Number.isFinite(error)
      ? { kind: 'mean', mean, error, judgedOn }
      : null;
  }
  if (train.task === 'sequence' && judged.task === 'sequence') {
    const loss = bigramLoss(train, judged);
    return loss !== null && Number.isFinite(loss) ? { kind: 'bigram', loss, judgedOn } : null;
  }
  return null;
}

/** The most frequent label; the lowest class among equals, so the answer does not depend on order. */
export function majorityClass(labels: Int32Array, numClasses: number): number {
  const counts = new Int32Array(Math.max(1, numClasses));
  for (const label of labels) {
    if (label >= 0 && label < counts.length) counts[label] = (counts[label] as number) + 1;
  }
  let best = 0;
  counts.forEach((count, c) => {
    if (count > (counts[best] as number)) best = c;
  });
  return best;
}

function meanOf(values: Float32Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
