/**
 * The order of the review queue: which validation examples a person should look at first to find
 * wrong labels. An example the model gets wrong while being sure of its answer is the likeliest
 * label error (the model learnt the class from the many others, and this one disagrees); then come
 * the examples it is least sure of, right or wrong. Examples it gets right and is sure of are not
 * worth a look and are left out.
 */

/** What the queue is ordered by: each example's actual and predicted class, and confidence. */
export interface ReviewedExamples {
  actual: ArrayLike<number>;
  predicted: ArrayLike<number>;
  /** The probability the model gave its predicted class. */
  confidence: ArrayLike<number>;
}

/** Certainty at or above which a wrong answer counts as a likely label error. */
export const SURE = 0.5;

/**
 * How far the predicted class's probability is from a guess (1 / classes) towards certainty:
 * 0 for a guess, 1 for certain. It makes one threshold mean the same for 2 classes as for 10.
 */
export function certainty(confidence: number, numClasses: number): number {
  const chance = 1 / Math.max(2, numClasses);
  const value = (confidence - chance) / (1 - chance);
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/**
 * Indices into the examples' arrays, the order to review them in: wrong answers given with
 * certainty >= SURE, most certain first; then every other wrong answer and every right answer
 * with certainty < SURE, least certain first (a wrong one before a right one when as certain).
 * Ties keep the examples' own order.
 */
export function reviewOrder(examples: ReviewedExamples, numClasses: number): number[] {
  const { actual, predicted, confidence } = examples;
  const n = Math.min(actual.length, predicted.length, confidence.length);
  const sure = (i: number) => certainty(confidence[i] ?? 0, numClasses);
  const wrong = (i: number) => actual[i] !== predicted[i];
  const likelyErrors: number[] = [];
  const unsure: number[] = [];
  for (let i = 0; i < n; i++) {
    if (wrong(i) && sure(i) >= SURE) likelyErrors.push(i);
    else if (wrong(i) || sure(i) < SURE) unsure.push(i);
  }
  likelyErrors.sort((a, b) => sure(b) - sure(a) || a - b);
  unsure.sort((a, b) => sure(a) - sure(b) || Number(wrong(b)) - Number(wrong(a)) || a - b);
  return [...likelyErrors, ...unsure];
}
