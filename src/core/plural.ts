/**
 * A count with its noun in the form that count takes ("1 cell", "2 cells", "1,000 points"), so no
 * count in the app reads "1 experiments". The UI is written in English; Intl.PluralRules picks the
 * form, so zero and fractions ("0 points", "1.5 epochs") read right too.
 */
const RULES = new Intl.PluralRules('en-US');
const NUMBER = new Intl.NumberFormat('en-US');

/** The noun for `n`: `one` when `n` is one, else `other` (by default `one` + "s"). */
export const nounFor = (n: number, one: string, other = `${one}s`): string =>
  RULES.select(n) === 'one' ? one : other;

/** `n` with thousands separators, then its noun: "1 class", "3 classes", "10,000 examples". */
export const counted = (n: number, one: string, other = `${one}s`): string =>
  `${NUMBER.format(n)} ${nounFor(n, one, other)}`;
