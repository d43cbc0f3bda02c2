/**
 * The words that say what a number means: a regression error in the target's own units ("12.3
 * price_k"), and the baseline beside the model's figure ("Always answering ‘apple’ gets 36.7% of
 * the validation examples right; the model gets 95.0%."; for next-token prediction the loss of a
 * bigram model). Pure, so the wording is unit-tested.
 */
import type { Baseline } from '../../core/protocol';

/** Three significant digits, no exponent for everyday magnitudes: 12.3, 0.213, 2460. */
export function formatValue(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** A value in the target's units, named when the data names its target column. */
export function inUnits(value: number, targetName: string | null): string {
  return targetName ? `${formatValue(value)} ${targetName}` : formatValue(value);
}

/**
 * Both as percentages with one decimal, or two where one would show a different pair as equal
 * (89.95% against 89.94% is the difference the reader needs to see).
 */
function percents(a: number, b: number | null): [string, string | null] {
  const at = (digits: number) => (x: number) => `${(x * 100).toFixed(digits)}%`;
  const one = at(1);
  if (b === null) return [one(a), null];
  const digits = one(a) === one(b) && a !== b ? 2 : 1;
  return [at(digits)(a), at(digits)(b)];
}

export interface BaselineContext {
  /** How the majority class is named: "‘no strike damage’" or "class 2". */
  className: (index: number) => string;
  targetName: string | null;
  /** The model's figure on the same examples: accuracy, typical error or loss; null before one. */
  model: number | null;
}

/** One sentence: what always giving the same answer scores, and the model beside it. */
export function baselineSentence(baseline: Baseline, context: BaselineContext): string {
  const examples = `the ${baseline.judgedOn} examples`;
  const { model, targetName } = context;
  if (baseline.kind === 'majority') {
    const [always, ours] = percents(baseline.accuracy, model);
    const beside = ours === null ? '' : `; the model gets ${ours}`;
    return `Always answering ${context.className(baseline.classIndex)} gets ${always} of ${examples} right${beside}.`;
  }
  if (baseline.kind === 'bigram') {
    const ours = model === null ? '' : `; the model’s is ${formatValue(model)}`;
    return (
      `A bigram model: loss ${formatValue(baseline.loss)} on ${examples}, guessing each token ` +
      `from the one before it alone${ours}.`
    );
  }
  const beside = model === null ? '' : `; the model’s is ${inUnits(model, targetName)}`;
  return (
    `Always predicting the training mean, ${inUnits(baseline.mean, targetName)}, has a typical ` +
    `error of ${inUnits(baseline.error, targetName)} on ${examples}${beside}.`
  );
}
