/**
 * How far a regression model's predictions typically are from the truth: the root-mean-square
 * error, in the target's own units. Gradlab never standardises a regression target (a CSV's
 * target column is kept as it is, see data/csv/tabular.ts; the noisy sine is generated in its own
 * units), so nothing has to be undone: the error of the values the model predicts is already in
 * "mpg" or "price_k".
 */

/**
 * The root-mean-square of `predicted - actual` over the pairs both have (`predicted` may be one
 * value for every example, as a baseline predicts). NaN when there is no pair; NaN or infinite
 * when a prediction is (a diverged model), which the page shows as no value.
 */
export function typicalError(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number> | number,
): number {
  const n =
    typeof predicted === 'number' ? actual.length : Math.min(actual.length, predicted.length);
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const guess = typeof predicted === 'number' ? predicted : (predicted[i] as number);
    const miss = guess - (actual[i] as number);
    sum += miss * miss;
  }
  return Math.sqrt(sum / n);
}
