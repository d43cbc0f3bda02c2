/** Which validation examples a view shows, and in what order. */
import type { Insights } from '../train/slice';

export type Examples = NonNullable<Insights['examples']>;

/**
 * Misclassified examples first, the most confidently wrong leading (they teach the most); then
 * the correct ones, least confident first. Returns indices into the examples' arrays.
 */
export function predictionOrder(examples: Examples): number[] {
  const { actual, predicted, confidence } = examples;
  const wrong = (i: number) => actual[i] !== predicted[i];
  const sure = (i: number) => confidence[i] ?? 0;
  return Array.from({ length: examples.rows.length }, (_, i) => i).sort((a, b) => {
    if (wrong(a) !== wrong(b)) return wrong(a) ? -1 : 1;
    return wrong(a) ? sure(b) - sure(a) : sure(a) - sure(b);
  });
}

/** The examples one confusion-matrix cell counts, the most confident first. */
export function cellExamples(examples: Examples, actual: number, predicted: number): number[] {
  const indices: number[] = [];
  for (let i = 0; i < examples.rows.length; i++) {
    if (examples.actual[i] === actual && examples.predicted[i] === predicted) indices.push(i);
  }
  return indices.sort((a, b) => (examples.confidence[b] ?? 0) - (examples.confidence[a] ?? 0));
}

/** The k most probable classes of a model output, most probable first. */
export function topClasses(
  output: Float32Array,
  classNames: readonly string[],
  k: number,
): { name: string; probability: number }[] {
  return Array.from(output, (probability, i) => ({ name: classNames[i] ?? String(i), probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}

/** A percentage for people: "97%", or "<1%" rather than a misleading "0%". */
export function percent(p: number): string {
  const value = Math.round(p * 100);
  return value === 0 && p > 0 ? '<1%' : `${value}%`;
}
