/**
 * The bigram baseline of a sequence dataset: the loss of a model that predicts each token from the
 * one before it alone, so students see what a sequence model must beat to have used more context.
 *
 * It counts (previous token -> target) pairs over the training split, where the previous token of
 * the target at position t is the input at t (a sequence dataset's x is its tokens shifted right by
 * one), with add-one (Laplace) smoothing over the whole vocabulary: P(b | a) = (count(a, b) + 1) /
 * (count(a) + V). Its loss is the mean of -ln P(target | previous), in nats, over the same
 * positions the model's next-token loss counts: those whose target is not PAD_ID.
 */
import { PAD_ID, type SequenceDataset } from '../data/dataset';

/** Pair counts of a vocabulary of `size` tokens: row = previous token, column = target. */
export interface BigramCounts {
  size: number;
  pairs: Float64Array;
  /** How many pairs start with each token. */
  rows: Float64Array;
}

/** Ids outside the vocabulary (which a valid dataset never holds) are left out, not counted. */
const inVocabulary = (id: number, size: number) => Number.isInteger(id) && id >= 0 && id < size;

/** Calls `visit(previous, target)` for each position whose target is not padding. */
function forEachPair(data: SequenceDataset, visit: (previous: number, target: number) => void) {
  const size = data.numClasses;
  const count = Math.min(data.x.length, data.targets.length);
  for (let i = 0; i < count; i++) {
    const target = data.targets[i] as number;
    const previous = data.x[i] as number;
    if (target !== PAD_ID && inVocabulary(target, size) && inVocabulary(previous, size)) {
      visit(previous, target);
    }
  }
}

export function fitBigram(train: SequenceDataset): BigramCounts {
  const size = train.numClasses;
  const pairs = new Float64Array(size * size);
  const rows = new Float64Array(size);
  forEachPair(train, (previous, target) => {
    const at = previous * size + target;
    pairs[at] = (pairs[at] as number) + 1;
    rows[previous] = (rows[previous] as number) + 1;
  });
  return { size, pairs, rows };
}

/** The smoothed probability of `target` after `previous`. */
export function bigramProbability(counts: BigramCounts, previous: number, target: number): number {
  const pair = counts.pairs[previous * counts.size + target] ?? 0;
  return (pair + 1) / ((counts.rows[previous] ?? 0) + counts.size);
}

/**
 * The mean next-token loss in nats of the bigram fitted on `train`, over `judged`'s positions with
 * a target; null when there is none or the two do not share a vocabulary.
 */
export function bigramLoss(train: SequenceDataset, judged: SequenceDataset): number | null {
  if (train.numClasses !== judged.numClasses || train.numClasses < 1) return null;
  const counts = fitBigram(train);
  let sum = 0;
  let positions = 0;
  forEachPair(judged, (previous, target) => {
    sum -= Math.log(bigramProbability(counts, previous, target));
    positions += 1;
  });
  return positions > 0 ? sum / positions : null;
}
