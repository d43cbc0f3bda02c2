import { describe, expect, it } from 'vitest';
import type { SequenceDataset } from '../data/dataset';
import { bigramLoss, bigramProbability, fitBigram } from './bigram';

/** Ids: 0 padding, 1 unknown, 2 boundary, 3 'a', 4 'b'. */
const VOCAB = ['', '?', '|', 'a', 'b'];

/** Names as `| name |` cut into x = tokens[0..T-1], targets = tokens[1..T], padded to T = 4. */
function names(list: string[]): SequenceDataset {
  const length = 4;
  const x = new Float32Array(list.length * length);
  const targets = new Int32Array(list.length * length);
  list.forEach((name, row) => {
    const tokens = [2, ...[...name].map((c) => VOCAB.indexOf(c)), 2];
    for (let t = 0; t < length; t++) {
      x[row * length + t] = tokens[t] ?? 0;
      targets[row * length + t] = tokens[t + 1] ?? 0;
    }
  });
  return {
    task: 'sequence',
    n: list.length,
    inputShape: [length],
    x,
    targets,
    numClasses: VOCAB.length,
    tokenizer: { kind: 'char', vocab: VOCAB },
  };
}

describe('the bigram baseline', () => {
  const train = names(['ab', 'aa']);

  it('counts (previous token -> target) pairs where the target is not padding', () => {
    // |a b| and |a a|: | -> a twice; a -> b, a -> a, a -> |; b -> |. The last position of each
    // row (| -> padding) is not a pair.
    const counts = fitBigram(train);
    const at = (a: number, b: number) => counts.pairs[a * 5 + b];
    expect([at(2, 3), at(3, 4), at(3, 3), at(3, 2), at(4, 2)]).toEqual([2, 1, 1, 1, 1]);
    expect(Array.from(counts.rows)).toEqual([0, 0, 2, 3, 1]);
    expect(counts.pairs.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('smooths with add-one over the whole vocabulary', () => {
    const counts = fitBigram(train);
    expect(bigramProbability(counts, 2, 3)).toBeCloseTo(3 / 7, 12);
    expect(bigramProbability(counts, 2, 4)).toBeCloseTo(1 / 7, 12);
    // A token never seen before anything: uniform.
    expect(bigramProbability(counts, 1, 4)).toBeCloseTo(1 / 5, 12);
    for (let a = 0; a < 5; a++) {
      let total = 0;
      for (let b = 0; b < 5; b++) total += bigramProbability(counts, a, b);
      expect(total).toBeCloseTo(1, 12);
    }
  });

  it('scores the validation split in nats over its positions with a target', () => {
    // |b|: | -> b with p = (0 + 1) / (2 + 5) = 1/7, b -> | with p = (1 + 1) / (1 + 5) = 1/3.
    expect(bigramLoss(train, names(['b']))).toBeCloseTo(Math.log(21) / 2, 12);
  });

  it('on its own training split it beats a uniform guess', () => {
    const loss = bigramLoss(train, train);
    const expected = -(2 * Math.log(3 / 7) + 3 * Math.log(2 / 8) + Math.log(2 / 6)) / 6;
    expect(loss).toBeCloseTo(expected, 12);
    expect(loss).toBeLessThan(Math.log(5));
  });

  it('an empty name is scored on its closing boundary alone', () => {
    // | -> | was never seen after |: p = (0 + 1) / (2 + 5).
    expect(bigramLoss(train, names(['']))).toBeCloseTo(Math.log(7), 12);
  });

  it('is null without a position to score or across vocabularies', () => {
    const empty = { ...names([]), n: 0 };
    expect(bigramLoss(train, empty)).toBeNull();
    expect(bigramLoss(train, { ...names(['a']), numClasses: 6 })).toBeNull();
  });
});
